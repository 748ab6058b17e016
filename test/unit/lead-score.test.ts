import { describe, expect, it } from "vitest";
import { fitPoints, intentPoints, leadScore, needsStateFigure, type LeadSignals } from "../../src/core/analytics/lead-score";

const none: LeadSignals = { hasCompany: false, statedNeeds: false, segment: null, expectedValue12mAed: null, quotationShown: false, stockChecked: false, deliveryAsked: false, silenceDays: 0 };

describe("lead score", () => {
  it("a stranger who said hello scores 0; a big account with a quotation today scores high", () => {
    expect(leadScore(none)).toBe(0);
    expect(leadScore({ ...none, hasCompany: true, statedNeeds: true, segment: "big_account", expectedValue12mAed: 50_000, quotationShown: true, stockChecked: true, deliveryAsked: true })).toBe(100);
  });
  it("fit counts company, stated figures, segment and expected value, capped at 50", () => {
    expect(fitPoints({ hasCompany: true, statedNeeds: false, segment: "loyal", expectedValue12mAed: 6_000 })).toBe(10 + 15 + 5);
    expect(fitPoints({ hasCompany: true, statedNeeds: true, segment: "big_account", expectedValue12mAed: 90_000 })).toBe(50);
    expect(fitPoints({ hasCompany: false, statedNeeds: false, segment: "lost", expectedValue12mAed: 4_999 })).toBe(3);
  });
  it("intent counts a quotation, a stock check and a delivery question", () => {
    expect(intentPoints({ quotationShown: true, stockChecked: false, deliveryAsked: false })).toBe(25);
    expect(intentPoints({ quotationShown: false, stockChecked: true, deliveryAsked: true })).toBe(25);
  });
  it("halves with every 14 days of silence", () => {
    const hot = { ...none, quotationShown: true, stockChecked: true, deliveryAsked: true };
    expect(leadScore(hot)).toBe(50);
    expect(leadScore({ ...hot, silenceDays: 14 })).toBe(25);
    expect(leadScore({ ...hot, silenceDays: 28 })).toBe(13);
  });
  it("a customer who never chatted scores their fit alone", () => {
    expect(leadScore({ ...none, segment: "active", silenceDays: null, quotationShown: true })).toBe(10);
  });
  it("stated needs count when they hold a figure", () => {
    expect(needsStateFigure("12 chairs for a new office")).toBe(true);
    expect(needsStateFigure("chairs")).toBe(false);
    expect(needsStateFigure(undefined)).toBe(false);
  });
});
