import { describe, expect, it } from "vitest";
import { planRetrieval } from "../../src/core/agent/retrieval";
import type { HistoryEntry } from "../../src/core/agent/types";

const none: HistoryEntry[] = [];
const listed: HistoryEntry[] = [
  { role: "customer", text: "I need mesh chairs" },
  { role: "agent", text: "Here are some options:\n1. Aero Mesh Chair (CH-ERG-1001): 1,450 AED, 64 in stock\n2. Task Chair (CH-TSK-1002): 650 AED, 12 in stock" },
];

describe("planRetrieval: which search runs before the model", () => {
  it("searches the catalog for a message that names a product, with the budget and category it states", () => {
    expect(planRetrieval(["ergonomic chair under 1000 AED"], none, null)).toEqual({
      tool: "search_products",
      args: { query: "ergonomic chair", category: "chairs", max_price_aed: 1000 },
    });
  });

  it("asks for stock when the customer states a quantity or 'in stock'", () => {
    const plan = planRetrieval(["any acoustic booths in stock?"], none, null);
    expect(plan?.tool).toBe("search_products");
    expect(plan?.args).toMatchObject({ category: "acoustic-booths", min_quantity_in_stock: 1 });
  });

  it("reads Arabic as the offline salesperson does", () => {
    expect(planRetrieval(["أريد كرسي مكتب مريح"], none, null)).toMatchObject({ tool: "search_products", args: { category: "chairs" } });
    expect(planRetrieval(["كم تكلفة التوصيل إلى دبي؟"], none, null)).toMatchObject({ tool: "search_knowledge", args: { topic: "delivery" } });
  });

  it("searches the knowledge base for delivery, warranty, payment, showroom and returns, with the customer's words", () => {
    expect(planRetrieval(["how much is delivery to Abu Dhabi?"], none, null)).toEqual({
      tool: "search_knowledge",
      args: { question: "how much is delivery to Abu Dhabi?", topic: "delivery" },
    });
    expect(planRetrieval(["what warranty do your chairs have?"], none, null)).toMatchObject({ tool: "search_knowledge", args: { topic: "warranty" } });
    expect(planRetrieval(["can I pay in installments?"], none, null)).toMatchObject({ tool: "search_knowledge", args: { topic: "payment" } });
    expect(planRetrieval(["where is your showroom?"], none, null)).toMatchObject({ tool: "search_knowledge", args: { topic: "showroom" } });
    expect(planRetrieval(["do you accept returns?"], none, null)).toMatchObject({ tool: "search_knowledge", args: { topic: "returns" } });
  });

  it("reads a burst as one message: a greeting followed by a request searches for the request", () => {
    expect(planRetrieval(["hi", "need a chair", "mesh, black"], none, null)).toMatchObject({ tool: "search_products", args: { category: "chairs" } });
  });

  it("carries the category of an earlier request into a refinement", () => {
    expect(planRetrieval(["cheaper, under 800"], [{ role: "customer", text: "I need a standing desk" }], null)).toMatchObject({
      tool: "search_products",
      args: { max_price_aed: 800 },
    });
  });

  it("searches a bare description within the category the customer just named", () => {
    expect(planRetrieval(["mesh, black"], [{ role: "customer", text: "hi" }, { role: "customer", text: "need a chair" }], null)).toEqual({
      tool: "search_products",
      args: { query: "mesh black chairs", category: "chairs" },
    });
    // Only the latest two customer messages count; nothing named, nothing searched.
    const stale: HistoryEntry[] = [
      { role: "customer", text: "need a chair" },
      { role: "agent", text: "Here are some chairs" },
      { role: "customer", text: "ok" },
      { role: "customer", text: "hmm" },
    ];
    expect(planRetrieval(["mesh, black"], stale, null)).toBeNull();
    expect(planRetrieval(["mesh, black"], none, null)).toBeNull();
  });

  it("leaves greetings, thanks, picks from a listing, confirmations and details to the model", () => {
    expect(planRetrieval(["hello"], none, null)).toBeNull();
    expect(planRetrieval(["thanks!"], none, null)).toBeNull();
    expect(planRetrieval(["add 3 of the first one"], listed, null)).toBeNull();
    expect(planRetrieval(["yes"], listed, "Open quotation Q-000012 (shown): 3 × CH-ERG-1001. Total 4,567.50 AED.")).toBeNull();
    expect(planRetrieval(["my name is Omar, deliver to Dubai"], listed, "Open quotation Q-000012 (draft): 3 × CH-ERG-1001. Total 4,567.50 AED.")).toBeNull();
    expect(planRetrieval(["   "], none, null)).toBeNull();
    expect(planRetrieval([], none, null)).toBeNull();
  });

  it("leaves quotation edits by SKU to the model, and SKUs already on the quotation", () => {
    expect(planRetrieval(["please change CH-TMP-1003 to 4"], none, null)).toBeNull();
    expect(planRetrieval(["غير CH-TMP-1003 إلى 4"], none, null)).toBeNull();
    expect(planRetrieval(["CH-TMP-1003?"], none, "Open quotation Q-000012 (shown): 2 × CH-TMP-1003. Use the quotation tools to change, show or confirm it.")).toBeNull();
    // A SKU asked about on its own is searched.
    expect(planRetrieval(["price of CH-TMP-1003?"], none, null)).toEqual({ tool: "search_products", args: { query: "CH-TMP-1003" } });
  });

  it("never sends the search tools a query longer than they take", () => {
    const plan = planRetrieval([`office chair ${"ergonomic ".repeat(60)}`], none, null);
    expect(plan?.tool).toBe("search_products");
    expect((plan!.args as { query: string }).query.length).toBeLessThanOrEqual(300);
    const question = planRetrieval([`delivery ${"please ".repeat(80)}`], none, null);
    expect(question?.tool).toBe("search_knowledge");
    expect((question!.args as { question: string }).question.length).toBe(300);
  });
});
