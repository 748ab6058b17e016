import type { Segment } from "./segments";

/**
 * What the salesperson is told about the customer from the order history: their segment in
 * words and their last standing order (number and date, no amounts: a figure the turn's tools did
 * not return would fail grounding). Pure. Nothing is said when no analytics run has seen the
 * customer, so the model never hears "no orders" where the history simply was not read.
 */
export interface CustomerHistoryFacts {
  segment: Segment;
  frequency: number;
  lastOrder: { number: string; date: string } | null;
}

const SEGMENT_WORDS: Record<Segment, string> = {
  prospect: "has no standing orders on record yet (a prospect)",
  new: "is a new customer (first order within the last few months)",
  active: "is an active customer",
  loyal: "is a loyal customer who orders regularly",
  big_account: "is a big account: one of our largest buyers this year. Greet them as a valued returning customer",
  at_risk: "is a returning customer who has not ordered for many months",
  lost: "is a former customer whose last order was long ago",
};

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

function spokenDate(iso: string): string {
  const [year, month, day] = iso.slice(0, 10).split("-").map(Number);
  return `${day} ${MONTHS[(month ?? 1) - 1]} ${year}`;
}

/** One line for the system prompt, or null when there is nothing true to say. */
export function customerHistoryLine(facts: CustomerHistoryFacts | null): string | null {
  if (!facts) return null;
  const parts = [`From our order history (Zoho), this customer ${SEGMENT_WORDS[facts.segment]}.`];
  if (facts.lastOrder && facts.frequency > 0) {
    parts.push(`They have ${facts.frequency === 1 ? "one earlier order" : `${facts.frequency} earlier orders`}; the last was ${facts.lastOrder.number} on ${spokenDate(facts.lastOrder.date)}.`);
  }
  parts.push("Use this only to greet and help them; do not quote past amounts or details not given here.");
  return parts.join(" ");
}
