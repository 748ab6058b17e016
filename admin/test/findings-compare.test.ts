import { describe, expect, it } from "vitest";
import { beforeAfterRows, change } from "../src/screens/findings/compare";

const run = (persona: string, overall: number | null, failed: string[] = [], scores: [string, number][] = []) => ({
  persona,
  overall,
  flags: [],
  scores: scores.map(([criterion, score]) => ({ criterion, score })),
  codeCriteria: ["no_invented_figure", "replies_in_customer_language"].map((criterion) => ({ criterion, passed: !failed.includes(criterion) })),
});

describe("the before/after table of a comparison", () => {
  it("has a row per persona with the draft's failed code criteria, then criteria averaged, then the overall", () => {
    const rows = beforeAfterRows({
      status: "failing",
      reasons: [],
      draft: { promptVersion: null, averageScore: 4.5, runs: [run("omar", 5, ["no_invented_figure"], [["accuracy", 5]]), run("khalid", 4, [], [["accuracy", 4]])] },
      active: { promptVersion: 3, averageScore: 3, runs: [run("omar", 3, [], [["accuracy", 2]]), run("khalid", 3, ["replies_in_customer_language"], [["accuracy", 3]])] },
    });
    expect(rows).toEqual([
      { label: "omar", active: 3, draft: 5, draftFailures: ["no_invented_figure"], activeFailures: [] },
      { label: "khalid", active: 3, draft: 4, draftFailures: [], activeFailures: ["replies_in_customer_language"] },
      { label: "accuracy", active: 2.5, draft: 4.5, draftFailures: [], activeFailures: [] },
      { label: "overall", active: 3, draft: 4.5, draftFailures: [], activeFailures: [] },
    ]);
  });

  it("says how a score changed", () => {
    expect([change(3, 4.5), change(4, 3), change(4, 4), change(null, 4)]).toEqual(["+1.5", "−1", "=", "—"]);
  });
});
