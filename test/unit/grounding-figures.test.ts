import { describe, expect, it } from "vitest";
import { checkFigures, checkPrices, statedAmounts, statedStock } from "../../src/core/agent/grounding";
import type { ProductView } from "../../src/core/agent/catalog";

const chair = { id: "1", sku: "CH-1", name: "Chair", priceAed: 845, stockAvailable: 76 } as ProductView;

describe("price grounding", () => {
  it("reads amounts in English and Arabic notation", () => {
    expect(statedAmounts("Only 1,299 AED or AED 845.50, Dhs 99")).toEqual([1299, 845.5, 99]);
    expect(statedAmounts("السعر ٨٤٥ درهم")).toEqual([845]);
  });

  it("accepts catalog prices and whole-quantity totals, refuses anything else", () => {
    expect(checkPrices("845 AED each, 10,140 AED for 12", [chair], "12 chairs").ok).toBe(true);
    expect(checkPrices("special price 799 AED", [chair], "12 chairs")).toEqual({ ok: false, unsupported: [799] });
    expect(checkPrices("12 AED", [chair], "price for 12?").ok).toBe(false);
    expect(checkPrices("within your 800 AED budget: 845 AED", [chair], "budget 800 AED").ok).toBe(true);
  });
});

describe("stock grounding", () => {
  it("reads stock figures in English and Arabic and accepts only the tools' figures", () => {
    expect(statedStock("845 AED, 76 in stock; only 3 left")).toEqual([76, 3]);
    expect(statedStock("المتوفر: ٢٣")).toEqual([23]);
    expect(checkFigures("Chair: 845 AED, 76 in stock", [chair], "").ok).toBe(true);
    expect(checkFigures("Chair: 845 AED, 500 in stock", [chair], "")).toEqual({ ok: false, unsupported: [500], unknownSkus: [] });
  });

  it("refuses a real price put on a product the tools did not return", () => {
    const nova = { ...chair, name: "Nova Ergonomic Mesh Chair – Black", nameAr: "كرسي نوفا الشبكي المريح – أسود", sku: "CH-NOV-1001" };
    expect(checkFigures("The Nova is 845 AED", [nova], "").ok).toBe(true);
    expect(checkFigures("كرسي نوفا بسعر 845 درهم", [nova], "").ok).toBe(true);
    expect(checkFigures("The Herman Miller Aeron is 845 AED", [nova], "")).toMatchObject({ ok: false, unsupported: [845] });
  });

  it("refuses SKUs no tool returned", () => {
    const known = { ...chair, sku: "CH-NOV-1001" };
    expect(checkFigures("Nova (CH-NOV-1001): 845 AED", [known], "").ok).toBe(true);
    expect(checkFigures("Try the Aeron (CH-AER-9999): 845 AED", [known], "")).toMatchObject({ ok: false, unknownSkus: ["CH-AER-9999"] });
  });
});

describe("list numbering", () => {
  const desk = { ...chair, id: "2", sku: "DK-1", name: "Desk", priceAed: 1200, stockAvailable: 4 };

  it("does not read the numbers of a numbered list as figures", () => {
    const list = "Here are 2 options:\n1. Chair (CH-1): 845 AED, 76 in stock\n2) Desk (DK-1): 1,200 AED, 4 in stock\n3. Ask me for more";
    expect(checkFigures(list, [chair, desk], "two options please")).toEqual({ ok: true, unsupported: [], unknownSkus: [] });
  });

  it("still refuses an invented figure on a numbered line and a number that only looks like a marker", () => {
    expect(checkFigures("1. Chair (CH-1): 845 AED, 500 in stock", [chair], "")).toMatchObject({ ok: false, unsupported: [500] });
    expect(checkFigures("We can deliver in 7. days", [chair], "")).toMatchObject({ ok: false, unsupported: [7] });
  });
});
