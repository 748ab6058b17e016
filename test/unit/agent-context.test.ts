import { describe, expect, it } from "vitest";
import { customerHistoryLine } from "../../src/core/analytics/agent-context";

describe("what the salesperson is told about a customer's history", () => {
  it("nothing when no analytics run has seen the customer", () => {
    expect(customerHistoryLine(null)).toBeNull();
  });
  it("a returning big account is named as one, with the last order's number and date and no amount", () => {
    const line = customerHistoryLine({ segment: "big_account", frequency: 7, lastOrder: { number: "SO-00412", date: "2026-10-03" } })!;
    expect(line).toContain("big account");
    expect(line).toContain("7 earlier orders");
    expect(line).toContain("SO-00412 on 3 October 2026");
    expect(line).not.toMatch(/AED|درهم/);
  });
  it("a prospect is not given an order it never placed", () => {
    const line = customerHistoryLine({ segment: "prospect", frequency: 0, lastOrder: null })!;
    expect(line).toContain("no standing orders on record");
    expect(line).not.toContain("last was");
  });
  it("one order is said as one", () => {
    expect(customerHistoryLine({ segment: "new", frequency: 1, lastOrder: { number: "SO-1", date: "2026-11-20" } })).toContain("one earlier order; the last was SO-1 on 20 November 2026");
  });
});
