import { describe, expect, it } from "vitest";
import { contactPhones, normalizePhone, orderStands, planContacts, type MatchContext } from "../../src/core/analytics/contact-match";
import { DEFAULT_SEGMENT_THRESHOLDS, dayNumber, rfmOf, segmentOf, segmentThresholdsSchema, thresholdsFromSettings } from "../../src/core/analytics/segments";

describe("phone numbers as international digits", () => {
  it.each([
    ["+971 50 123 4567", "971501234567"],
    ["050-123-4567", "971501234567"],
    ["00971501234567", "971501234567"],
    ["971501234567", "971501234567"],
    ["501234567", "971501234567"],
    ["+966 50 123 4567", "966501234567"],
    ["04 321 0000", "97143210000"],
  ])("%s → %s", (raw, digits) => expect(normalizePhone(raw)).toBe(digits));
  it("refuses what cannot be a number", () => {
    expect(normalizePhone("")).toBeNull();
    expect(normalizePhone("ext 12")).toBeNull();
    expect(normalizePhone(null)).toBeNull();
  });
  it("lists mobile first and never twice", () => {
    expect(contactPhones({ mobile: "0501234567", phone: "+971501234567" })).toEqual(["971501234567"]);
  });
});

describe("which customer a Zoho contact is", () => {
  const empty: MatchContext = { linkedCustomers: new Map(), customersByPhone: new Map() };
  const contact = (contactId: string, mobile: string, phone = "") => ({ contactId, name: `C ${contactId}`, mobile, phone });

  it("a contact we created (or linked before) keeps its customer", () => {
    const ctx: MatchContext = { ...empty, linkedCustomers: new Map([["z1", "cust-1"]]) };
    expect(planContacts([contact("z1", "0501111111")], ctx)).toEqual([{ contactId: "z1", kind: "linked", customerId: "cust-1" }]);
  });
  it("a chat customer is found by phone whichever way Zoho wrote it", () => {
    const ctx: MatchContext = { ...empty, customersByPhone: new Map([["971501234567", { customerId: "cust-2", inventoryContactId: null }]]) };
    expect(planContacts([contact("z2", "", "050 123 4567")], ctx)).toEqual([{ contactId: "z2", kind: "matched", customerId: "cust-2", by: "phone" }]);
  });
  it("a customer tied to another contact is not taken over; the contact becomes a customer without the phone", () => {
    const ctx: MatchContext = { ...empty, customersByPhone: new Map([["971501234567", { customerId: "cust-3", inventoryContactId: "z-other" }]]) };
    expect(planContacts([contact("z3", "+971501234567")], ctx)).toEqual([{ contactId: "z3", kind: "create", name: "C z3", phone: null }]);
  });
  it("two contacts of one page with one number: the first takes it, the second is created without", () => {
    const plan = planContacts([contact("a", "0509999999"), contact("b", "+971 50 999 9999")], empty);
    expect(plan).toEqual([
      { contactId: "a", kind: "create", name: "C a", phone: "971509999999" },
      { contactId: "b", kind: "create", name: "C b", phone: null },
    ]);
  });
  it("two contacts matching one chat customer: only the first links", () => {
    const ctx: MatchContext = { ...empty, customersByPhone: new Map([["971501234567", { customerId: "cust-4", inventoryContactId: null }]]) };
    const plan = planContacts([contact("a", "0501234567"), contact("b", "0501234567")], ctx);
    expect(plan.map((d) => d.kind)).toEqual(["matched", "create"]);
  });
  it("void and draft orders do not stand; others do", () => {
    expect(orderStands("void")).toBe(false);
    expect(orderStands("DRAFT")).toBe(false);
    expect(orderStands("confirmed")).toBe(true);
    expect(orderStands("fulfilled")).toBe(true);
  });
});

