/**
 * The rules for a message we start ourselves (a quotation follow-up, a back-in-stock notice):
 * whether it may go at all, and as what. Pure, so each rule is unit-tested on its own.
 *
 * - Never to a customer who opted out, never while (or after, for a follow-up) a manager has the chat.
 * - At most one per customer in any 24 hours, and at most `dailyCap` across the shop per UTC day.
 * - Inside the channel's free-form window (WhatsApp: 24 h since the customer's last message) it is
 *   a normal message; outside it only an approved template, chosen in settings; without one, nothing.
 */
export const CUSTOMER_CAP_MS = 24 * 60 * 60_000;

export type SkipReason = "opted_out" | "handoff" | "no_template" | "customer_cap" | "daily_cap" | "not_open";

export type ProactiveDecision =
  | { send: "text" }
  | { send: "template"; templateId: string }
  /** `retryAt`: a cap that lifts later (try again then); absent: final, recorded with its reason. */
  | { send: "none"; reason: SkipReason; retryAt?: number };

export interface ProactiveInput {
  now: number;
  optedOut: boolean;
  handoff: boolean;
  /** The last proactive message this customer got (any chat), or null. */
  lastProactiveAt: number | null;
  sentToday: number;
  dailyCap: number;
  /** The channel's free-form window; null when it has none (Telegram). */
  windowMs: number | null;
  lastCustomerAt: number | null;
  /** The approved template chosen in settings for this kind of message, or null. */
  templateId: string | null;
}

export function decideProactive(input: ProactiveInput): ProactiveDecision {
  if (input.optedOut) return { send: "none", reason: "opted_out" };
  if (input.handoff) return { send: "none", reason: "handoff" };
  const windowOpen = insideWindow(input.windowMs, input.lastCustomerAt, input.now);
  if (!windowOpen && !input.templateId) return { send: "none", reason: "no_template" };
  if (input.lastProactiveAt !== null && input.now - input.lastProactiveAt < CUSTOMER_CAP_MS) {
    return { send: "none", reason: "customer_cap", retryAt: input.lastProactiveAt + CUSTOMER_CAP_MS };
  }
  if (input.sentToday >= input.dailyCap) return { send: "none", reason: "daily_cap", retryAt: nextUtcDay(input.now) };
  return windowOpen ? { send: "text" } : { send: "template", templateId: input.templateId! };
}

/** Whether a free-form message may go now. A channel without a window always may. */
export function insideWindow(windowMs: number | null, lastCustomerAt: number | null, now: number): boolean {
  if (windowMs === null) return true;
  return lastCustomerAt !== null && now - lastCustomerAt < windowMs;
}

/** Midnight UTC after `now`. */
export function nextUtcDay(now: number): number {
  const d = new Date(now);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1);
}

/** The UTC day (YYYY-MM-DD) a proactive message counts against. */
export function utcDay(now: number): string {
  return new Date(now).toISOString().slice(0, 10);
}

export interface FollowUpInput {
  minutes: number;
  shownAt: number;
  lastCustomerAt: number | null;
  /** The quotation version already followed up (sent or finally skipped), if any. */
  doneVersion: number | null;
  version: number;
}

/**
 * When a shown quotation's follow-up is due: `minutes` after it was shown or after the customer's
 * last message, whichever is later; never when the setting is 0 or this version was handled.
 */
export function followUpDueAt(input: FollowUpInput): number | null {
  if (input.minutes <= 0) return null;
  if (input.doneVersion !== null && input.doneVersion >= input.version) return null;
  const quietSince = Math.max(input.shownAt, input.lastCustomerAt ?? 0);
  return quietSince + input.minutes * 60_000;
}

/** Fills `{{1}}`, `{{2}}`, ... of a template's body with `values`, in order. */
export function renderTemplate(body: string, values: readonly string[]): string {
  return body.replace(/\{\{(\d+)\}\}/g, (whole, n: string) => values[Number(n) - 1] ?? whole);
}

/** How many `{{n}}` placeholders a template's body has (the highest n). */
export function placeholderCount(body: string): number {
  let max = 0;
  for (const match of body.matchAll(/\{\{(\d+)\}\}/g)) max = Math.max(max, Number(match[1]));
  return max;
}
