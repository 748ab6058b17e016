import { describe, expect, it } from "vitest";
import { readContext } from "../src/core/agent/offline/context";
import { understand } from "../src/core/agent/offline/understand";

/** The offline salesperson's reading of messages: pure rules, so each defect seen offline is pinned here. */
const LISTING = [
  "🤖 Automatic assistant (offline mode)",
  "Here are 3 options:",
  "1. Aero Chair (CH-ERG-1001): 1,450 AED, 64 in stock",
  "2. Nova Chair (CH-NOV-1002): 868.75 AED, 3 in stock",
  "3. Stack Chair (CH-STK-1001): 189.5 AED, 12 in stock",
].join("\n");
const none = readContext([], null);
const shown = readContext([{ role: "customer", text: "I need 12 chairs" }, { role: "agent", text: LISTING }], null);
const quoted = readContext([{ role: "agent", text: "Quotation Q-000001 …" }], "Open quotation Q-000001 (shown): 2 × CH-ERG-1001. Use the quotation tools.");

describe("offline understanding", () => {
  it.each([
    ["Hello, good morning", "greeting"],
    ["مرحبا", "greeting"],
    ["السلام عليكم", "greeting"],
    ["are you a bot?", "identity"],
    ["thanks!", "thanks"],
  ])("%s is %s", (text, intent) => {
    expect(understand(text, none).intent).toBe(intent);
  });

  it.each([
    ["Do you deliver to Abu Dhabi?", "delivery"],
    ["What warranty do your chairs have?", "warranty"],
    ["هل توصلون إلى العين؟", "delivery"],
    ["كم مدة الضمان؟", "warranty"],
    ["how can I pay? do you accept cards", "payment"],
    ["where is your showroom?", "showroom"],
    ["can I return a chair?", "returns"],
  ])("%s asks the knowledge base about %s, not the catalog", (text, topic) => {
    expect(understand(text, none)).toMatchObject({ intent: "knowledge", topic });
  });

  it("reads the budget, category and quantity in both scripts", () => {
    expect(understand("ergonomic chair under 1000 AED", none).search).toMatchObject({ category: "chairs", maxPrice: 1000 });
    expect(understand("أريد كرسي مريح بأقل من ١٠٠٠ درهم", none).search).toMatchObject({ category: "chairs", maxPrice: 1000 });
    expect(understand("hi, need 12 ergonomic chairs for Dubai, budget around 800 AED each", none)).toMatchObject({
      intent: "search",
      greeted: true,
      search: { category: "chairs", maxPrice: 800, minStock: 12, query: "ergonomic chairs" },
    });
    expect(understand("standing desk in stock", none).search).toMatchObject({ category: "desks", minStock: 1 });
    expect(understand("budget 1,500 for a sofa", none).search).toMatchObject({ category: "sofas", maxPrice: 1500 });
  });

  it("carries the category over when a message only refines the last request", () => {
    expect(understand("cheaper ones under 800", shown).search).toMatchObject({ category: "chairs", maxPrice: 800, minStock: 12 });
  });

  it("resolves references to what it just showed", () => {
    expect(understand("the second one", shown)).toMatchObject({ intent: "add", pick: { sku: "CH-NOV-1002" } });
    expect(understand("2 of the first one", shown)).toMatchObject({ intent: "add", quantity: 2, pick: { sku: "CH-ERG-1001" } });
    expect(understand("أريد ٣ من الأول", shown)).toMatchObject({ intent: "add", quantity: 3, pick: { sku: "CH-ERG-1001" } });
    expect(understand("the cheapest", shown)).toMatchObject({ pick: { sku: "CH-STK-1001" } });
    expect(understand("I'll take 2 of those", shown)).toMatchObject({ intent: "add", quantity: 2, pick: { ambiguous: true } });
    expect(understand("4 x CH-ERG-1001", none)).toMatchObject({ intent: "add", quantity: 4, pick: { sku: "CH-ERG-1001" } });
  });

  it("keeps the quantity across 'which one do you mean?'", () => {
    const asked = readContext(
      [
        { role: "agent", text: LISTING },
        { role: "customer", text: "I'll take 2 of those" },
        { role: "agent", text: "Which one do you mean? Reply with its number (1 to 3) or its SKU." },
      ],
      null,
    );
    expect(understand("2", asked)).toMatchObject({ intent: "add", quantity: 2, pick: { sku: "CH-NOV-1002" } });
  });

  it("confirms only a shown quotation; a 'yes' to a list asks which product", () => {
    expect(understand("yes", quoted).intent).toBe("confirm");
    expect(understand("نعم", quoted).intent).toBe("confirm");
    expect(understand("yes", shown)).toMatchObject({ intent: "add", pick: { ambiguous: true } });
    expect(understand("make it 5", quoted)).toMatchObject({ intent: "change", quantity: 5 });
  });

  it("reads the buyer's name and delivery city", () => {
    const asking = readContext([{ role: "agent", text: "To prepare your quotation I need your name and your delivery city" }], "Open quotation Q-000001 (draft): 2 × CH-ERG-1001. Use it.");
    expect(understand("Sara Ahmed, Dubai", asking)).toMatchObject({ intent: "details", details: { name: "Sara Ahmed", city: "Dubai" } });
    expect(understand("فاطمة، الشارقة", asking)).toMatchObject({ intent: "details", details: { name: "فاطمة", city: "Sharjah" } });
    expect(understand("My name is Omar", asking).details).toMatchObject({ name: "Omar" });
  });
});