describe("RFM and segments", () => {
  const today = dayNumber("2026-12-01");
  const order = (date: string, totalAed: number, status = "confirmed") => ({ date, totalAed, status });
  const segment = (orders: ReturnType<typeof order>[]) => segmentOf(rfmOf(orders, today));

  it("counts standing orders only, up to the day", () => {
    const rfm = rfmOf([order("2026-11-01", 100), order("2026-11-20", 500, "void"), order("2026-12-05", 900)], today);
    expect(rfm).toMatchObject({ recencyDays: 30, frequency: 1, monetaryAed: 100, lastOrderDate: "2026-11-01" });
  });
  it("reads orders in any order, counts one placed on the day itself, and a year back exactly is outside the last 365 days", () => {
    const rfm = rfmOf([order("2026-06-01", 200), order("2026-12-01T10:00:00Z", 50), order("2025-12-01", 1000), order("2026-03-01", 300)], today);
    expect(rfm).toEqual({ recencyDays: 0, frequency: 4, monetaryAed: 1550, tenureDays: 365, last365Aed: 550, lastOrderDate: "2026-12-01" });
    expect(rfmOf([order("2025-12-02", 10)], today).last365Aed).toBe(10);
    expect(rfmOf([], today)).toEqual({ recencyDays: null, frequency: 0, monetaryAed: 0, tenureDays: null, last365Aed: 0, lastOrderDate: null });
  });

  it("labels each kind of buyer", () => {
    expect(segment([])).toBe("prospect");
    expect(segment([order("2026-11-01", 100, "draft")])).toBe("prospect");
    expect(segment([order("2026-10-01", 2000)])).toBe("new");
    expect(segment([order("2026-01-01", 2000), order("2026-07-01", 2000)])).toBe("active");
    expect(segment([order("2025-06-01", 2000), order("2025-12-01", 2000), order("2026-04-01", 2000), order("2026-09-01", 2000)])).toBe("loyal");
    expect(segment([order("2026-03-01", 30_000), order("2026-08-01", 25_000)])).toBe("big_account");
    expect(segment([order("2026-06-01", 80_000)])).toBe("big_account");
    // A big account silent past atRiskDays is at risk: whom to call first.
    expect(segment([order("2026-01-01", 80_000)])).toBe("at_risk");
    expect(segment([order("2025-12-01", 80_000), order("2026-03-01", 1000)])).toBe("at_risk");
    expect(segment([order("2024-12-01", 2000)])).toBe("lost");
  });
  it("the thresholds are the edges: exactly at them the milder label", () => {
    const t = DEFAULT_SEGMENT_THRESHOLDS;
    const at = (days: number) => rfmOf([order("2020-01-01", 10), { date: new Date((today - days) * 86_400_000).toISOString().slice(0, 10), totalAed: 10, status: "confirmed" }], today);
    expect(segmentOf(at(t.atRiskDays))).toBe("active");
    expect(segmentOf(at(t.atRiskDays + 1))).toBe("at_risk");
    expect(segmentOf(at(t.lostDays))).toBe("at_risk");
    expect(segmentOf(at(t.lostDays + 1))).toBe("lost");
  });
  it("thresholds come from the settings, and a Lost threshold below At risk makes Lost win", () => {
    expect(segmentThresholdsSchema.safeParse(DEFAULT_SEGMENT_THRESHOLDS).success).toBe(true);
    const t = thresholdsFromSettings({ segmentNewDays: 30, segmentAtRiskDays: 600, segmentLostDays: 400, segmentLoyalOrders: 3, segmentBigAccountAed: 10_000 });
    expect(t).toEqual({ newDays: 30, atRiskDays: 600, lostDays: 400, loyalOrders: 3, bigAccountAed: 10_000 });
    expect(segmentOf(rfmOf([order("2025-09-01", 100)], today), t)).toBe("lost");
    expect(segmentOf(rfmOf([order("2026-05-01", 100), order("2026-06-01", 100), order("2026-07-01", 100)], today), t)).toBe("loyal");
  });
});
