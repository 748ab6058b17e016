import { describe, expect, it } from "vitest";
import { everyDay, funnelRows, handoffRows, periodRange } from "../src/dashboard/period";

const NOW = Date.parse("2026-11-30T15:20:00Z");

describe("the dashboard's period", () => {
  it("is whole UTC days ending with today", () => {
    expect(periodRange("7d", NOW)).toEqual({ from: "2026-11-24T00:00:00.000Z", to: "2026-12-01T00:00:00.000Z" });
    expect(periodRange("30d", NOW)?.from).toBe("2026-11-01T00:00:00.000Z");
  });

  it("takes custom dates inclusively, and refuses an incomplete or backwards range", () => {
    expect(periodRange("custom", NOW, { from: "2026-11-02", to: "2026-11-02" })).toEqual({ from: "2026-11-02T00:00:00.000Z", to: "2026-11-03T00:00:00.000Z" });
    expect(periodRange("custom", NOW, { from: "2026-11-05" })).toBeNull();
    expect(periodRange("custom", NOW, { from: "2026-11-05", to: "2026-11-01" })).toBeNull();
  });
});

describe("the dashboard's series", () => {
  it("has every day of the range, zeros where nothing happened", () => {
    const days = everyDay([{ bucket: "2026-11-25T00:00:00.000Z", conversations: 3, inboundMessages: 9, outboundMessages: 8, llmCalls: 5, costUsd: 0.02 }], "2026-11-24T00:00:00.000Z", "2026-11-27T00:00:00.000Z");
    expect(days.map((d) => [d.day, d.conversations])).toEqual([["2026-11-24", 0], ["2026-11-25", 3], ["2026-11-26", 0]]);
    expect(days[1]?.costUsd).toBe(0.02);
  });

  it("orders handoff reasons by count and says them in words", () => {
    expect(handoffRows({ customer_asked: 2, low_confidence: 5, angry: 2 })).toEqual([
      { reason: "low confidence", count: 5 },
      { reason: "angry", count: 2 },
      { reason: "customer asked", count: 2 },
    ]);
  });

  it("gives each funnel step its share of the conversations, none when there were none", () => {
    expect(funnelRows({ conversations: 10, quotationShown: 5, confirmed: 2, saleOrder: 1 }).map((r) => r.share)).toEqual([1, 0.5, 0.2, 0.1]);
    expect(funnelRows({ conversations: 0, quotationShown: 0, confirmed: 0, saleOrder: 0 })[0]?.share).toBeNull();
  });
});
