import { describe, expect, it } from "vitest";
import { checkFigures, checkPrices, checkReply, checkStock, statedAmounts, statedStock, unattributedPrices, unknownSkus } from "../../src/core/agent/grounding";
import type { ProductView } from "../../src/core/agent/catalog";

const product = (over: Partial<ProductView>): ProductView => ({
  id: "p1",
  sku: "CH-NOV-1001",
  name: "Nova Ergonomic Chair",
  nameAr: "كرسي نوفا الشبكي",
  category: "chairs",
  priceAed: 845,
  stockAvailable: 76,
  description: null,
  descriptionAr: null,
  attributes: {},
  ...over,
});
const nova = product({});
const desk = product({ id: "p2", sku: "DK-ELV-2001", name: "Elevate Standing Desk", nameAr: "مكتب ايليفيت", priceAed: 1299.5, stockAvailable: 12 });

describe("amounts a reply states", () => {
  it("reads every currency spelling on either side of the amount", () => {
    expect(statedAmounts("845 AED, 845aed, AED 1,299.50, 99 dh, 99 dhs, dirham 5, 7 dirhams")).toEqual([845, 845, 99, 99, 7, 1299.5, 5]);
    expect(statedAmounts("٨٤٥ درهم، ١٢٠ دراهم، ٣٠٠ د.إ، ٤٠٠ د.ا")).toEqual([845, 120, 300, 400]);
    expect(statedAmounts("١٬٢٩٩٫٥٠ درهم")).toEqual([1299.5]);
    expect(statedAmounts("10 140 AED")).toEqual([10140]);
  });

  it("ignores numbers without a currency word", () => {
    expect(statedAmounts("12 chairs, 76 in stock, model 2026")).toEqual([]);
    expect(statedAmounts("")).toEqual([]);
  });
});

describe("prices must come from the catalog", () => {
  it("accepts a unit price and whole-quantity totals, and refuses fractions of a unit and invented prices", () => {
    expect(checkPrices("845 AED", [nova], "")).toEqual({ ok: true, unsupported: [] });
    expect(checkPrices("2 for 1,690 AED", [nova], "").ok).toBe(true);
    expect(checkPrices("half price: 422.50 AED", [nova], "")).toEqual({ ok: false, unsupported: [422.5] });
    expect(checkPrices("only 99 AED today!", [], "")).toEqual({ ok: false, unsupported: [99] });
    expect(checkPrices("844.99 AED", [nova], "")).toEqual({ ok: false, unsupported: [844.99] });
    expect(checkPrices("1299.50 AED", [nova, desk], "").ok).toBe(true);
  });

  it("accepts totals up to 100,000 units and no more", () => {
    expect(checkPrices("84,500,000 AED", [nova], "").ok).toBe(true);
    expect(checkPrices("84,500,845 AED", [nova], "").ok).toBe(false);
  });

  it("never licenses a zero amount by a real price", () => {
    expect(checkPrices("0 AED", [nova], "")).toEqual({ ok: false, unsupported: [0] });
  });

  it("never takes a free item's zero price as licence for an amount", () => {
    expect(checkPrices("0 AED", [product({ priceAed: 0 })], "").ok).toBe(false);
  });

  it("lets the customer's own budget be echoed only on a line about the budget", () => {
    expect(checkPrices("Within your budget of 800 AED: the Nova at 845 AED", [nova], "budget 800 AED").ok).toBe(true);
    expect(checkPrices("ضمن ميزانية 800 درهم", [nova], "ميزانيتي 800 درهم").ok).toBe(true);
    expect(checkPrices("The Nova is 800 AED", [nova], "budget 800 AED")).toEqual({ ok: false, unsupported: [800] });
    expect(checkPrices("Your budget: 900 AED", [nova], "budget 800 AED")).toEqual({ ok: false, unsupported: [900] });
  });

  it("accepts fees and thresholds the knowledge base states", () => {
    expect(checkPrices("Delivery is 150 AED", [], "", new Set([150])).ok).toBe(true);
    expect(checkPrices("Delivery is 150 AED", [], "")).toEqual({ ok: false, unsupported: [150] });
  });
});

describe("stock figures", () => {
  it("reads the ways a reply states stock", () => {
    expect(statedStock("76 in stock, 1,200 units available, 5 pcs in stock, 9 pieces available, only 3 left, just 2 remaining")).toEqual([76, 1200, 5, 9, 3, 2]);
    // Order does not matter: each figure is checked on its own.
    expect([...statedStock("متوفر 5، المتوفر: ٢٣، متاح 4، الكمية المتوفرة 8")].sort((a, b) => a - b)).toEqual([4, 5, 8, 23]);
    expect(statedStock("845 AED")).toEqual([]);
  });

  it("accepts only a figure a tool returned", () => {
    expect(checkStock("76 in stock", [nova])).toEqual({ ok: true, unsupported: [] });
    expect(checkStock("77 in stock", [nova])).toEqual({ ok: false, unsupported: [77] });
  });
});

