import { describe, expect, it } from "vitest";
import { lowStockAlerts, returnedToStock, stockChanges } from "../../src/core/catalog/stock-moves";

describe("returnedToStock", () => {
  it("names a product whose stock went from none to some", () => {
    expect(returnedToStock([{ productId: "a", before: 0, after: 3 }])).toEqual(["a"]);
  });
  it("counts a negative figure (oversold) as none", () => {
    expect(returnedToStock([{ productId: "a", before: -2, after: 1 }])).toEqual(["a"]);
  });
  it("ignores stock that only grew, stayed empty, fell, or a product new to us", () => {
    expect(
      returnedToStock([
        { productId: "grew", before: 1, after: 5 },
        { productId: "empty", before: 0, after: 0 },
        { productId: "fell", before: 4, after: 0 },
        { productId: "new", before: null, after: 9 },
      ]),
    ).toEqual([]);
  });
  it("names a product once even when it appears twice", () => {
    expect(returnedToStock([{ productId: "a", before: 0, after: 1 }, { productId: "a", before: 0, after: 2 }])).toEqual(["a"]);
  });
});

describe("lowStockAlerts", () => {
  const quoted = [
    { quotationId: "q1", productId: "chair", quantity: 10 },
    { quotationId: "q2", productId: "chair", quantity: 4 },
    { quotationId: "q3", productId: "desk", quantity: 2 },
  ];
  it("alerts when the stock falls below a quoted quantity it covered before", () => {
    expect(lowStockAlerts([{ productId: "chair", before: 12, after: 6 }], quoted)).toEqual([
      { productId: "chair", before: 12, after: 6, quotations: [{ quotationId: "q1", quantity: 10 }] },
    ]);
  });
  it("names every quotation one drop leaves short, in one alert", () => {
    expect(lowStockAlerts([{ productId: "chair", before: 10, after: 3 }], quoted)).toEqual([
      { productId: "chair", before: 10, after: 3, quotations: [{ quotationId: "q1", quantity: 10 }, { quotationId: "q2", quantity: 4 }] },
    ]);
  });
  it("says nothing when the stock was already short (the same low figure synced again)", () => {
    expect(lowStockAlerts([{ productId: "chair", before: 6, after: 6 }], quoted)).toEqual([]);
    expect(lowStockAlerts([{ productId: "chair", before: 6, after: 5 }], [quoted[0]!])).toEqual([]);
  });
  it("says nothing when the stock still covers the quotation exactly", () => {
    expect(lowStockAlerts([{ productId: "desk", before: 5, after: 2 }], quoted)).toEqual([]);
  });
  it("alerts when the stock falls to one below the quantity", () => {
    expect(lowStockAlerts([{ productId: "desk", before: 2, after: 1 }], quoted)).toHaveLength(1);
  });
  it("says nothing when the stock rose, for a product new to us, or for a product no open quotation quotes", () => {
    expect(lowStockAlerts([{ productId: "chair", before: 2, after: 3 }], quoted)).toEqual([]);
    expect(lowStockAlerts([{ productId: "chair", before: null, after: 1 }], quoted)).toEqual([]);
    expect(lowStockAlerts([{ productId: "sofa", before: 9, after: 0 }], quoted)).toEqual([]);
  });
});

describe("stockChanges", () => {
  it("keeps products whose available figure moved or that are new, with both figures", () => {
    const before = new Map([
      ["a", 0],
      ["b", 5],
    ]);
    expect(stockChanges(before, [{ id: "a", stockAvailable: 2 }, { id: "b", stockAvailable: 5 }, { id: "c", stockAvailable: 1 }])).toEqual([
      { productId: "a", before: 0, after: 2 },
      { productId: "c", before: null, after: 1 },
    ]);
  });
});
