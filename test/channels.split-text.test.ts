import { describe, expect, it } from "vitest";
import { splitForChannel } from "../src/core/channels/split-text";

/** Whitespace-insensitive: what a reader sees once the parts are put back together. */
const words = (text: string) => text.split(/\s+/).filter(Boolean);

function expectWellFormed(text: string, parts: string[], max: number) {
  for (const part of parts) {
    expect(part.length).toBeLessThanOrEqual(max);
    expect(part.trim()).toBe(part);
    expect(part).not.toBe("");
  }
  expect(words(parts.join("\n\n"))).toEqual(words(text));
}

describe("splitForChannel", () => {
  it("gives back a text that fits whole and untouched", () => {
    expect(splitForChannel("Hello, how can I help?", 4096)).toEqual(["Hello, how can I help?"]);
    expect(splitForChannel("x".repeat(4096), 4096)).toEqual(["x".repeat(4096)]);
    expect(splitForChannel(" two spaces  \n", 4096)).toEqual([" two spaces  \n"]);
    expect(splitForChannel("", 4096)).toEqual([""]);
  });

  it("drops the blank edges of a long text, never making an empty part", () => {
    expect(splitForChannel(`\n\n  ${"word ".repeat(10)}\n\n`, 20)).toEqual(["word word word word", "word word word word", "word word"]);
  });

  it("cuts at the last paragraph break that fits, not at an earlier line or a word", () => {
    const first = "Here are three chairs:\n1. Mesh chair, AED 450\n2. Task chair, AED 300";
    const second = "Shall I prepare a quotation?";
    const parts = splitForChannel(`${first}\n\n${second}`, first.length + 5);
    expect(parts).toEqual([first, second]);
  });

  it("packs several paragraphs into a part while they fit", () => {
    const paragraphs = ["aaaa aaaa", "bbbb bbbb", "cccc cccc", "dddd dddd"];
    const parts = splitForChannel(paragraphs.join("\n\n"), 20);
    expect(parts).toEqual(["aaaa aaaa\n\nbbbb bbbb", "cccc cccc\n\ndddd dddd"]);
  });

  it("falls back to line breaks inside a paragraph longer than the limit", () => {
    const lines = ["line one is here", "line two is here", "line three here"];
    const parts = splitForChannel(lines.join("\n"), 35);
    expect(parts).toEqual(["line one is here\nline two is here", "line three here"]);
  });

  it("falls back to spaces in a long line and never cuts a word that fits", () => {
    const text = "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda";
    const parts = splitForChannel(text, 12);
    expectWellFormed(text, parts, 12);
    for (const part of parts) for (const word of words(part)) expect(words(text)).toContain(word);
  });

  it("cuts a word only when it alone is longer than the limit, and never inside an emoji", () => {
    const url = `https://agent.test/${"q".repeat(30)}`;
    const parts = splitForChannel(`see ${url} now`, 20);
    // "see" cannot join the URL's first piece; the URL is then cut at the full limit.
    expect(parts[0]).toBe("see");
    expect(parts[1]).toBe(url.slice(0, 20));
    expect(parts.join("").replace(/\s/g, "")).toBe(`see${url}now`);
    const emoji = "😀".repeat(5); // 10 UTF-16 units
    const cut = splitForChannel(emoji, 5);
    expect(cut.join("")).toBe(emoji);
    for (const part of cut) expect(part).toMatch(/^(😀)+$/u);
  });

  it("splits Arabic on the same boundaries and loses nothing", () => {
    const paragraph = "لدينا كرسي شبكي مريح بسعر ٤٥٠ درهم، ومكتب مدير من خشب الجوز بسعر ٢٬٨٠٠ درهم.";
    const numbered = Array.from({ length: 120 }, (_, i) => `${i + 1}. ${paragraph}`);
    const paragraphs = numbered.join("\n\n");
    const lines = numbered.join("\n");
    for (const source of [paragraphs, lines]) {
      const parts = splitForChannel(source, 4096);
      expect(parts.length).toBeGreaterThan(1);
      expectWellFormed(source, parts, 4096);
      // Every cut falls between numbered paragraphs: each part starts with a number.
      for (const part of parts) expect(part).toMatch(/^\d+\. لدينا/);
    }
  });

  it("is exact on a long mixed reply: every part full up to a boundary, the text back when joined", () => {
    const sentence = "The Ergo Mesh chair (SKU CH-101) costs AED 450 and 12 are in stock. ";
    const text = Array.from({ length: 40 }, (_, i) => sentence.repeat((i % 5) + 1).trim()).join("\n\n");
    const parts = splitForChannel(text, 1000);
    expectWellFormed(text, parts, 1000);
    // Greedy: no two neighbouring parts would have fitted together.
    for (let i = 1; i < parts.length; i++) expect(parts[i - 1]!.length + 2 + parts[i]!.length).toBeGreaterThan(1000);
  });

  it("refuses a limit it cannot honour", () => {
    expect(() => splitForChannel("text", 1)).toThrow(RangeError);
    expect(() => splitForChannel("text", 2.5)).toThrow(RangeError);
  });
});