describe("prices attributed to the product that has them", () => {
  it("finds the owner by SKU, by the model word of its name, or by the start of its Arabic name", () => {
    expect(unattributedPrices("CH-NOV-1001 costs 845 AED", [nova], "")).toEqual([]);
    expect(unattributedPrices("The NOVA costs 845 AED", [nova], "")).toEqual([]);
    expect(unattributedPrices("كرسي نوفا بسعر 845 درهم", [nova], "")).toEqual([]);
    expect(unattributedPrices("The Aeron costs 845 AED", [nova], "")).toEqual([845]);
    expect(unattributedPrices("The Aeron costs 1,690 AED for two", [nova], "")).toEqual([1690]);
  });

  it("does not count a short name or the first Arabic word alone as naming a product", () => {
    const ox = product({ name: "Ox Chair", nameAr: "كرسي", sku: "CH-OXX-1002" });
    expect(unattributedPrices("ox: 845 AED", [ox], "")).toEqual([845]);
    expect(unattributedPrices("كر بسعر 845 درهم", [product({ name: "Ox", nameAr: "كر" })], "")).toEqual([845]);
    expect(unattributedPrices("كرسي بسعر 845 درهم", [product({ nameAr: null, name: "A" })], "")).toEqual([845]);
    // The first word of "كرسي نوفا الشبكي" is shared by every chair: it names none of them.
    expect(unattributedPrices("كرسي بسعر 845 درهم", [nova], "")).toEqual([845]);
  });

  it("is satisfied when the reply names one of several products with that price, and counts a three-letter model word", () => {
    const twin = product({ id: "p3", sku: "CH-ZEN-1003", name: "Zenith Chair", nameAr: "كرسي زينيث" });
    expect(unattributedPrices("The Nova costs 845 AED", [nova, twin], "")).toEqual([]);
    expect(unattributedPrices("The oxo costs 845 AED", [product({ name: "Oxo Chair", nameAr: null })], "")).toEqual([]);
    expect(unattributedPrices("كرسي نوم بسعر 845 درهم", [product({ name: "Nova", nameAr: "كرسي نوم" })], "")).toEqual([]);
  });

  it("leaves amounts no product owns to the price check, and the customer's budget alone only as a budget", () => {
    expect(unattributedPrices("The Aeron costs 999 AED", [nova], "")).toEqual([]);
    // The customer's amount is no licence for a price (ADR 0019): 845 is the Nova's, and the Nova is not named.
    expect(unattributedPrices("The Aeron at 845 AED", [nova], "is it 845 AED?")).toEqual([845]);
    expect(unattributedPrices("Within your budget of 845 AED there is the Aeron", [nova], "my budget is 845 AED")).toEqual([]);
    expect(unattributedPrices("The Aeron at 845 AED", [product({ priceAed: 0 })], "")).toEqual([]);
  });
});

describe("SKUs and the whole check", () => {
  it("refuses SKUs no tool returned, each once, whatever the case of the catalog's SKU", () => {
    expect(unknownSkus("CH-NOV-1001 and CH-AER-9999, again CH-AER-9999", [nova])).toEqual(["CH-AER-9999"]);
    expect(unknownSkus("CH-NOV-1001", [product({ sku: "ch-nov-1001" })])).toEqual([]);
    expect(unknownSkus("no codes here", [])).toEqual([]);
  });

  it("combines prices, stock, attribution, knowledge and SKUs", () => {
    expect(checkFigures("Nova (CH-NOV-1001): 845 AED, 76 in stock", [nova], "")).toEqual({ ok: true, unsupported: [], unknownSkus: [] });
    expect(checkFigures("Nova: 845 AED, 99 in stock", [nova], "")).toEqual({ ok: false, unsupported: [99], unknownSkus: [] });
    // An unknown SKU fails the check (its digits are no figure the evidence licenses either).
    expect(checkFigures("Aeron (CH-AER-9999)", [nova], "")).toMatchObject({ ok: false, unknownSkus: ["CH-AER-9999"] });
    expect(checkFigures("The Aeron costs 845 AED", [nova], "")).toEqual({ ok: false, unsupported: [845], unknownSkus: [] });
    expect(checkFigures("Delivery costs 845 AED", [nova], "", "Delivery: 845 AED")).toEqual({ ok: true, unsupported: [], unknownSkus: [] });
    expect(checkFigures("Delivery 150 AED", [], "", "Delivery: 150 AED").ok).toBe(true);
    expect(checkFigures("only 99 AED today!", [], "")).toEqual({ ok: false, unsupported: [99], unknownSkus: [] });
  });
});

describe("stock the customer asked for", () => {
  it("may be confirmed as available when the stock covers it, and not beyond", () => {
    expect(checkStock("Yes, 12 units available", [nova], "I need 12")).toEqual({ ok: true, unsupported: [] });
    expect(checkStock("Yes, 80 units available", [nova], "I need 80")).toEqual({ ok: false, unsupported: [80] });
    expect(checkStock("Yes, 12 units available", [], "I need 12")).toEqual({ ok: false, unsupported: [12] });
  });
});

