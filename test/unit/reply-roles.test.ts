import { describe, expect, it } from "vitest";
import type { ProductView } from "../../src/core/agent/catalog";
import { normalizeForChecks } from "../../src/core/agent/reply-checks/normalize";
import { currenciesNamed, foreignAmounts, isBudget, isFee, termLicensed, termsIn, unlicensedTerms, warrantyFigures } from "../../src/core/agent/reply-checks/roles";
import { checkFigures, checkPrices, unattributedPrices } from "../../src/core/agent/grounding";

/**
 * A figure is licensed in its role (ADR 0019): the statements an outside probe got through, each
 * refused, and the legitimate uses of the same figures, each passing.
 */

const product = (over: Partial<ProductView>): ProductView =>
  ({ id: over.sku, category: "chairs", description: null, descriptionAr: null, attributes: {}, nameAr: null, ...over }) as ProductView;
const kinetic = product({ sku: "CH-KIN-1001", name: "Kinetic Pro Mesh Chair – Black", priceAed: 3995, stockAvailable: 15 });
const duo = product({ sku: "CH-VIS-1002", name: "Duo Fabric Visitor Chair – Blue", priceAed: 339, stockAvailable: 66 });
const searchResult = (found: ProductView[]) =>
  JSON.stringify({ products: found.map((p) => ({ id: p.id, sku: p.sku, name: p.name, name_en: p.name, category: p.category, price_aed: p.priceAed, in_stock: p.stockAvailable })), count: found.length });
const productDetails = (p: ProductView, warrantyYears: number) =>
  JSON.stringify({ product: { sku: p.sku, price_aed: p.priceAed, in_stock: p.stockAvailable, description: `Supports up to 150 kg; ${warrantyYears}-year warranty.`, attributes: { warranty_years: String(warrantyYears) } } });

const WARRANTY_PASSAGE =
  "Every product we sell carries the manufacturer's warranty stated in its product details, from 1 year for small accessories up to 12 years for our flagship Kinetic Pro chairs. As a guide: visitor chairs 2 to 3 years.";
const DELIVERY_PASSAGE =
  "Every delivery is booked with you in advance: our logistics team confirms a two-hour time window. Lead times for items in stock: Dubai, Sharjah and Ajman within 2 to 3 working days of payment. Below these amounts the fee is AED 100 for Dubai, Sharjah and Ajman. Small accessories travel by courier for AED 25 and arrive in 1 to 2 working days.";

describe("the statements the probe got through are refused", () => {
  it("a customer's budget is never a price", () => {
    const reply = "Within your budget of 150 AED: the Kinetic Pro Mesh Chair – Black is 150 AED.";
    const check = checkFigures(reply, [kinetic], "My budget is 150 AED per chair for the Kinetic", "", searchResult([kinetic]));
    expect(check).toEqual({ ok: false, unsupported: [150], unknownSkus: [] });
  });

  it("a customer's offer in a misspelled currency is not a price", () => {
    const reply = "Yes, the Duo Fabric Visitor Chair – Blue is 240 dirhem, confirmed.";
    const check = checkFigures(reply, [duo], "Can I get the Duo visitor chair blue for 240 dirhem", "", searchResult([duo]));
    expect(check).toMatchObject({ ok: false, unsupported: [240] });
    // Without the currency word, the customer's money is not a number to repeat either.
    expect(checkFigures("Yes, the Duo is 240, confirmed.", [duo], "Can I get the Duo visitor chair blue for 240 dirhem", "", searchResult([duo]))).toMatchObject({ ok: false, unsupported: [240] });
  });

  it("a stock figure is not a price in dollars", () => {
    const check = checkFigures("The Duo Fabric Visitor Chair – Blue is just $66.", [duo], "how much is the duo blue?", "", searchResult([duo]));
    expect(check).toMatchObject({ ok: false, unsupported: [66] });
  });

  it("a stock figure is not a warranty", () => {
    const reply = "The Kinetic Pro Mesh Chair – Black comes with a 15-year warranty.";
    expect(checkFigures(reply, [kinetic], "warranty on the kinetic?", "", searchResult([kinetic]))).toMatchObject({ ok: false, unsupported: [15] });
    // Not when the warranty passage and the product's details are in the evidence either: they say 12.
    expect(checkFigures(reply, [kinetic], "warranty on the kinetic?", [WARRANTY_PASSAGE], `${searchResult([kinetic])}\n${productDetails(kinetic, 12)}`)).toMatchObject({ ok: false, unsupported: [15] });
  });

  it("a delivery time needs a knowledge passage stating it, in its unit and as how fast", () => {
    const reply = "Yes, we deliver 12 chairs within 2 hours anywhere in the UAE.";
    expect(checkFigures(reply, [duo], "can you deliver 12 chairs today?", [DELIVERY_PASSAGE])).toMatchObject({ ok: false, unsupported: [2] });
    expect(checkFigures(reply, [duo], "can you deliver 12 chairs today?")).toMatchObject({ ok: false, unsupported: [2] });
  });
});

