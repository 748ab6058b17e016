import { boughtWithin, FEATURES, snapshot, type CustomerOrders } from "./features";
import { fitLogistic, predict, type LogisticModel } from "./logistic";
import { auc, brier, mean } from "./metrics";
import { evaluateProspects, type ProspectEvaluation } from "./prospects";

/**
 * Purchase and churn prediction trained on the product's own history with a time split: for each
 * of several past cutoffs, features as of that day and the label "bought in the 30 days after";
 * the most recent full window (the 30 days before today) is held back for the evaluation, against
 * recency alone (a logistic fit on recency, so its Brier score is fair too). Pure.
 */
export const HORIZON_DAYS = 30;

export interface TrainOptions {
  /** Training windows before the held-back one. Default 12. */
  windows?: number;
  /** Least standing orders in all the history. Default 100. */
  minOrders?: number;
  /** Least buyers in the held-back window. Default 10. */
  minPositives?: number;
}

export interface Evaluation {
  auc: number;
  baselineAuc: number;
  brier: number;
  baselineBrier: number;
  /** The held-back window: features as of `from`, purchases until `to` (YYYY-MM-DD). */
  window: { from: string; to: string };
  positives: number;
  customers: number;
  /** Calibration: the mean predicted probability and the rate observed on the held-back window. */
  meanPrediction: number;
  observedRate: number;
  trainingRows: number;
  /** Which scores customers get: the full model, or recency alone when the model did not beat it here. */
  scoredWith: "model" | "recency";
  /** Customers with no standing order, scored by the first-purchase rate (null when the history has none to learn from). */
  prospects: ProspectEvaluation | null;
}

export interface CustomerScore {
  purchaseProbability30d: number;
  /** Null for a prospect: a customer who never bought cannot churn. */
  churnRisk: number | null;
  expectedValue12mAed: number;
}

export type TrainResult =
  | { status: "trained"; features: string[]; model: LogisticModel; baseline: LogisticModel; evaluation: Evaluation; scores: Map<string, CustomerScore> }
  | { status: "insufficient"; reason: string; features: string[] };

interface Rows {
  x: number[][];
  y: number[];
}

function windowRows(customers: readonly CustomerOrders[], cutoff: number): Rows & { ids: string[] } {
  const x: number[][] = [];
  const y: number[] = [];
  const ids: string[] = [];
  for (const customer of customers) {
    const snap = snapshot(customer, cutoff);
    if (!snap) continue;
    x.push(snap.features);
    y.push(boughtWithin(customer, cutoff, HORIZON_DAYS) ? 1 : 0);
    ids.push(customer.id);
  }
  return { x, y, ids };
}

const isoDay = (day: number) => new Date(day * 86_400_000).toISOString().slice(0, 10);

export function trainAndScore(customers: readonly CustomerOrders[], today: number, options: TrainOptions = {}): TrainResult {
  const features = [...FEATURES];
  const totalOrders = customers.reduce((sum, c) => sum + c.days.length, 0);
  const minOrders = options.minOrders ?? 100;
  if (totalOrders < minOrders) return { status: "insufficient", reason: `only ${totalOrders} standing orders in the history; at least ${minOrders} are needed to learn anything`, features };
  const firstDay = Math.min(...customers.filter((c) => c.days.length).map((c) => c.days[0]!));
  const heldCutoff = today - HORIZON_DAYS;
  const train: Rows = { x: [], y: [] };
  let windows = 0;
  const cutoffs: number[] = [];
  for (let k = 1; k <= (options.windows ?? 12); k++) {
    const cutoff = heldCutoff - k * HORIZON_DAYS;
    if (cutoff - firstDay < 60) break;
    const rows = windowRows(customers, cutoff);
    train.x.push(...rows.x);
    train.y.push(...rows.y);
    cutoffs.push(cutoff);
    windows++;
  }
  const trainPositives = train.y.reduce((a, b) => a + b, 0);
  if (windows < 2 || trainPositives < 20) {
    return { status: "insufficient", reason: `the history is too short or too quiet to train on: ${windows} past 30-day windows with ${trainPositives} purchases (need 2 windows and 20 purchases)`, features };
  }
  const held = windowRows(customers, heldCutoff);
  const positives = held.y.reduce((a, b) => a + b, 0);
  const minPositives = options.minPositives ?? 10;
  if (positives < minPositives) {
    return { status: "insufficient", reason: `only ${positives} customers bought in the last 30 days; at least ${minPositives} are needed to judge a model honestly`, features };
  }
  const model = fitLogistic(train.x, train.y);
  // Recency alone, as a probability: the baseline every score must beat.
  const baseline = fitLogistic(train.x.map((row) => [row[0]!]), train.y);
  const predictions = held.x.map((row) => predict(model, row));
  const baselinePredictions = held.x.map((row) => predict(baseline, [row[0]!]));
  const evaluation: Evaluation = {
    auc: auc(predictions, held.y) ?? 0.5,
    baselineAuc: auc(held.x.map((row) => -row[0]!), held.y) ?? 0.5,
    brier: brier(predictions, held.y),
    baselineBrier: brier(baselinePredictions, held.y),
    window: { from: isoDay(heldCutoff), to: isoDay(today) },
    positives,
    customers: held.y.length,
    meanPrediction: mean(predictions),
    observedRate: positives / held.y.length,
    trainingRows: train.y.length,
    scoredWith: "model",
    prospects: evaluateProspects(customers, cutoffs, heldCutoff, HORIZON_DAYS),
  };
  evaluation.scoredWith = scoredWith(evaluation);
  const scorer = evaluation.scoredWith === "model" ? model : recencyOnly(baseline, features.length);
  return { status: "trained", features, model, baseline, evaluation, scores: scoreAll(customers, today, scorer, evaluation.prospects) };
}

