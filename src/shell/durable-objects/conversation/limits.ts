import { limitNotice } from "../../../core/agent/offline";
import type { Language } from "../../../core/domain/language";
import type { AgentSettings } from "../../../core/domain/settings";
import type { ConversationStore } from "./store";

const MINUTE_MS = 60_000;
/** How many of the latest held-back messages the answer at a reopened window reads (older ones are history). */
const LIMITED_ANSWERED_AT_REOPEN = 5;

export function utcDay(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/** Per-customer limits and the channel's free-form window, kept in the conversation's own storage. */
export class CustomerLimits {
  constructor(private readonly store: ConversationStore) {}

  /**
   * True when this message would exceed the customer's messages per minute. The first message
   * held back sets when the window reopens: then the latest held-back messages get one answer.
   */
  overRate(now: number, settings: AgentSettings): boolean {
    const over = this.store.inboundSince(now - MINUTE_MS) >= settings.customerMessagesPerMinute;
    if (over && this.store.getValue("rateReopensAt") === undefined) this.store.setValue("rateReopensAt", now + MINUTE_MS);
    return over;
  }

  /** When messages held back by the rate limit are due an answer, if any are waiting. */
  rateReopensAt(): number | null {
    return this.store.getValue("rateReopensAt") ?? null;
  }

  /** The window reopened: the latest held-back messages are answered once. */
  reopenRateWindow(): number {
    this.store.deleteValue("rateReopensAt");
    return this.store.reopenLatestLimited(LIMITED_ANSWERED_AT_REOPEN);
  }

  overDailyBudget(settings: AgentSettings): boolean {
    const used = this.store.getValue("turnsToday");
    return used?.day === utcDay() && used.turns >= settings.customerDailyTurns;
  }

  countTurn(): void {
    const day = utcDay();
    const used = this.store.getValue("turnsToday");
    this.store.setValue("turnsToday", { day, turns: used?.day === day ? used.turns + 1 : 1 });
  }

  /** The window runs from when the customer wrote (Wazzup's dateTime), not from when we heard of it. */
  customerWrote(sentAt: number, now: number): void {
    this.store.setValue("lastCustomerAt", Math.max(this.store.getValue("lastCustomerAt") ?? 0, Math.min(sentAt, now)));
  }

  /** Past the channel's free-form window (WhatsApp: 24 h since the customer last wrote); never on channels without one. */
  windowClosed(settings: AgentSettings, now: number, windowMs: number | null): boolean {
    const lastCustomerAt = this.store.getValue("lastCustomerAt");
    if (!settings.enforceWhatsAppWindow || windowMs === null || lastCustomerAt === undefined) return false;
    return now - lastCustomerAt > windowMs;
  }

  /**
   * One polite notice per limit window (the rate notice at most once per quiet minute); the
   * messages are kept. Returns the notice to send, or null when one already went this window.
   */
  noticeDue(kind: "rate" | "daily"): string | null {
    const window = kind === "rate" ? `rate:${Math.floor(Date.now() / MINUTE_MS)}` : `daily:${utcDay()}`;
    const lastWindow = this.store.getValue(`notice:${kind}`);
    const sinceLast = this.store.getValue(`noticeAt:${kind}`) ?? 0;
    if (lastWindow === window || (kind === "rate" && Date.now() - sinceLast < MINUTE_MS)) return null;
    this.store.setValue(`notice:${kind}`, window);
    this.store.setValue(`noticeAt:${kind}`, Date.now());
    return limitNotice(kind, this.store.getValue("language") ?? "en");
  }
}