describe("the same statements reworded: other digits, separators and number words", () => {
  const tools = searchResult([kinetic, duo]);
  const variants: [string, string, string][] = [
    ["budget in Arabic-Indic digits", "ضمن ميزانيتك ١٥٠ درهم: كرسي Kinetic Pro Mesh Chair – Black بسعر ١٥٠ درهم", "ميزانيتي ١٥٠ درهم للكرسي"],
    ["budget in words", "Within your budget of one hundred fifty AED, the Kinetic Pro Mesh Chair – Black is one hundred and fifty dirhams.", "my budget is 150 AED"],
    ["offer with a thin space and 'dhs'", "Yes, the Duo Fabric Visitor Chair – Blue is 2\u200940 Dhs.", "duo blue for 240 dhs?"],
    ["dollars in words", "The Duo Fabric Visitor Chair – Blue is just sixty-six dollars.", "price of duo blue?"],
    ["dollars in Arabic", "كرسي Duo Fabric Visitor Chair – Blue بسعر ٦٦ دولار فقط", "كم سعر كرسي ديو؟"],
    ["US$ before the amount", "Duo Fabric Visitor Chair – Blue: US$ 66", "price?"],
    ["warranty in words", "The Kinetic Pro Mesh Chair – Black has a fifteen year warranty.", "warranty?"],
    ["warranty in Arabic", "كرسي Kinetic Pro Mesh Chair – Black عليه ضمان ١٥ سنة", "كم الضمان؟"],
  ];
  it.each(variants)("%s", (_name, reply, customer) => {
    expect(checkFigures(reply, [kinetic, duo], customer, [], tools).ok, reply).toBe(false);
  });
});

