import { describe, expect, it } from "vitest";
import { backInStockState } from "../src/screens/customers/back-in-stock-view";

describe("a back-in-stock request on the customer profile", () => {
  it("says it waits, or that the customer was told", () => {
    expect(backInStockState({ status: "waiting", reason: null })).toEqual({ label: "waiting for stock", tone: "neutral", detail: null });
    expect(backInStockState({ status: "notified", reason: null })).toEqual({ label: "told it is back", tone: "good", detail: null });
  });
  it("says in words why a notice did not go", () => {
    expect(backInStockState({ status: "skipped", reason: "opted_out" })).toMatchObject({ tone: "warn", detail: "the customer opted out (STOP)" });
    expect(backInStockState({ status: "skipped", reason: "no_template" }).detail).toContain("24-hour window");
    expect(backInStockState({ status: "skipped", reason: "something_new" }).detail).toBe("something new");
    expect(backInStockState({ status: "skipped", reason: null }).detail).toBeNull();
  });
});
