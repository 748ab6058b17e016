import { describe, expect, it } from "vitest";
import { dayBounds, digestDue, digestText, previousDay, shopDay } from "../../src/core/outreach/digest";

const dubai = (iso: string) => Date.parse(`${iso}+04:00`);

describe("the daily digest's timing", () => {
  it("is due from the configured hour in the shop's zone, covering yesterday, once a day", () => {
    expect(digestDue(dubai("2026-12-07T07:59:00"), "Asia/Dubai", 8, null)).toBeNull();
    expect(digestDue(dubai("2026-12-07T08:00:00"), "Asia/Dubai", 8, null)).toBe("2026-12-06");
    expect(digestDue(dubai("2026-12-07T08:05:00"), "Asia/Dubai", 8, "2026-12-06")).toBeNull();
    expect(digestDue(dubai("2026-12-07T23:00:00"), "Asia/Dubai", 8, "2026-12-05")).toBe("2026-12-06");
    // 02:00 UTC is 06:00 in Dubai: not yet, though it is past 02:00 UTC.
    expect(digestDue(Date.UTC(2026, 11, 7, 2, 0), "Asia/Dubai", 3, null)).toBe("2026-12-06");
    expect(digestDue(Date.UTC(2026, 11, 7, 2, 0), "Asia/Dubai", 8, null)).toBeNull();
  });

  it("shop days and their bounds follow the zone", () => {
    expect(shopDay(Date.UTC(2026, 11, 6, 21, 0), "Asia/Dubai")).toBe("2026-12-07");
    expect(previousDay("2027-01-01")).toBe("2026-12-31");
    expect(dayBounds("2026-12-06", "Asia/Dubai")).toEqual({ from: Date.UTC(2026, 11, 5, 20, 0), to: Date.UTC(2026, 11, 6, 20, 0) });
  });

  it("names every figure", () => {
    const text = digestText("2026-12-06", { conversations: 12, replies: 40, firstResponseP50Ms: 4200, quotationsShown: 5, saleOrders: 2, revenueAed: 12345.5, handoffsWaiting: 1, qualityScore: 4.25, hotLeads: 3, proactiveSent: 4 });
    for (const part of ["2026-12-06", "Conversations: 12", "Replies sent: 40", "4 s", "Quotations shown: 5", "Sale orders: 2, revenue 12,345.50 AED", "Handoffs waiting now: 1", "4.25 / 5", "Hot leads (open quotations): 3", "notices sent: 4"]) {
      expect(text).toContain(part);
    }
    expect(digestText("d", { conversations: 0, replies: 0, firstResponseP50Ms: null, quotationsShown: 0, saleOrders: 0, revenueAed: 0, handoffsWaiting: 0, qualityScore: null, hotLeads: 0, proactiveSent: 0 })).toContain("First response (median): n/a");
  });
});