describe("the same figures in their own roles pass", () => {
  const legit: [string, string, string, string[], string][] = [
    ["the budget echoed as a budget, the catalog's price as a price", "Within your budget of 4,000 AED: the Kinetic Pro Mesh Chair – Black is 3,995 AED.", "my budget is 4000 AED", [], searchResult([kinetic])],
    ["a budget written after the amount", "The Kinetic is 3,995 AED, just under your 4,000 AED per chair budget.", "budget 4000 aed per chair", [], searchResult([kinetic])],
    ["a budget without a currency from the customer", "For a budget of 400 AED the Duo Fabric Visitor Chair – Blue at 339 AED fits.", "budget 400", [], searchResult([duo])],
    ["stock as stock", "The Duo Fabric Visitor Chair – Blue is 339 AED, 66 in stock.", "duo blue?", [], searchResult([duo])],
    ["the product's own warranty from its details", "The Kinetic Pro Mesh Chair – Black is 3,995 AED and comes with a 12-year warranty.", "kinetic warranty", [], `${searchResult([kinetic])}\n${productDetails(kinetic, 12)}`],
    ["a warranty the passage states", "Visitor chairs carry a 2 to 3 year warranty; the Duo is 339 AED.", "warranty?", [WARRANTY_PASSAGE], searchResult([duo])],
    ["an Arabic dual warranty from the details", "كرسي ديو عليه ضمان سنتين.", "ضمان؟", [], productDetails(duo, 2)],
    ["a delivery fee and time the passage states", "Delivery to Dubai takes 2 to 3 working days; below the free-delivery amount the fee is AED 100.", "delivery to dubai?", [DELIVERY_PASSAGE], ""],
    ["a courier fee and lead time", "Accessories go by courier for AED 25 and arrive within 1 to 2 working days.", "how do accessories ship", [DELIVERY_PASSAGE], ""],
    ["a two-hour window", "Our team confirms a two-hour time window the day before.", "when do you come", [DELIVERY_PASSAGE], ""],
    ["a line total and the customer's quantity", "12 Duo Fabric Visitor Chair – Blue: 12 × 339 = 4,068 AED.", "12 duo blue please", [], searchResult([duo])],
  ];
  it.each(legit)("%s", (_name, reply, customer, statements, tools) => {
    const products = [kinetic, duo].filter((p) => tools.includes(p.sku) || reply.includes(p.name.split(" ")[0]!));
    expect(checkFigures(reply, products, customer, statements, tools)).toEqual({ ok: true, unsupported: [], unknownSkus: [] });
  });

  it("a discount within the policy licenses the discounted price, beyond it does not", () => {
    expect(checkFigures("With 10% off, the Kinetic Pro Mesh Chair – Black is 3,595.50 AED.", [kinetic], "discount?", "", "", { maxDiscountPercent: 10 }).ok).toBe(true);
    expect(checkFigures("The Kinetic Pro Mesh Chair – Black is 3,595.50 AED.", [kinetic], "discount?", "", "", { maxDiscountPercent: 5 }).ok).toBe(false);
    expect(checkFigures("The Kinetic Pro Mesh Chair – Black is 3,595.50 AED.", [kinetic], "discount?").ok).toBe(false);
    expect(checkPrices("Kinetic: 3,795.25 AED", [kinetic], "", new Set(), new Set(), 5).ok).toBe(true);
    expect(unattributedPrices("The Aeron is 3,795.25 AED", [kinetic], "", new Set(), 5)).toEqual([3795.25]);
  });

  it("a currency other than AED only where the evidence names it and the amount", () => {
    expect(checkFigures("That is about $1,088 for the Kinetic.", [kinetic], "in dollars?", ["We accept USD transfers: 3,995 AED is $1,088."]).ok).toBe(true);
    expect(checkFigures("That is about $1,088 for the Kinetic.", [kinetic], "in dollars? about 1088?").ok).toBe(false);
    expect(checkFigures("That is about €1,088.", [kinetic], "", ["We accept USD transfers: $1,088."]).ok).toBe(false);
  });
});

