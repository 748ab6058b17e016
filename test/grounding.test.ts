import { describe, expect, it } from "vitest";
import { checkPrices, statedAmounts } from "../src/agent/grounding";
import type { ProductView } from "../src/agent/catalog";

const chair = { id: "1", sku: "CH-1", name: "Chair", priceAed: 845 } as ProductView;

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
