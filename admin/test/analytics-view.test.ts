import { describe, expect, it } from "vitest";
import { modelSummary, percent, segmentName, segmentRows, segmentTone } from "../src/screens/customers/analytics-view";

describe("the Model card in plain words", () => {
  const evaluation = { auc: 0.715, baselineAuc: 0.709, brier: 0.0634, baselineBrier: 0.0644, window: { from: "2026-11-07", to: "2026-12-07" }, positives: 170, customers: 2387, meanPrediction: 0.072, observedRate: 0.071 };
  it("says the model beats recency, with the figures a manager can check", () => {
    const summary = modelSummary({ status: "trained", trainedAt: "2026-12-07T10:00:00Z", reason: null, evaluation });
    expect(summary).toMatchObject({ verdict: "Better than recency alone", tone: "good" });
    expect(summary.lines.join(" ")).toContain("170 of 2387 customers bought");
    expect(summary.lines.join(" ")).toContain("72 %");
    expect(summary.lines.join(" ")).toContain("closer to");
  });
  it("says so plainly when it does not", () => {
    const summary = modelSummary({ status: "trained", trainedAt: null, reason: null, evaluation: { ...evaluation, auc: 0.7, brier: 0.07, scoredWith: "recency" } });
    expect(summary).toMatchObject({ verdict: "No better than recency alone", tone: "warn" });
    expect(summary.lines.at(-1)).toContain("scored by recency alone");
    expect(summary.lines.join(" ")).toContain("no closer to");
  });
  it("gives the reason when there is no model", () => {
    expect(modelSummary({ status: "insufficient", trainedAt: null, reason: "only 12 standing orders", evaluation: null }).lines[0]).toBe("only 12 standing orders");
    expect(modelSummary({ status: "none", trainedAt: null, reason: null, evaluation: null }).verdict).toBe("No model yet");
  });
});

describe("segments and scores", () => {
  it("names segments and tones them", () => {
    expect(segmentName("big_account")).toBe("Big account");
    expect(segmentTone("at_risk")).toBe("warn");
    expect(segmentTone("lost")).toBe("bad");
    expect(segmentRows([{ segment: "at_risk", customers: 3, revenueAed: 10.6 }])).toEqual([{ name: "At risk", customers: 3, revenueAed: 11 }]);
  });
  it("formats probabilities as whole percents", () => {
    expect(percent(0.123)).toBe("12 %");
    expect(percent(null)).toBe("—");
  });
});
