import { describe, expect, it } from "vitest";
import { diffLines, diffStats } from "../src/screens/prompts/diff";

const kinds = (before: string, after: string) => diffLines(before, after).map((l) => `${l.kind[0]}${l.text}`);

describe("the prompt screen's line diff", () => {
  it("keeps common lines and marks the changed ones, removals first", () => {
    expect(kinds("a\nb\nc", "a\nB\nc")).toEqual(["sa", "rb", "aB", "sc"]);
    expect(kinds("a\nb\nc", "a\nc")).toEqual(["sa", "rb", "sc"]);
    expect(kinds("a\nc", "a\nb\nc")).toEqual(["sa", "ab", "sc"]);
  });

  it("numbers lines on each side", () => {
    expect(diffLines("x\ny", "y\nz")).toEqual([
      { kind: "removed", text: "x", oldLine: 1, newLine: null },
      { kind: "same", text: "y", oldLine: 2, newLine: 1 },
      { kind: "added", text: "z", oldLine: null, newLine: 2 },
    ]);
  });

  it("finds the smallest change, not a line-by-line replacement", () => {
    const before = ["intro", "rule one", "rule two", "rule three", "closing"].join("\n");
    const after = ["intro", "rule zero", "rule one", "rule two", "rule three", "closing"].join("\n");
    expect(diffStats(diffLines(before, after))).toEqual({ added: 1, removed: 0 });
  });

  it("treats identical texts, empty texts, CRLF and a final newline sensibly", () => {
    expect(diffStats(diffLines("same\ntext", "same\ntext"))).toEqual({ added: 0, removed: 0 });
    expect(kinds("", "")).toEqual([]);
    expect(kinds("", "new")).toEqual(["anew"]);
    expect(kinds("old", "")).toEqual(["rold"]);
    expect(kinds("a\r\nb\n", "a\nb")).toEqual(["sa", "sb"]);
  });

  it("handles repeated lines and Arabic text", () => {
    expect(kinds("-\n-\nx", "-\nx\n-")).toEqual(["s-", "r-", "sx", "a-"]);
    expect(kinds("مرحبا\nأهلا", "مرحبا\nأهلاً")).toEqual(["sمرحبا", "rأهلا", "aأهلاً"]);
  });

  it("shows very long texts as replaced instead of building a huge table", () => {
    const long = Array.from({ length: 4001 }, (_, i) => `line ${i}`).join("\n");
    expect(diffStats(diffLines(long, "x"))).toEqual({ added: 1, removed: 4001 });
  });
});