describe("every other number must come from the evidence", () => {
  it("refuses a number nothing states", () => {
    expect(checkFigures("The Nova ships in 3 days", [nova], "")).toEqual({ ok: false, unsupported: [3], unknownSkus: [] });
  });

  it("accepts one the retailer's text, a tool's result or the customer's words state", () => {
    expect(checkFigures("The Nova ships in 3 days", [nova], "", "Delivery within 3 days").ok).toBe(true);
    // A delivery time only from the retailer's text (ADR 0019): a tool result (a product description) states lengths, never how fast.
    expect(checkFigures("The Nova ships in 3 days", [nova], "", "", "ships in 3 days").ok).toBe(false);
    expect(checkFigures("The Nova has a 3 day trial", [nova], "", "", "3 day trial").ok).toBe(true);
    expect(checkFigures("Yes, the Nova comes in 3 colours", [nova], "3 colours?").ok).toBe(true);
  });

  it("accepts a figure of the products' own: stock, and numbers in their English or Arabic names", () => {
    expect(checkFigures("There are 76 Novas", [nova, desk], "").ok).toBe(true);
    expect(checkFigures("There are 12 desks", [nova, desk], "").ok).toBe(true);
    expect(checkFigures("It is 160 cm wide", [product({ nameAr: "مكتب 160 سم" })], "").ok).toBe(true);
    expect(checkFigures("It is 160 cm wide", [product({ nameAr: null })], "")).toMatchObject({ ok: false, unsupported: [160] });
  });

  it("accepts a whole multiple of a price written without a currency, and nothing near it", () => {
    expect(checkFigures("2 Novas come to 1690 in all", [nova, desk], "price for 2?").ok).toBe(true);
    expect(checkFigures("2 Novas come to 1691 in all", [nova], "price for 2?")).toMatchObject({ ok: false, unsupported: [1691] });
  });

  it("lets 0 and 1 pass: they claim nothing on their own", () => {
    expect(checkFigures("1 of our managers will call you", [nova], "").ok).toBe(true);
  });
});

describe("a SKU the customer wrote", () => {
  it("still fails the check when no tool returned it, though its digits are licensed", () => {
    expect(checkFigures("Sorry, CH-AER-9999 is not one of ours", [nova], "is CH-AER-9999 available?")).toEqual({ ok: false, unsupported: [], unknownSkus: ["CH-AER-9999"] });
  });
});

describe("naming a product by a short Arabic name", () => {
  it("counts an Arabic name of three letters", () => {
    expect(unattributedPrices("نوم بسعر 845 درهم", [product({ name: "Ox", nameAr: "نوم" })], "")).toEqual([]);
  });
});

describe("the whole reply check: figures in their roles and promises (ADR 0019)", () => {
  const evidence = { products: [nova], customerText: "", statements: [] as string[], toolResults: [] as string[] };

  it("passes a grounded reply and refuses an unsupported figure or promise, each on its own", () => {
    expect(checkReply("The Nova Ergonomic Chair is 845 AED.", evidence)).toEqual({ ok: true, unsupported: [], unknownSkus: [], commitments: [] });
    expect(checkReply("The Nova Ergonomic Chair is 99 AED.", evidence)).toMatchObject({ ok: false, unsupported: [99], commitments: [] });
    expect(checkReply("The Nova Ergonomic Chair is 845 AED, delivered tomorrow.", evidence)).toMatchObject({
      ok: false,
      unsupported: [],
      commitments: [{ sentence: "the nova ergonomic chair is 845 aed, delivered tomorrow", unsupported: ["when"] }],
    });
  });

  it("a promise is supported by a knowledge passage or any tool result of the turn, never by the customer", () => {
    const reply = "Delivery to Dubai is free.";
    expect(checkReply(reply, { ...evidence, statements: ["Delivery is free for orders of AED 2,000 or more to Dubai."] }).ok).toBe(true);
    expect(checkReply(reply, { ...evidence, toolResults: [JSON.stringify({ passages: [{ text: "Delivery to Dubai is free." }] })] }).ok).toBe(true);
    expect(checkReply(reply, { ...evidence, customerText: "is delivery to dubai free?" }).ok).toBe(false);
  });

  it("passes the discount policy on", () => {
    expect(checkReply("The Nova Ergonomic Chair is 760.50 AED with 10% off.", { ...evidence, maxDiscountPercent: 10 }).ok).toBe(true);
    expect(checkReply("The Nova Ergonomic Chair is 760.50 AED with 10% off.", evidence).ok).toBe(false);
  });

  it("bare prices are read in their roles too", () => {
    expect(checkPrices("Nova price: 99", [nova], "")).toEqual({ ok: false, unsupported: [99] });
    expect(checkPrices("Nova price: 845", [nova], "")).toEqual({ ok: true, unsupported: [] });
    expect(checkPrices("Noted: your budget of 150 each.", [nova], "budget 150 each")).toEqual({ ok: true, unsupported: [] });
    expect(checkPrices("The Nova is 150 each.", [nova], "budget 150 each")).toEqual({ ok: false, unsupported: [150] });
    expect(unattributedPrices("Noted: your budget of 845 each.", [nova], "budget 845")).toEqual([]);
  });
});
