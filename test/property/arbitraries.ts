import fc from "fast-check";

/**
 * Shared pieces of the property tests. A fixed seed makes every run the same inputs; fast-check
 * prints the seed and the shrunk counterexample's path when a property fails, so a failure
 * replays with `{ seed, path }`. Run counts stay small: each run of a webhook property is a real
 * turn in workerd (about half a second), so a file takes seconds.
 */
export const SEED = 20261130;

export function runs(numRuns: number): fc.Parameters<unknown> {
  return { seed: SEED, numRuns, endOnFailure: true, verbose: 1 };
}

/** Characters that have broken text paths before: NUL and other controls, zero-width and bidi marks, lone surrogates. */
const awkward = fc.constantFrom("\u0000", "\u0007", "\u001b", "\u007f", "\u200b", "\u200d", "\u202e", "\u2066", "\ufeff", "\ud800", "\udfff", "\uffff", "\n", "\r\n", "\t", "'", '"', "\\", "%", "${", "<script>", "٣", "۷", "درهم", "AED", "😀");

/** Customer text: any Unicode, salted with the awkward characters, sometimes very long. */
export const customerText = fc.oneof(
  { weight: 3, arbitrary: fc.array(fc.oneof(fc.string({ unit: "binary", maxLength: 12 }), awkward), { maxLength: 12 }).map((parts) => parts.join("")) },
  { weight: 1, arbitrary: fc.string({ unit: "grapheme", minLength: 1, maxLength: 40 }) },
  { weight: 1, arbitrary: fc.tuple(fc.string({ minLength: 1, maxLength: 3 }), fc.integer({ min: 1000, max: 20_000 })).map(([s, n]) => s.repeat(Math.ceil(n / s.length)).slice(0, n)) },
);

/** True when a text has something to answer: a letter or digit once the controls are gone. */
export function hasWords(text: string | null | undefined): boolean {
  return /[\p{L}\p{N}]/u.test(text ?? "");
}

/** A JSON value of any shape, for fields that should be one thing and may be anything. */
export const anyJson = fc.jsonValue({ maxDepth: 2 });
