import { describe, expect, it } from "vitest";
import { type CustomerOrders } from "../../src/core/analytics/model/features";
import { evaluateProspects, firstPurchaseRate, meanFirstOrderAed, twelveMonthChance } from "../../src/core/analytics/model/prospects";
import { HORIZON_DAYS, trainAndScore } from "../../src/core/analytics/model/train";
import { analyseCustomers } from "../../src/app/analytics/scoring";
import { dayNumber, DEFAULT_SEGMENT_THRESHOLDS as THRESHOLDS, type OrderFact } from "../../src/core/analytics/segments";
import { seededRandom } from "../../stand-ins/zoho-history";

const TODAY = dayNumber("2026-12-01");

/**
 * A two-year history with a known first-purchase chance: from the day a customer exists, their
 * first standing order comes after an exponential wait whose 30-day chance is `monthly`; after it
 * they buy again about three times a year (so the model has something to learn). First orders cost
 * 3,000 AED on average (uniform 1,000 to 5,000).
 */
function generate(options: { customers: number; monthly: number; seed: number; spreadCreation: boolean }) {
  const random = seededRandom(options.seed);
  const hazard = -Math.log(1 - options.monthly) / HORIZON_DAYS;
  const begin = TODAY - 730;
  const customers: CustomerOrders[] = [];
  for (let i = 0; i < options.customers; i++) {
    const created = options.spreadCreation ? begin + Math.floor(random() * 730) : begin;
    const days: number[] = [];
    const amounts: number[] = [];
    let at = created + -Math.log(1 - random()) / hazard;
    let amount = 1000 + random() * 4000;
    while (at <= TODAY) {
      days.push(Math.floor(at));
      amounts.push(amount);
      at += (-Math.log(1 - random()) / 3) * 365;
      amount = 2000 + random() * 2000;
    }
    customers.push({ id: `c${i}`, days, amounts, createdDay: created });
  }
  return customers;
}

describe("the first-purchase rate of customers who never ordered", () => {
  it("counts exactly, per cutoff, who had no standing order then and placed a first one within the horizon", () => {
    const c = (id: string, days: number[], createdDay?: number): CustomerOrders => ({ id, days, amounts: days.map(() => 100), ...(createdDay === undefined ? {} : { createdDay }) });
    const customers = [c("buys-in-window", [110]), c("bought-before", [90, 120]), c("never", []), c("buys-later", [200]), c("on-the-cutoff", [100]), c("created-after", [105], 101)];
    // At cutoff 100: buys-in-window (buyer), never, buys-later are prospects; on-the-cutoff ordered on the day; created-after did not exist.
    expect(firstPurchaseRate(customers, [100], 30)).toEqual({ rate: 1 / 3, rows: 3, buyers: 1 });
    // At 150 as well: never, buys-later (no buyer); pooled: 1 buyer in 5 customer-windows.
    expect(firstPurchaseRate(customers, [100, 150], 30)).toEqual({ rate: 1 / 5, rows: 5, buyers: 1 });
    expect(firstPurchaseRate([c("a", [10])], [100], 30)).toBeNull();
    expect(meanFirstOrderAed([{ id: "a", days: [1, 2], amounts: [100, 900] }, { id: "b", days: [5], amounts: [300] }, { id: "p", days: [], amounts: [] }])).toBe(200);
    expect(meanFirstOrderAed([{ id: "p", days: [], amounts: [] }])).toBeNull();
    expect(twelveMonthChance(0)).toBe(0);
    expect(twelveMonthChance(0.1)).toBeCloseTo(1 - 0.9 ** 12, 12);
  });

  it("counts a customer from the day they were created, and evaluates nothing without prospects or orders", () => {
    const c = (id: string, days: number[], createdDay?: number): CustomerOrders => ({ id, days, amounts: days.map(() => 100), ...(createdDay === undefined ? {} : { createdDay }) });
    expect(firstPurchaseRate([c("created-on-cutoff", [120], 100), c("created-before", [], 50)], [100], 30)).toEqual({ rate: 1 / 2, rows: 2, buyers: 1 });
    expect(evaluateProspects([c("a", [10])], [100], 200, 30)).toBeNull();
    expect(evaluateProspects([c("p", [])], [100], 200, 30)).toBeNull();
    const customers = [c("buys-in-training", [110]), c("buys-held-back", [205]), c("never", [])];
    expect(evaluateProspects(customers, [100], 200, 30)).toEqual({ rate: 1 / 3, heldOutRate: 1 / 2, customers: 2, buyers: 1, trainingRows: 3, rate12m: twelveMonthChance(1 / 3), firstOrderMeanAed: 100 });
    // No one left without an order at the held-back cutoff: the rate stands, its check is empty.
    expect(evaluateProspects([c("x", [110]), c("y", [150])], [100], 200, 30)).toMatchObject({ rate: 1 / 2, heldOutRate: null, customers: 0, buyers: 0 });
  });

  const truth = 0.04;
  const customers = generate({ customers: 5000, monthly: truth, seed: 7, spreadCreation: false });
  // Trained inside the tests (once), so mutation testing sees which tests cover the code.
  let trainedOnce: ReturnType<typeof trainAndScore> | undefined;
  const trained = () => (trainedOnce ??= trainAndScore(customers, TODAY));

  it("comes out close to the known chance, and the held-back window agrees (calibration)", () => {
    const result = trained();
    expect(result.status).toBe("trained");
    if (result.status !== "trained") return;
    const p = result.evaluation.prospects!;
    console.log("prospects", JSON.stringify(p));
    expect(Math.abs(p.rate - truth)).toBeLessThan(0.005);
    expect(p.customers).toBeGreaterThan(1000);
    expect(p.heldOutRate).not.toBeNull();
    // ~1,900 prospects at the held-back cutoff: a standard error of about 0.0045.
    expect(Math.abs(p.heldOutRate! - p.rate)).toBeLessThan(0.015);
    expect(p.heldOutRate).toBeCloseTo(p.buyers / p.customers, 12);
    expect(p.rate12m).toBeCloseTo(1 - (1 - p.rate) ** 12, 12);
    expect(Math.abs(p.firstOrderMeanAed - 3000)).toBeLessThan(100);
    // The existing evaluation keeps its names and meaning.
    expect(Object.keys(result.evaluation)).toEqual(expect.arrayContaining(["auc", "baselineAuc", "brier", "baselineBrier", "window", "positives", "customers"]));
  });

  it("scores every prospect with that rate, no churn risk, and the first order's expected value", () => {
    const result = trained();
    if (result.status !== "trained") throw new Error("not trained");
    const p = result.evaluation.prospects!;
    const prospects = customers.filter((c) => c.days.length === 0);
    expect(prospects.length).toBeGreaterThan(1000);
    expect(result.scores.size).toBe(customers.length);
    for (const c of prospects) {
      const score = result.scores.get(c.id)!;
      expect(score.purchaseProbability30d).toBeCloseTo(p.rate, 4);
      expect(score.churnRisk).toBeNull();
      expect(score.expectedValue12mAed).toBeCloseTo(p.rate12m * p.firstOrderMeanAed, 1);
    }
    for (const c of customers.filter((x) => x.days.length > 0)) expect(result.scores.get(c.id)!.churnRisk).not.toBeNull();
  });

  it("uses when customers came to exist, and assuming everyone always existed dilutes the rate", () => {
    const spread = generate({ customers: 6000, monthly: truth, seed: 9, spreadCreation: true });
    const withDates = trainAndScore(spread, TODAY);
    const withoutDates = trainAndScore(spread.map(({ createdDay: _, ...c }) => c), TODAY);
    if (withDates.status !== "trained" || withoutDates.status !== "trained") throw new Error("not trained");
    expect(Math.abs(withDates.evaluation.prospects!.rate - truth)).toBeLessThan(0.006);
    // Without creation dates, people who did not exist yet count as prospects who did not buy.
    expect(withoutDates.evaluation.prospects!.rate).toBeLessThan(truth * 0.8);
  });
});