/**
 * Whichever earns it on the held-back window: the model when it ranks at least as well as recency
 * alone and its Brier score is no worse; otherwise customers are scored by recency alone.
 */
export function scoredWith(e: Pick<Evaluation, "auc" | "baselineAuc" | "brier" | "baselineBrier">): "model" | "recency" {
  return e.auc >= e.baselineAuc && e.brier <= e.baselineBrier ? "model" : "recency";
}

/** The recency-only baseline as a model over the full feature vector (every other weight zero). */
export function recencyOnly(baseline: LogisticModel, featureCount: number): LogisticModel {
  const weights = [baseline.weights[0]!, baseline.weights[1]!, ...new Array<number>(featureCount - 1).fill(0)];
  return { weights, means: [baseline.means[0]!, ...new Array<number>(featureCount - 1).fill(0)], scales: [baseline.scales[0]!, ...new Array<number>(featureCount - 1).fill(1)] };
}

/** Order value shrunk toward everyone's mean by this many pseudo-orders (Gamma-Gamma's idea, simply). */
const VALUE_SHRINK_ORDERS = 2;

/**
 * Scores as of today for every customer who has ordered. `churnRisk` is the chance of no order
 * in the next 180 days read off the 30-day probability (six months at that pace);
 * `expectedValue12mAed` is twelve months at that pace times the customer's order value, shrunk
 * toward the average for customers with few orders. Prospects (no standing order yet) get the
 * history's first-purchase rate, a null `churnRisk`, and `rate12m × firstOrderMeanAed`; without
 * `prospects` they get no score.
 */
export function scoreAll(customers: readonly CustomerOrders[], today: number, model: LogisticModel, prospects: ProspectEvaluation | null = null): Map<string, CustomerScore> {
  const snaps = customers.map((c) => ({ id: c.id, snap: snapshot(c, today) }));
  const values = snaps.filter((s) => s.snap).map((s) => s.snap!.meanOrderAed);
  const populationMean = mean(values);
  const scores = new Map<string, CustomerScore>();
  for (const { id, snap } of snaps) {
    if (!snap) {
      if (prospects) scores.set(id, { purchaseProbability30d: round(prospects.rate, 4), churnRisk: null, expectedValue12mAed: round(prospects.rate12m * prospects.firstOrderMeanAed, 2) });
      continue;
    }
    const p = predict(model, snap.features);
    const value = (snap.frequency * snap.meanOrderAed + VALUE_SHRINK_ORDERS * populationMean) / (snap.frequency + VALUE_SHRINK_ORDERS);
    scores.set(id, {
      purchaseProbability30d: round(p, 4),
      churnRisk: round((1 - p) ** 6, 4),
      expectedValue12mAed: round(12 * p * value, 2),
    });
  }
  return scores;
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
