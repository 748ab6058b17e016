import { describe, expect, it } from "vitest";
import { customerOrders, snapshot } from "../../src/core/analytics/model/features";
import { fitLogistic, predict } from "../../src/core/analytics/model/logistic";
import { auc, brier } from "../../src/core/analytics/model/metrics";
import { recencyOnly, scoredWith, trainAndScore } from "../../src/core/analytics/model/train";
import { dayNumber } from "../../src/core/analytics/segments";
import { generateHistory } from "../../stand-ins/zoho-history";

const NOW = new Date("2026-12-01T00:00:00Z");

function historyOf(customers: number, seed: number) {
  const generated = generateHistory({ customers, seed, now: NOW });
  const byContact = new Map<string, { date: string; status: string; totalAed: number }[]>();
  for (const order of generated.salesorders) {
    const list = byContact.get(order.customer_id) ?? [];
    list.push({ date: order.date, status: order.status, totalAed: order.total });
    byContact.set(order.customer_id, list);
  }
  return { generated, customers: generated.contacts.map((c) => customerOrders(c.contact_id, byContact.get(c.contact_id) ?? [])) };
}

describe("metrics", () => {
  it("AUC is 1 for a perfect ranking, 0.5 for ties, and counts ties half", () => {
    expect(auc([0.1, 0.2, 0.8, 0.9], [0, 0, 1, 1])).toBe(1);
    expect(auc([0.5, 0.5, 0.5, 0.5], [0, 1, 0, 1])).toBe(0.5);
    expect(auc([0.1, 0.5, 0.5, 0.9], [0, 0, 1, 1])).toBe(0.875);
    expect(auc([0.1, 0.2], [1, 1])).toBeNull();
  });
  it("Brier is the mean squared error of the probabilities", () => {
    expect(brier([1, 0, 0.5], [1, 0, 1])).toBeCloseTo(0.25 / 3, 10);
  });
});

describe("logistic regression", () => {
  it("recovers a known slope and intercept", () => {
    let s = 1;
    const rand = () => ((s = (s * 16807) % 2147483647) / 2147483647);
    const x: number[][] = [];
    const y: number[] = [];
    for (let i = 0; i < 20_000; i++) {
      const v = rand() * 4 - 2;
      x.push([v]);
      y.push(rand() < 1 / (1 + Math.exp(-(0.5 + 1.5 * v))) ? 1 : 0);
    }
    const model = fitLogistic(x, y, { l2: 0 });
    expect(predict(model, [0])).toBeCloseTo(1 / (1 + Math.exp(-0.5)), 1);
    expect(predict(model, [1])).toBeCloseTo(1 / (1 + Math.exp(-2)), 1);
  });
});

describe("features as of a past day", () => {
  it("sees only standing orders up to the cutoff", () => {
    const c = customerOrders("a", [
      { date: "2026-01-01", status: "fulfilled", totalAed: 100 },
      { date: "2026-03-01", status: "void", totalAed: 9999 },
      { date: "2026-06-01", status: "confirmed", totalAed: 300 },
    ]);
    const snap = snapshot(c, dayNumber("2026-04-01"))!;
    expect(snap.frequency).toBe(1);
    expect(snap.recencyDays).toBe(90);
    expect(snap.meanOrderAed).toBe(100);
    expect(snapshot(c, dayNumber("2025-12-31"))).toBeNull();
  });
});

describe("purchase model on a generated history with known buying rates", () => {
  const { generated, customers } = historyOf(3000, 11);
  const result = trainAndScore(customers, dayNumber(NOW.toISOString()));

  it("beats recency alone on the held-back window, in ranking and in Brier score", () => {
    expect(result.status).toBe("trained");
    if (result.status !== "trained") return;
    const e = result.evaluation;
    console.log("evaluation", JSON.stringify(e));
    expect(e.positives).toBeGreaterThan(30);
    expect(e.auc).toBeGreaterThan(e.baselineAuc);
    expect(e.brier).toBeLessThanOrEqual(e.baselineBrier);
  });

  it("is calibrated: the mean prediction is close to the observed rate", () => {
    if (result.status !== "trained") throw new Error("not trained");
    const e = result.evaluation;
    expect(Math.abs(e.meanPrediction - e.observedRate)).toBeLessThan(0.25 * e.observedRate + 0.01);
  });

  it("ranks customers who truly buy often and are still active above those who stopped", () => {
    if (result.status !== "trained") throw new Error("not trained");
    const truth = new Map(generated.truth.map((t) => [t.contactId, t]));
    // The model's scores: customers who have ordered (prospects share one rate, tested in analytics-prospects.test.ts).
    const modelScores = [...result.scores].filter(([, score]) => score.churnRisk !== null);
    const scored = modelScores.map(([id, score]) => ({ score: score.purchaseProbability30d, truth: truth.get(id)! }));
    // The true 30-day chance of an order: active customers buy at their rate, stopped ones never.
    const trueChance = scored.map((s) => (s.truth.active ? 1 - Math.exp((-s.truth.ratePerYear * 30) / 365) : 0));
    const highTruth = trueChance.map((p) => (p > 0.15 ? 1 : 0));
    expect(auc(scored.map((s) => s.score), highTruth)).toBeGreaterThan(0.8);
    for (const [, score] of modelScores) {
      expect(score.churnRisk).toBeGreaterThanOrEqual(0);
      expect(score.churnRisk).toBeLessThanOrEqual(1);
      expect(score.expectedValue12mAed).toBeGreaterThanOrEqual(0);
    }
  });

  it("scores with the model when it earned it, else with recency alone", () => {
    if (result.status !== "trained") throw new Error("not trained");
    expect(result.evaluation.scoredWith).toBe("model");
    expect(scoredWith({ auc: 0.72, baselineAuc: 0.74, brier: 0.08, baselineBrier: 0.09 })).toBe("recency");
    expect(scoredWith({ auc: 0.75, baselineAuc: 0.74, brier: 0.091, baselineBrier: 0.09 })).toBe("recency");
    expect(scoredWith({ auc: 0.75, baselineAuc: 0.74, brier: 0.09, baselineBrier: 0.09 })).toBe("model");
  });

  it("recency-only scoring ranks exactly by recency", () => {
    const rows = historyOf(400, 5).customers;
    const trained = trainAndScore(rows, dayNumber(NOW.toISOString()), { minPositives: 1 });
    if (trained.status !== "trained") return;
    const baselineOnly = recencyOnly(trained.baseline, trained.features.length);
    const today = dayNumber(NOW.toISOString());
    const scored = rows.map((c) => ({ snap: snapshot(c, today), p: 0 })).filter((r) => r.snap).map((r) => ({ recency: r.snap!.recencyDays, p: predict(baselineOnly, r.snap!.features) }));
    scored.sort((a, b) => a.recency - b.recency);
    for (let i = 1; i < scored.length; i++) expect(scored[i]!.p).toBeLessThanOrEqual(scored[i - 1]!.p + 1e-12);
  });

  it("with too little history it trains nothing and says why", () => {
    const few = historyOf(20, 3).customers;
    const small = trainAndScore(few, dayNumber(NOW.toISOString()));
    expect(small.status).toBe("insufficient");
    if (small.status === "insufficient") expect(small.reason).toMatch(/standing orders|too short|bought in the last 30 days/);
  });
});