describe("one analytics run scores everyone, or no one", () => {
  const asFacts = (c: CustomerOrders): OrderFact[] => c.days.map((day, i) => ({ date: new Date(day * 86_400_000).toISOString().slice(0, 10), status: "fulfilled", totalAed: c.amounts[i]! }));

  it("gives prospects a segment and scores when a model was trained", () => {
    const customers = generate({ customers: 3000, monthly: 0.05, seed: 3, spreadCreation: false });
    const { rows, result } = analyseCustomers(new Map(customers.map((c) => [c.id, asFacts(c)])), TODAY, THRESHOLDS);
    expect(result.status).toBe("trained");
    const prospects = rows.filter((r) => r.segment === "prospect");
    expect(prospects.length).toBeGreaterThan(100);
    for (const row of rows) expect(row.purchaseProbability30d).not.toBeNull();
    for (const row of prospects) {
      expect(row.churnRisk).toBeNull();
      expect(row.expectedValue12mAed).toBeGreaterThan(0);
    }
  });

  it("passes each customer's Zoho creation day to the prospects' rate; a customer without one counts at every cutoff", () => {
    const customers = generate({ customers: 6000, monthly: 0.04, seed: 9, spreadCreation: true });
    const day = (n: number) => new Date(n * 86_400_000).toISOString().slice(0, 10);
    const histories = new Map(customers.map((c) => [c.id, asFacts(c)]));
    const dated = analyseCustomers(histories, TODAY, THRESHOLDS, new Map(customers.map((c) => [c.id, `${day(c.createdDay!)}T09:30:00.000Z`])));
    const undated = analyseCustomers(histories, TODAY, THRESHOLDS);
    const direct = trainAndScore(customers, TODAY);
    const withoutDates = trainAndScore(customers.map(({ createdDay: _, ...c }) => c), TODAY);
    if (dated.result.status !== "trained" || undated.result.status !== "trained" || direct.status !== "trained" || withoutDates.status !== "trained") throw new Error("not trained");
    // The same figures as the pure model given the creation days, and as without them when none are passed.
    expect(dated.result.evaluation.prospects).toEqual(direct.evaluation.prospects);
    expect(undated.result.evaluation.prospects).toEqual(withoutDates.evaluation.prospects);
    expect(dated.result.evaluation.prospects!.rate).toBeGreaterThan(undated.result.evaluation.prospects!.rate * 1.25);
    const prospect = dated.rows.find((r) => r.segment === "prospect")!;
    expect(prospect.purchaseProbability30d).toBeCloseTo(dated.result.evaluation.prospects!.rate, 4);
  });

  it("with too little history scores nobody, prospects included", () => {
    const customers = generate({ customers: 30, monthly: 0.05, seed: 4, spreadCreation: false });
    const { rows, result } = analyseCustomers(new Map(customers.map((c) => [c.id, asFacts(c)])), TODAY, THRESHOLDS);
    expect(result.status).toBe("insufficient");
    expect(rows.some((r) => r.segment === "prospect")).toBe(true);
    for (const row of rows) {
      expect(row.purchaseProbability30d).toBeNull();
      expect(row.churnRisk).toBeNull();
      expect(row.expectedValue12mAed).toBeNull();
    }
  });
});
