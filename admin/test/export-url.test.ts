import { describe, expect, it } from "vitest";
import { exportUrl } from "../src/screens/shared/export";

describe("export links", () => {
  it("leaves the range open without dates", () => {
    expect(exportUrl("customers", "", "")).toBe("/api/v1/export/customers.csv");
  });
  it("takes whole UTC days, the end day included", () => {
    expect(exportUrl("orders", "2026-12-01", "2026-12-31")).toBe("/api/v1/export/orders.csv?from=2026-12-01T00%3A00%3A00Z&to=2027-01-01T00%3A00%3A00Z");
    expect(exportUrl("quotations", "", "2026-02-28")).toBe("/api/v1/export/quotations.csv?to=2026-03-01T00%3A00%3A00Z");
  });
  it("ignores what is not a date", () => {
    expect(exportUrl("conversations", "yesterday", "x")).toBe("/api/v1/export/conversations.csv");
  });
});
