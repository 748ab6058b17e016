import { describe, expect, it } from "vitest";
import { deliveryAmount, deliveryQuote, pickVatTax, sameAmount, type DeliveryFee, type TaxChoice } from "../../src/core/domain/order-money";
import { deliveryLine, quotationTotals } from "../../src/core/domain/quotation";

const FEES: DeliveryFee[] = [
  { city: "Dubai", feeAed: 100, freeFromAed: 2000 },
  { city: "Abu Dhabi", feeAed: 200, freeFromAed: 5000 },
  { city: "Ras Al Khaimah", feeAed: 250, freeFromAed: null },
  { city: "Hatta", feeAed: 0, freeFromAed: null },
];

describe("delivery by city", () => {
  it("charges the city's fee below its threshold, whatever the spelling", () => {
    expect(deliveryQuote("Abu Dhabi", 4999.99, FEES)).toEqual({ kind: "fee", city: "Abu Dhabi", feeAed: 200 });
    expect(deliveryQuote("  abu-dhabi ", 100, FEES)).toEqual({ kind: "fee", city: "Abu Dhabi", feeAed: 200 });
    expect(deliveryQuote("ABUDHABI", 100, FEES)).toEqual({ kind: "fee", city: "Abu Dhabi", feeAed: 200 });
  });

  it("is free from the threshold on, and when the fee is 0", () => {
    expect(deliveryQuote("Dubai", 2000, FEES)).toEqual({ kind: "free", city: "Dubai" });
    expect(deliveryQuote("Dubai", 1999.99, FEES)).toEqual({ kind: "fee", city: "Dubai", feeAed: 100 });
    expect(deliveryQuote("Ras Al Khaimah", 1_000_000, FEES)).toEqual({ kind: "fee", city: "Ras Al Khaimah", feeAed: 250 });
    expect(deliveryQuote("Hatta", 10, FEES)).toEqual({ kind: "free", city: "Hatta" });
  });

  it("is quoted separately for an unknown or unlisted city", () => {
    expect(deliveryQuote(null, 100, FEES)).toEqual({ kind: "separate" });
    expect(deliveryQuote("", 100, FEES)).toEqual({ kind: "separate" });
    expect(deliveryQuote(" - ", 100, FEES)).toEqual({ kind: "separate" });
    expect(deliveryQuote("Khor Fakkan", 100, FEES)).toEqual({ kind: "separate" });
    expect(deliveryQuote("Dubai", 100, [])).toEqual({ kind: "separate" });
    // A fee whose city is only punctuation never matches a customer who gave no city.
    expect(deliveryQuote(null, 100, [{ city: "-", feeAed: 50, freeFromAed: null }])).toEqual({ kind: "separate" });
    expect(deliveryQuote("?", 100, [{ city: "-", feeAed: 50, freeFromAed: null }])).toEqual({ kind: "separate" });
  });

  it("puts the fee, 0 or nothing into the total, and says which", () => {
    expect(deliveryAmount({ kind: "fee", city: "Dubai", feeAed: 100 })).toBe(100);
    expect(deliveryAmount({ kind: "free", city: "Dubai" })).toBe(0);
    expect(deliveryAmount({ kind: "separate" })).toBeNull();
    const lines = [{ sku: "A", name: "A", nameAr: null, unitPriceAed: 845, quantity: 3 }];
    expect(quotationTotals(lines, 5, 200)).toEqual({ subtotalAed: 2535, vatAed: 126.75, deliveryAed: 200, totalAed: 2861.75 });
    expect(quotationTotals(lines, 5, null)).toEqual({ subtotalAed: 2535, vatAed: 126.75, deliveryAed: null, totalAed: 2661.75 });
    expect(quotationTotals(lines, 5)).toEqual({ subtotalAed: 2535, vatAed: 126.75, deliveryAed: null, totalAed: 2661.75 });
    expect(deliveryLine(200, "Abu Dhabi", "en")).toBe("Delivery to Abu Dhabi: 200.00 AED");
    expect(deliveryLine(0, "Dubai", "en")).toBe("Delivery to Dubai: free");
    expect(deliveryLine(null, null, "en")).toBe("Delivery: quoted separately (not included in the total)");
    expect(deliveryLine(200, "أبوظبي", "ar")).toBe("التوصيل إلى أبوظبي: 200.00 درهم");
    expect(deliveryLine(0, null, "ar")).toBe("التوصيل: مجاني");
    expect(deliveryLine(null, "x", "ar")).toContain("غير مشمولة");
  });
});

describe("the sale order's VAT tax", () => {
  const tax = (taxId: string, name: string, percentage: number, isDefault = false): TaxChoice => ({ taxId, name, percentage, isDefault });

  it("takes the tax at the quotation's rate, a VAT-named or default one first", () => {
    expect(pickVatTax([tax("1", "Zero rated", 0, true), tax("2", "Standard", 5), tax("3", "VAT", 5)], 5)?.taxId).toBe("3");
    expect(pickVatTax([tax("2", "Standard", 5), tax("4", "Other", 5, true)], 5)?.taxId).toBe("4");
    expect(pickVatTax([tax("2", "Standard", 5)], 5)?.taxId).toBe("2");
  });

  it("falls back to the default tax, then one named VAT (the total check catches a different rate)", () => {
    expect(pickVatTax([tax("1", "Sales", 7), tax("2", "VAT", 7, true)], 5)?.taxId).toBe("2");
    expect(pickVatTax([tax("1", "Sales", 7), tax("2", "UAE VAT", 7)], 5)?.taxId).toBe("2");
    expect(pickVatTax([tax("1", "Sales", 7)], 5)).toBeNull();
    // The default tax comes before one that is only named VAT.
    expect(pickVatTax([tax("1", "VAT", 7), tax("2", "Sales", 7, true)], 5)?.taxId).toBe("2");
  });

  it("sends no tax when the quotation has no VAT or Zoho has no taxes", () => {
    expect(pickVatTax([tax("1", "VAT", 5, true)], 0)).toBeNull();
    expect(pickVatTax([], 5)).toBeNull();
  });

  it("compares amounts to the fils", () => {
    expect(sameAmount(2835, 2835.001)).toBe(true);
    expect(sameAmount(2835, 2835.01)).toBe(false);
    expect(sameAmount(0.1 + 0.2, 0.3)).toBe(true);
  });
});
