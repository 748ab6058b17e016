import { zonedInstant } from "./business-hours";

/** Yesterday's figures as the managers read them each morning. */
export interface DigestFigures {
  conversations: number;
  replies: number;
  firstResponseP50Ms: number | null;
  quotationsShown: number;
  saleOrders: number;
  revenueAed: number;
  handoffsWaiting: number;
  qualityScore: number | null;
  hotLeads: number;
  proactiveSent: number;
}

/** The shop's calendar day at `instant` (YYYY-MM-DD) in `zone`. */
export function shopDay(instant: number, zone: string): string {
  const parts = new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date(instant));
  return parts;
}

/** The day before `day` (YYYY-MM-DD). */
export function previousDay(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

/** The instants a shop day starts and ends (midnight to midnight in its zone). */
export function dayBounds(day: string, zone: string): { from: number; to: number } {
  const next = new Date(`${day}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return { from: zonedInstant(day, 0, zone), to: zonedInstant(next.toISOString().slice(0, 10), 0, zone) };
}

/**
 * Whether the morning digest is due: at or after `hour` o'clock in the shop's zone, once per
 * shop day. Returns the day whose figures it covers (yesterday), or null.
 */
export function digestDue(now: number, zone: string, hour: number, lastScheduledDay: string | null): string | null {
  const today = shopDay(now, zone);
  if (now < zonedInstant(today, hour * 60, zone)) return null;
  const covers = previousDay(today);
  return lastScheduledDay !== null && lastScheduledDay >= covers ? null : covers;
}

const money = (aed: number) => aed.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** The digest message (English: it goes to the managers). */
export function digestText(day: string, f: DigestFigures): string {
  const firstResponse = f.firstResponseP50Ms === null ? "n/a" : `${Math.round(f.firstResponseP50Ms / 1000)} s`;
  return [
    `Daily digest for ${day}`,
    `Conversations: ${f.conversations}`,
    `Replies sent: ${f.replies}`,
    `First response (median): ${firstResponse}`,
    `Quotations shown: ${f.quotationsShown}`,
    `Sale orders: ${f.saleOrders}, revenue ${money(f.revenueAed)} AED`,
    `Handoffs waiting now: ${f.handoffsWaiting}`,
    `Quality score: ${f.qualityScore === null ? "n/a" : `${f.qualityScore.toFixed(2)} / 5`}`,
    `Hot leads (open quotations): ${f.hotLeads}`,
    `Follow-ups and notices sent: ${f.proactiveSent}`,
  ].join("\n");
}
