import type { Segment } from "./segments";

/**
 * A lead score from 0 to 100, per conversation and per customer: how well the customer fits
 * (a company, a stated quantity or budget, what they bought before, what they are expected to
 * spend) plus what they did in the chat (saw a quotation, had stock checked, asked about
 * delivery), all fading with silence (half of it every `SILENCE_HALF_LIFE_DAYS`). Pure; the SQL
 * that sorts the inbox by it (`lead-score-sql.ts`) is built from these same constants, and a
 * test holds the two to the same answers.
 */
export const FIT_POINTS = { company: 10, statedNeeds: 10, expectedValueHigh: 10, expectedValueSome: 5 } as const;
/** Expected value over 12 months (AED) that counts as high, and as some. */
export const EXPECTED_VALUE_HIGH_AED = 20_000;
export const EXPECTED_VALUE_SOME_AED = 5_000;
export const SEGMENT_POINTS: Record<Segment, number> = { big_account: 20, loyal: 15, active: 10, new: 8, at_risk: 8, lost: 3, prospect: 0 };
export const FIT_MAX = 50;
export const INTENT_POINTS = { quotationShown: 25, stockChecked: 15, deliveryAsked: 10 } as const;
export const INTENT_MAX = 50;
export const SILENCE_HALF_LIFE_DAYS = 14;
/** Words that ask about delivery, English and Arabic (matched case-insensitively in the customer's messages). */
export const DELIVERY_PATTERN = "deliver|shipping|ship to|توصيل|شحن|تسليم";

export interface LeadSignals {
  hasCompany: boolean;
  /** The customer stated a quantity or a budget (their needs hold a figure). */
  statedNeeds: boolean;
  segment: Segment | null;
  expectedValue12mAed: number | null;
  quotationShown: boolean;
  stockChecked: boolean;
  deliveryAsked: boolean;
  /** Days since the customer last wrote; null when they never chatted (fit alone, nothing to fade). */
  silenceDays: number | null;
}

export function fitPoints(s: Pick<LeadSignals, "hasCompany" | "statedNeeds" | "segment" | "expectedValue12mAed">): number {
  let points = 0;
  if (s.hasCompany) points += FIT_POINTS.company;
  if (s.statedNeeds) points += FIT_POINTS.statedNeeds;
  points += SEGMENT_POINTS[s.segment ?? "prospect"];
  const value = s.expectedValue12mAed ?? 0;
  if (value >= EXPECTED_VALUE_HIGH_AED) points += FIT_POINTS.expectedValueHigh;
  else if (value >= EXPECTED_VALUE_SOME_AED) points += FIT_POINTS.expectedValueSome;
  return Math.min(points, FIT_MAX);
}

export function intentPoints(s: Pick<LeadSignals, "quotationShown" | "stockChecked" | "deliveryAsked">): number {
  const points = (s.quotationShown ? INTENT_POINTS.quotationShown : 0) + (s.stockChecked ? INTENT_POINTS.stockChecked : 0) + (s.deliveryAsked ? INTENT_POINTS.deliveryAsked : 0);
  return Math.min(points, INTENT_MAX);
}

/** The score: fit plus intent, halved every half-life of silence; a customer who never chatted scores their fit. */
export function leadScore(s: LeadSignals): number {
  const fit = fitPoints(s);
  if (s.silenceDays === null) return Math.round(fit);
  const fade = 0.5 ** (Math.max(0, s.silenceDays) / SILENCE_HALF_LIFE_DAYS);
  return Math.round((fit + intentPoints(s)) * fade);
}

/** Whether stated needs hold a figure (a quantity or a budget): "12 chairs", "budget 30k". */
export function needsStateFigure(needs: string | null | undefined): boolean {
  return Boolean(needs && /\d/.test(needs));
}
