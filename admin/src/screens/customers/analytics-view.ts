/**
 * The Customers screen's and the dashboard's analytics, in words and numbers a manager reads:
 * segment names, score formats, the filter and sort choices, and the Model card's sentences.
 * React-free so it is unit-tested in admin/test.
 */
export const SEGMENT_NAMES = {
  prospect: "Prospect",
  new: "New",
  active: "Active",
  loyal: "Loyal",
  big_account: "Big account",
  at_risk: "At risk",
  lost: "Lost",
} as const;
export type SegmentName = keyof typeof SEGMENT_NAMES;

export const SEGMENT_OPTIONS: readonly (readonly [string, string])[] = [["", "All segments"], ...Object.entries(SEGMENT_NAMES)];

export const SORT_OPTIONS = [
  ["recent", "Recent activity"],
  ["leadScore", "Lead score"],
  ["purchaseProbability30d", "Likely to buy (30 days)"],
  ["churnRisk", "Churn risk"],
  ["expectedValue12mAed", "Expected value (12 months)"],
] as const;
export type CustomerSortChoice = (typeof SORT_OPTIONS)[number][0];

export function segmentTone(segment: string): "neutral" | "good" | "warn" | "bad" {
  if (segment === "big_account" || segment === "loyal" || segment === "active") return "good";
  if (segment === "at_risk") return "warn";
  if (segment === "lost") return "bad";
  return "neutral";
}

export function segmentName(segment: string): string {
  return SEGMENT_NAMES[segment as SegmentName] ?? segment;
}

/** A probability as a whole percent ("—" when there is none). */
export function percent(p: number | null | undefined): string {
  return p === null || p === undefined ? "—" : `${Math.round(p * 100)} %`;
}

export interface SegmentCount {
  segment: string;
  customers: number;
  revenueAed: number;
}

/** Chart rows, segments named, in the API's order. */
export function segmentRows(segments: readonly SegmentCount[]): { name: string; customers: number; revenueAed: number }[] {
  return segments.map((s) => ({ name: segmentName(s.segment), customers: s.customers, revenueAed: Math.round(s.revenueAed) }));
}

export interface ModelView {
  status: "trained" | "insufficient" | "none";
  trainedAt: string | null;
  reason: string | null;
  evaluation: {
    auc: number;
    baselineAuc: number;
    brier: number;
    baselineBrier: number;
    window: { from: string; to: string };
    positives: number;
    customers: number;
    meanPrediction?: number;
    observedRate?: number;
    scoredWith?: "model" | "recency";
  } | null;
}

/**
 * The Model card: a verdict and a few sentences. AUC is said as "of two customers, one who bought
 * and one who did not, how often the buyer was ranked higher"; Brier as "how far the
 * probabilities were from what happened", lower better.
 */
export function modelSummary(model: ModelView): { verdict: string; tone: "good" | "warn" | "neutral"; lines: string[] } {
  if (model.status === "none") return { verdict: "No model yet", tone: "neutral", lines: ["Run the analytics (it syncs Zoho's order history first) to train one."] };
  if (model.status === "insufficient" || !model.evaluation) {
    return { verdict: "Not enough history to predict", tone: "warn", lines: [model.reason ?? "The order history is too short.", "No purchase or churn scores are shown until there is."] };
  }
  const e = model.evaluation;
  const beats = e.auc > e.baselineAuc;
  const lines = [
    `Tested on the 30 days from ${e.window.from} to ${e.window.to}, which it never saw while learning: ${e.positives} of ${e.customers} customers bought.`,
    `Given one customer who bought and one who did not, the model ranked the buyer higher ${percent(e.auc)} of the time; "days since the last order" alone managed ${percent(e.baselineAuc)}.`,
    `Its probabilities were ${e.brier < e.baselineBrier ? "closer to" : "no closer to"} what happened than recency's (error ${e.brier.toFixed(4)} against ${e.baselineBrier.toFixed(4)}; lower is better).`,
  ];
  if (e.meanPrediction !== undefined && e.observedRate !== undefined) {
    lines.push(`On average it expected ${percent(e.meanPrediction)} to buy; ${percent(e.observedRate)} did.`);
  }
  if (e.scoredWith === "recency") lines.push("So customers are scored by recency alone until the model does better.");
  return { verdict: beats ? "Better than recency alone" : "No better than recency alone", tone: beats ? "good" : "warn", lines };
}
