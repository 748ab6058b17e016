import { describe, expect, it } from "vitest";
import { afterHoursNote, businessHoursSchema, describeOpening, isOpen, nextOpening, pageManagers, zonedInstant, type BusinessHours } from "../../src/core/outreach/business-hours";

const DUBAI: BusinessHours = {
  timezone: "Asia/Dubai",
  weekly: (["sun", "mon", "tue", "wed", "thu"] as const).map((day) => ({ day, open: "09:00", close: "18:00" })).concat([{ day: "sat", open: "10:00", close: "14:00" }] as never),
  holidays: ["2026-12-02"],
};
// Dubai is UTC+4 all year.
const dubai = (iso: string) => Date.parse(`${iso}+04:00`);

describe("business hours", () => {
  it("is open inside a day's hours in the shop's zone, closed outside", () => {
    expect(isOpen(DUBAI, dubai("2026-12-07T09:00:00"))).toBe(true); // Monday
    expect(isOpen(DUBAI, dubai("2026-12-07T17:59:00"))).toBe(true);
    expect(isOpen(DUBAI, dubai("2026-12-07T18:00:00"))).toBe(false);
    expect(isOpen(DUBAI, dubai("2026-12-07T08:59:00"))).toBe(false);
    expect(isOpen(DUBAI, dubai("2026-12-04T12:00:00"))).toBe(false); // Friday
    // 06:00 UTC Monday is 10:00 in Dubai.
    expect(isOpen(DUBAI, Date.UTC(2026, 11, 7, 6, 0))).toBe(true);
  });

  it("a holiday is closed all day", () => {
    expect(isOpen(DUBAI, dubai("2026-12-02T12:00:00"))).toBe(false);
  });

  it("next opening: later today, tomorrow, over the weekend and past a holiday", () => {
    expect(nextOpening(DUBAI, dubai("2026-12-07T07:30:00"))).toBe(dubai("2026-12-07T09:00:00"));
    expect(nextOpening(DUBAI, dubai("2026-12-07T19:00:00"))).toBe(dubai("2026-12-08T09:00:00"));
    expect(nextOpening(DUBAI, dubai("2026-12-03T19:00:00"))).toBe(dubai("2026-12-05T10:00:00")); // Thursday night -> Saturday
    expect(nextOpening(DUBAI, dubai("2026-12-05T15:00:00"))).toBe(dubai("2026-12-06T09:00:00")); // Saturday afternoon -> Sunday
    expect(nextOpening(DUBAI, dubai("2026-12-01T20:00:00"))).toBe(dubai("2026-12-03T09:00:00")); // Tuesday night, Wednesday a holiday
    expect(nextOpening(DUBAI, dubai("2026-12-07T10:00:00"))).toBe(dubai("2026-12-07T10:00:00")); // open now
  });

  it("crosses a daylight-saving change in another zone", () => {
    const london: BusinessHours = { timezone: "Europe/London", weekly: [{ day: "mon", open: "09:00", close: "17:00" }], holidays: [] };
    // Sunday 29 March 2026 the clocks go forward: Monday 09:00 is 08:00 UTC.
    expect(nextOpening(london, Date.UTC(2026, 2, 28, 12, 0))).toBe(Date.UTC(2026, 2, 30, 8, 0));
    expect(zonedInstant("2026-01-05", 9 * 60, "Europe/London")).toBe(Date.UTC(2026, 0, 5, 9, 0));
  });

  it("no opening at all gives null", () => {
    expect(nextOpening({ timezone: "Asia/Dubai", weekly: [], holidays: [] }, Date.now())).toBeNull();
  });

  it("tells the customer when a person answers, in their language", () => {
    const at = dubai("2026-12-08T09:00:00");
    expect(describeOpening(at, "Asia/Dubai", "en")).toBe("Tuesday 2026-12-08, 09:00");
    expect(afterHoursNote(at, "Asia/Dubai", "en")).toContain("Tuesday 2026-12-08, 09:00");
    expect(afterHoursNote(at, "Asia/Dubai", "ar")).toContain("الثلاثاء");
    expect(afterHoursNote(null, "Asia/Dubai", "en")).toContain("as soon as possible");
  });

  it("pages managers after hours only for an order above the threshold", () => {
    expect(pageManagers(true, "customer_request")).toBe(true);
    expect(pageManagers(false, "customer_request")).toBe(false);
    expect(pageManagers(false, "order_value")).toBe(true);
  });

  it("validates the setting", () => {
    expect(businessHoursSchema.safeParse(DUBAI).success).toBe(true);
    expect(businessHoursSchema.safeParse({ ...DUBAI, timezone: "Mars/Olympus" }).success).toBe(false);
    expect(businessHoursSchema.safeParse({ ...DUBAI, weekly: [{ day: "mon", open: "18:00", close: "09:00" }] }).success).toBe(false);
    expect(businessHoursSchema.safeParse({ ...DUBAI, holidays: ["7 Dec"] }).success).toBe(false);
    // A zone's check is remembered (settings are validated on every read): the answers stay the same.
    expect(businessHoursSchema.safeParse({ ...DUBAI, timezone: "Mars/Olympus" }).success).toBe(false);
    expect(businessHoursSchema.safeParse(DUBAI).success).toBe(true);
    expect(businessHoursSchema.safeParse({ ...DUBAI, timezone: "Europe/London" }).success).toBe(true);
  });
});
