import { describe, expect, it } from "vitest";
import { CUSTOMER_CAP_MS, decideProactive, followUpDueAt, insideWindow, nextUtcDay, placeholderCount, renderTemplate, utcDay, type ProactiveInput } from "../../src/core/outreach/proactive-rules";

const NOW = Date.UTC(2026, 11, 7, 10, 0);
const HOUR = 60 * 60_000;
const base: ProactiveInput = { now: NOW, optedOut: false, handoff: false, lastProactiveAt: null, sentToday: 0, dailyCap: 100, windowMs: 24 * HOUR, lastCustomerAt: NOW - HOUR, templateId: null };

describe("proactive message rules", () => {
  it("sends a normal message inside the window", () => {
    expect(decideProactive(base)).toEqual({ send: "text" });
  });

  it("outside the window sends only the chosen template, and nothing without one", () => {
    const outside = { ...base, lastCustomerAt: NOW - 25 * HOUR };
    expect(decideProactive(outside)).toEqual({ send: "none", reason: "no_template" });
    expect(decideProactive({ ...outside, templateId: "tpl-1" })).toEqual({ send: "template", templateId: "tpl-1" });
    expect(decideProactive({ ...base, lastCustomerAt: null, templateId: "tpl-1" })).toEqual({ send: "template", templateId: "tpl-1" });
  });

  it("a channel without a window (Telegram) always sends a normal message", () => {
    expect(decideProactive({ ...base, windowMs: null, lastCustomerAt: NOW - 30 * 24 * HOUR })).toEqual({ send: "text" });
  });

  it("never sends to a customer who opted out or while a manager has the chat", () => {
    expect(decideProactive({ ...base, optedOut: true, templateId: "t" })).toEqual({ send: "none", reason: "opted_out" });
    expect(decideProactive({ ...base, handoff: true })).toEqual({ send: "none", reason: "handoff" });
  });

  it("caps one per customer in 24 hours, retrying when the cap lifts", () => {
    const last = NOW - 23 * HOUR;
    expect(decideProactive({ ...base, lastProactiveAt: last })).toEqual({ send: "none", reason: "customer_cap", retryAt: last + CUSTOMER_CAP_MS });
    expect(decideProactive({ ...base, lastProactiveAt: NOW - CUSTOMER_CAP_MS })).toEqual({ send: "text" });
  });

  it("caps the shop's daily total, retrying the next UTC day", () => {
    expect(decideProactive({ ...base, sentToday: 100 })).toEqual({ send: "none", reason: "daily_cap", retryAt: Date.UTC(2026, 11, 8) });
    expect(decideProactive({ ...base, sentToday: 99 })).toEqual({ send: "text" });
    expect(decideProactive({ ...base, dailyCap: 0 })).toMatchObject({ send: "none", reason: "daily_cap" });
  });

  it("window edges", () => {
    expect(insideWindow(24 * HOUR, NOW - 24 * HOUR + 1, NOW)).toBe(true);
    expect(insideWindow(24 * HOUR, NOW - 24 * HOUR, NOW)).toBe(false);
    expect(insideWindow(24 * HOUR, null, NOW)).toBe(false);
    expect(insideWindow(null, null, NOW)).toBe(true);
  });

  it("days are UTC", () => {
    expect(utcDay(Date.UTC(2026, 11, 7, 23, 59))).toBe("2026-12-07");
    expect(nextUtcDay(Date.UTC(2026, 11, 31, 23, 0))).toBe(Date.UTC(2027, 0, 1));
  });
});

describe("quotation follow-up timing", () => {
  const shownAt = NOW - 2 * HOUR;
  it("is due the configured minutes after the quotation or the customer's last message, whichever is later", () => {
    expect(followUpDueAt({ minutes: 60, shownAt, lastCustomerAt: shownAt - HOUR, doneVersion: null, version: 1 })).toBe(shownAt + HOUR);
    expect(followUpDueAt({ minutes: 60, shownAt, lastCustomerAt: shownAt + HOUR, doneVersion: null, version: 1 })).toBe(shownAt + 2 * HOUR);
    expect(followUpDueAt({ minutes: 60, shownAt, lastCustomerAt: null, doneVersion: null, version: 1 })).toBe(shownAt + HOUR);
  });

  it("is off at 0 minutes and once per quotation version", () => {
    expect(followUpDueAt({ minutes: 0, shownAt, lastCustomerAt: null, doneVersion: null, version: 1 })).toBeNull();
    expect(followUpDueAt({ minutes: 60, shownAt, lastCustomerAt: null, doneVersion: 1, version: 1 })).toBeNull();
    expect(followUpDueAt({ minutes: 60, shownAt, lastCustomerAt: null, doneVersion: 1, version: 2 })).toBe(shownAt + HOUR);
  });
});

describe("templates", () => {
  it("fills placeholders in order and counts them", () => {
    expect(renderTemplate("Hi {{1}}, quotation {{2}} is open", ["Sara", "Q-7"])).toBe("Hi Sara, quotation Q-7 is open");
    expect(renderTemplate("{{1}} {{3}}", ["a"])).toBe("a {{3}}");
    expect(placeholderCount("Hi {{1}}, quotation {{2}} {{2}}")).toBe(2);
    expect(placeholderCount("no values")).toBe(0);
  });
});