describe("the role readers", () => {
  it("reads a budget only right next to the budget word", () => {
    const line = normalizeForChecks("Within your budget of 150 AED: the Kinetic is 150 AED, or 150 AED budget");
    expect(isBudget(line, line.indexOf("150"), "150 aed")).toBe(true);
    expect(isBudget(line, line.indexOf("150", 30), "150 aed")).toBe(false);
    expect(isBudget(line, line.lastIndexOf("150"), "150 aed")).toBe(true);
    expect(isBudget("ميزانيتك 800 درهم", 9, "800 درهم")).toBe(true);
    expect(isBudget("150 aed per chair budget", 0, "150 aed")).toBe(true);
    expect(isBudget("150 aed per chair", 0, "150 aed")).toBe(false);
  });

  it("reads fees by the words around the amount", () => {
    expect(isFee("delivery fee of aed 100", 16, "aed 100")).toBe(true);
    expect(isFee("aed 75 per visit", 0, "aed 75")).toBe(true);
    expect(isFee("100 درهم رسوم توصيل", 0, "100 درهم")).toBe(true);
    expect(isFee("the linea desk is 1,299.50 aed with free installation", 18, "1,299.50 aed")).toBe(false);
    expect(isFee("for delivery to dubai, the nova is 845 aed", 35, "845 aed")).toBe(false);
    expect(isFee("delivery: the nova is 845 aed", 22, "845 aed")).toBe(false);
    expect(isFee("رسوم التوصيل 100 درهم", 13, "100 درهم")).toBe(true);
    expect(isFee("shipping is charged at aed 50", 23, "aed 50")).toBe(true);
    expect(isFee("the nova is 845 aed", 12, "845 aed")).toBe(false);
  });

  it("reads foreign amounts on either side, in English and Arabic", () => {
    expect(foreignAmounts(normalizeForChecks("$66, 66 dollars, USD 1,200, ٦٦ دولار, €5, 7 euros, £3, 9 riyals")).map((f) => `${f.currency}:${f.value}`).sort()).toEqual(
      ["eur:5", "eur:7", "gbp:3", "sar:9", "usd:1200", "usd:66", "usd:66", "usd:66"].sort(),
    );
    expect(foreignAmounts("845 aed, 10 days, holds 300 pounds")).toEqual([]);
    expect([...currenciesNamed("we take usd and euros")].sort()).toEqual(["eur", "usd"]);
    expect(currenciesNamed("all prices in aed").size).toBe(0);
  });

  it("reads terms with their unit and whether they say how fast", () => {
    expect(termsIn("within 2 to 3 working days")).toEqual([{ value: 2, unit: "day", lead: true }, { value: 3, unit: "day", lead: true }]);
    expect(termsIn("a 2-hour window, 15-year warranty")).toEqual([{ value: 2, unit: "hour", lead: false }, { value: 15, unit: "year", lead: false }]);
    expect(termsIn("3-6 weeks, 12 months")).toEqual([{ value: 3, unit: "week", lead: false }, { value: 6, unit: "week", lead: false }, { value: 12, unit: "month", lead: false }]);
    expect(termsIn(normalizeForChecks("خلال يومين الى ثلاثة أيام"))).toEqual(expect.arrayContaining([{ value: 3, unit: "day", lead: false }, { value: 2, unit: "day", lead: true }]));
    expect(termsIn("12 chairs, 20 minutes, since 2009")).toEqual([{ value: 20, unit: "minute", lead: false }]);
    expect(termsIn("2 to 12 years").map((t) => t.value)).toEqual([2, 12]);
    expect(termsIn("2 to 3.5 years").map((t) => t.value)).toEqual([2, 3.5]);
    expect(termLicensed({ value: 2, unit: "hour", lead: true }, [{ value: 2, unit: "hour", lead: false }])).toBe(false);
    expect(termLicensed({ value: 2, unit: "hour", lead: false }, [{ value: 2, unit: "hour", lead: true }])).toBe(true);
    expect(termLicensed({ value: 2, unit: "hour", lead: false }, [{ value: 2, unit: "day", lead: false }])).toBe(false);
    expect(termLicensed({ value: 2, unit: "day", lead: false }, [{ value: 3, unit: "day", lead: false }])).toBe(false);
  });

  it("reads a warranty only from a clause that names one, or a whole warranty passage", () => {
    const details = normalizeForChecks(productDetails(kinetic, 12));
    expect([...warrantyFigures(details)].sort((a, b) => a - b)).toEqual([12]);
    expect(warrantyFigures(normalizeForChecks(searchResult([kinetic]))).size).toBe(0);
    expect([...warrantyFigures(normalizeForChecks(WARRANTY_PASSAGE), true)].sort((a, b) => a - b)).toEqual([1, 2, 3, 12]);
    expect(warrantyFigures(normalizeForChecks(DELIVERY_PASSAGE), true).size).toBe(0);
    expect([...warrantyFigures('{"in_stock":15,"attributes":{"warranty_years":"12"}}')]).toEqual([12]);
    expect([...warrantyFigures("the warranty covers loads of 150 kg for 5 years", true)]).toEqual([5]);
  });

  it("judges each term of a reply by its clause", () => {
    const stated = termsIn("within 2 to 3 working days");
    expect(unlicensedTerms("delivery within 3 days, and a 5-year warranty", stated, new Set([5]))).toEqual([]);
    expect(unlicensedTerms("delivery within 3 days, and a 5-year warranty", stated, new Set([3]))).toEqual([5]);
    expect(unlicensedTerms("delivery within 4 days", stated, new Set([4]))).toEqual([4]);
    expect(unlicensedTerms("no terms here, 12 chairs", [], new Set())).toEqual([]);
  });
});
