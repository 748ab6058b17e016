/** The dashboard's period choices; "custom" takes two dates from the staff member. */
export const PERIODS = [
  ["7d", "Last 7 days"],
  ["30d", "Last 30 days"],
  ["90d", "Last 90 days"],
  ["custom", "Custom"],
] as const;
export type PeriodChoice = (typeof PERIODS)[number][0];

const DAY = 86_400_000;

/** The UTC midnight on or before `ms`. */
export function startOfDay(ms: number): number {
  return Math.floor(ms / DAY) * DAY;
}

/**
 * The metrics range for a choice: whole UTC days ending with today (to = the next midnight), or
 * the custom dates inclusive. Null when a custom range is incomplete or backwards.
 */
export function periodRange(choice: PeriodChoice, now: number, custom: { from?: string; to?: string } = {}): { from: string; to: string } | null {
  if (choice === "custom") {
    const from = custom.from ? Date.parse(`${custom.from}T00:00:00Z`) : NaN;
    const to = custom.to ? Date.parse(`${custom.to}T00:00:00Z`) + DAY : NaN;
    if (!Number.isFinite(from) || !Number.isFinite(to) || from >= to) return null;
    return { from: new Date(from).toISOString(), to: new Date(to).toISOString() };
  }
  const days = Number(choice.slice(0, -1));
  const end = startOfDay(now) + DAY;
  return { from: new Date(end - days * DAY).toISOString(), to: new Date(end).toISOString() };
}

export interface SeriesPoint {
  bucket: string;
  conversations: number;
  inboundMessages: number;
  outboundMessages: number;
  llmCalls: number;
  costUsd: number;
}

/** One point per day of the range, zeros where nothing happened, so a quiet day shows as a gap in the bars and not a missing day. */
export function everyDay(series: readonly SeriesPoint[], from: string, to: string): (SeriesPoint & { day: string })[] {
  const byDay = new Map(series.map((point) => [new Date(point.bucket).toISOString().slice(0, 10), point]));
  const days: (SeriesPoint & { day: string })[] = [];
  for (let at = startOfDay(Date.parse(from)); at < Date.parse(to); at += DAY) {
    const day = new Date(at).toISOString().slice(0, 10);
    const point = byDay.get(day);
    days.push({ day, bucket: point?.bucket ?? new Date(at).toISOString(), conversations: point?.conversations ?? 0, inboundMessages: point?.inboundMessages ?? 0, outboundMessages: point?.outboundMessages ?? 0, llmCalls: point?.llmCalls ?? 0, costUsd: point?.costUsd ?? 0 });
  }
  return days;
}

/** Handoff reasons as chart rows, most frequent first, with the words staff use. */
export function handoffRows(byReason: Record<string, number>): { reason: string; count: number }[] {
  return Object.entries(byReason)
    .map(([reason, count]) => ({ reason: reason.replace(/_/g, " "), count }))
    .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason));
}

/** The funnel's steps with each one's share of the conversations. */
export function funnelRows(funnel: { conversations: number; quotationShown: number; confirmed: number; saleOrder: number }): { step: string; count: number; share: number | null }[] {
  const steps: [string, number][] = [["Conversations", funnel.conversations], ["Quotation shown", funnel.quotationShown], ["Confirmed", funnel.confirmed], ["Sale order", funnel.saleOrder]];
  return steps.map(([step, count]) => ({ step, count, share: funnel.conversations > 0 ? count / funnel.conversations : null }));
}
