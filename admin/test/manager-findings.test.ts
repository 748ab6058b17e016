import { describe, expect, it } from "vitest";
import { messagePreview } from "../src/inbox/preview";
import { describeChange, formatValue } from "../src/screens/audit/change";
import { buyerCity, buyerPhone, itemsSummary } from "../src/screens/orders/sale-order-cells";
import { flagCounts, flagSummary } from "../src/screens/quality/flags";
import { channelLabel, languageLabel, promptVersionLabel, roleLabel } from "../src/ui/labels";

/** The panel as a manager found it (issue 20): the React-free logic behind each fix. */
describe("labels instead of codes", () => {
  it("names roles, channels and languages", () => {
    expect(roleLabel("admin")).toBe("Administrator");
    expect(roleLabel("manager")).toBe("Sales manager");
    expect(roleLabel("auditor_x")).toBe("Auditor x");
    expect(channelLabel("telegram")).toBe("Telegram");
    expect(channelLabel("whatsapp")).toBe("WhatsApp");
    expect(languageLabel("ar")).toBe("Arabic");
    expect(languageLabel(null)).toBe("Not known yet");
    expect(languageLabel("fr")).toBe("FR");
  });

  it("names the built-in prompt the same on Prompts and Quality", () => {
    expect(promptVersionLabel(0)).toBe("built-in (v0)");
    expect(promptVersionLabel(3)).toBe("v3");
    expect(promptVersionLabel(null)).toBe("—");
  });
});

describe("a review's flags", () => {
  const flags = [
    ...Array.from({ length: 10 }, (_, i) => ({ flag: "offline_fallback", messageIds: [`m${i}`], detail: "the offline salesperson answered" })),
    { flag: "price_not_grounded", messageIds: ["m3"], detail: "1,200 AED" },
  ];
  it("are listed once each, with how many times, most frequent first", () => {
    expect(flagCounts(flags)).toEqual([
      { flag: "offline_fallback", count: 10, messageIds: ["m0", "m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8", "m9"], details: ["the offline salesperson answered"] },
      { flag: "price_not_grounded", count: 1, messageIds: ["m3"], details: ["1,200 AED"] },
    ]);
    expect(flagSummary(flags)).toBe("offline_fallback ×10, price_not_grounded");
    expect(flagSummary([])).toBe("none");
  });
});

describe("the audit log's change column", () => {
  it("shows the fields that changed, with dates for epoch milliseconds and ISO times", () => {
    expect(describeChange({ replyDebounceMs: 1500, dailyTokenCap: 100 }, { replyDebounceMs: 1500, dailyTokenCap: 200 })).toEqual([{ field: "dailyTokenCap", before: "100", after: "200" }]);
    const [expires] = describeChange(null, { expiresAt: 1_780_000_000_000 });
    expect(expires).toEqual({ field: "expiresAt", before: null, after: "28 May 2026, 20:26 UTC" });
    expect(describeChange({ disabledAt: "2026-03-01T10:00:00.000Z" }, {})).toEqual([{ field: "disabledAt", before: "1 Mar 2026, 10:00 UTC", after: null }]);
    expect(describeChange({ role: "viewer" }, { role: "manager", active: true })).toEqual([
      { field: "role", before: "viewer", after: "manager" },
      { field: "active", before: null, after: "yes" },
    ]);
    expect(describeChange(null, null)).toEqual([]);
    expect(describeChange(null, "replayed")).toEqual([{ field: "", before: null, after: "replayed" }]);
  });

  it("never prints raw JSON", () => {
    const text = formatValue({ lines: [{ sku: "CH-1", quantity: 2 }], note: null });
    expect(text).toBe("lines: sku: CH-1; quantity: 2; note: —");
    expect(text).not.toMatch(/[{}"]/);
    // A count is a count, not a date, even when it is large.
    expect(formatValue(1_780_000_000_000, "tokens")).toBe("1,780,000,000,000");
  });
});

describe("Orders", () => {
  it("shows items, the delivery city and the phone", () => {
    expect(itemsSummary([{ sku: "CH-NOV-1001", name: "Nova Chair", quantity: 3 }, { sku: "DK-1", quantity: 1 }])).toBe("3 × Nova Chair (CH-NOV-1001); 1 × DK-1");
    expect(itemsSummary(null)).toBe("—");
    expect(buyerCity({ name: "Sara", city: "Dubai" })).toBe("Dubai");
    expect(buyerCity(null)).toBe("—");
    expect(buyerPhone({ phone: "971501234567" }, { phone: "971500000000" })).toBe("+971501234567");
    expect(buyerPhone(null, { phone: "971500000000" })).toBe("+971500000000");
    expect(buyerPhone({ phone: "@sara_tg" }, null)).toBe("@sara_tg");
    expect(buyerPhone(null, { phone: null })).toBe("—");
  });
});

describe("inbox rows", () => {
  it("preview the last message: who wrote it and its first words, without the offline label", () => {
    expect(messagePreview({ author: "customer", text: "Do you have\nmesh chairs?", type: "text" })).toBe("Do you have mesh chairs?");
    expect(messagePreview({ author: "agent", text: "🤖 Automatic assistant (offline mode)\nHere are 3 options:", type: "text" })).toBe("Bot: Here are 3 options:");
    expect(messagePreview({ author: "manager", text: "x".repeat(200), type: "text" }, 20)).toBe(`Manager: ${"x".repeat(19)}…`);
    expect(messagePreview({ author: "agent", text: null, type: "document" })).toBe("Bot: [document]");
    expect(messagePreview(null)).toBe("No messages yet");
  });
});
