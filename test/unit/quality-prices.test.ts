import { describe, expect, it } from "vitest";
import { orderWithoutConfirmation } from "../../src/core/quality/flags/orders";
import { priceFits, priceMismatch } from "../../src/core/quality/flags/prices";
import type { ReviewQuotation } from "../../src/core/quality/flags/types";
import { at, chat } from "./quality-fixtures";

const catalog = [
  { sku: "CH-ERGO-001", name: "Ergo Chair", priceAed: 450, knownSince: at(-1000) },
  { sku: "DK-EXEC-002", name: "Exec Desk", priceAed: 2100, knownSince: at(-1000) },
];
const withCatalog = (text: string) => chat([[0, "customer", "prices?"], [5, "agent", text]], { catalog });

describe("price_mismatch: a price in a reply that differs from the catalog at that time", () => {
  it("flags a product quoted at another price, naming the SKU and both prices", () => {
    const flags = priceMismatch(withCatalog("• Ergo Chair (CH-ERGO-001) at 399 AED, 20 in stock"));
    expect(flags).toEqual([{ flag: "price_mismatch", messageIds: ["m2"], detail: "CH-ERGO-001 quoted at 399 AED; the catalog price was 450 AED." }]);
  });

  it("accepts the catalog price, the price with VAT, a quotation line total, and Arabic", () => {
    expect(priceMismatch(withCatalog("• Ergo Chair (CH-ERGO-001) at 450 AED\n• Exec Desk (DK-EXEC-002) at AED 2,205"))).toEqual([]);
    expect(priceMismatch(withCatalog("1. Ergo Chair (CH-ERGO-001) × 3 @ 450.00 AED = 1,350.00 AED"))).toEqual([]);
    expect(priceMismatch(withCatalog("• Ergo Chair (CH-ERGO-001) بسعر ٤٥٠ درهم"))).toEqual([]);
  });

  it("judges each line on its own", () => {
    const flags = priceMismatch(withCatalog("• Ergo Chair (CH-ERGO-001) at 450 AED\n• Exec Desk (DK-EXEC-002) at 1,999 AED"));
    expect(flags.map((f) => f.detail)).toEqual(["DK-EXEC-002 quoted at 1999 AED; the catalog price was 2100 AED."]);
  });

  it("skips products whose price changed after the reply, lines naming two products, and unknown SKUs", () => {
    const changed = chat([[0, "customer", "?"], [5, "agent", "Ergo Chair (CH-ERGO-001) at 399 AED"]], { catalog: [{ ...catalog[0]!, knownSince: at(100) }] });
    expect(priceMismatch(changed)).toEqual([]);
    expect(priceMismatch(withCatalog("CH-ERGO-001 or DK-EXEC-002 from 300 AED"))).toEqual([]);
    expect(priceMismatch(withCatalog("ZZ-NONE-9 at 5 AED"))).toEqual([]);
    expect(priceMismatch(withCatalog("Ergo Chair (CH-ERGO-001) is in stock"))).toEqual([]);
  });

  it("reads the amount after the SKU (not one before it) and judges a price known exactly at the reply's time", () => {
    expect(priceMismatch(withCatalog("Budget 999 AED: Ergo Chair (CH-ERGO-001) at 450 AED"))).toEqual([]);
    const sameTime = chat([[0, "customer", "?"], [5, "agent", "Ergo Chair (CH-ERGO-001) at 399 AED"]], { catalog: [{ ...catalog[0]!, knownSince: at(5) }] });
    expect(priceMismatch(sameTime)).toHaveLength(1);
    expect(priceMismatch(withCatalog("Ergo Chair (CH-ERGO-001) costs 450 AED, or AED 2,100 for the DK-EXEC-002"))).toEqual([]);
  });

  it("fits amounts by unit price, VAT and stated quantities only", () => {
    expect(priceFits(900, 450, 5, "x 2")).toBe(true);
    expect(priceFits(945, 450, 5, "x 2")).toBe(true);
    expect(priceFits(472.5, 450, 5, "")).toBe(true);
    expect(priceFits(900, 450, 5, "")).toBe(false);
    expect(priceFits(450.5, 450, 5, "")).toBe(false);
  });
});

const quotation = (extra: Partial<ReviewQuotation> = {}): ReviewQuotation => ({ id: "q1", number: "Q-000001", state: "ordered", shownAt: at(10), confirmedAt: at(20), confirmedBy: "customer", ...extra });

describe("order_without_confirmation: must never happen", () => {
  const shown: Parameters<typeof chat>[0] = [[0, "customer", "quote 3 x CH-ERGO-001"], [10, "agent", "Quotation Q-000001 ..."]];

  it("accepts an explicit yes after the quotation was shown", () => {
    expect(orderWithoutConfirmation(chat([...shown, [18, "customer", "yes please confirm"]], { quotations: [quotation()] }))).toEqual([]);
  });

  it("flags an order whose only answer was not a confirmation, with the message and the order notice", () => {
    const input = chat([...shown, [18, "customer", "hmm maybe later"], [25, "system", "Order placed", "order-q1"]], { quotations: [quotation()] });
    expect(orderWithoutConfirmation(input)).toEqual([{ flag: "order_without_confirmation", messageIds: ["m3", "m4"], detail: expect.stringContaining("Q-000001") }]);
  });

  it("flags a yes written before the quotation was shown, and a quotation never shown", () => {
    const early = chat([[0, "customer", "yes"], [100, "agent", "Quotation ..."]], { quotations: [quotation({ shownAt: at(100), confirmedAt: at(110) })] });
    expect(orderWithoutConfirmation(early)).toHaveLength(1);
    expect(orderWithoutConfirmation(chat([[0, "customer", "yes"]], { quotations: [quotation({ shownAt: null })] }))).toHaveLength(1);
  });

  it("matches the yes within the window between showing and confirming, and cites the order notice of this quotation only", () => {
    const late = chat([...shown, [18, "customer", "hmm"], [25, "system", "Order placed", "order-q1"], [26, "system", "x", "xorder-q1"], [200, "customer", "yes"]], { quotations: [quotation()] });
    expect(orderWithoutConfirmation(late)[0]!.messageIds).toEqual(["m3", "m4"]);
    const agentYes = chat([...shown, [18, "agent", "yes"]], { quotations: [quotation()] });
    expect(orderWithoutConfirmation(agentYes)[0]!.messageIds).toEqual(["m1"]);
    // A minute of clock difference either side: after shownAt - 60 s (strictly), up to confirmedAt + 60 s.
    const yesAt = (t: number, q: Partial<ReviewQuotation>) => orderWithoutConfirmation(chat([[t, "customer", "yes"]], { quotations: [quotation(q)] }));
    expect(yesAt(41, { shownAt: at(100), confirmedAt: at(200) })).toEqual([]);
    expect(yesAt(40, { shownAt: at(100), confirmedAt: at(200) })).toHaveLength(1);
    expect(yesAt(260, { shownAt: at(100), confirmedAt: at(200) })).toEqual([]);
    expect(yesAt(261, { shownAt: at(100), confirmedAt: at(200) })).toHaveLength(1);
  });

  it("ignores unconfirmed quotations and a manager's confirmation", () => {
    expect(orderWithoutConfirmation(chat(shown, { quotations: [quotation({ state: "shown", confirmedAt: null }), quotation({ confirmedBy: "manager" })] }))).toEqual([]);
  });
});
