import { normalizeArabic } from "../../domain/language";
import { numberWordsToDigits } from "./number-words";

/**
 * Text as the checks on a reply read it: what the customer would see, in one spelling. Every
 * check on the model's reply (and on the evidence it is compared with) reads this form, so a
 * rewording that looks the same to the customer looks the same to the check.
 */

// Zero-width, joiners, word joiner, invisible operators, BOM, soft hyphen, Mongolian vowel separator,
// combining grapheme joiner, Arabic letter mark, and the bidi embeddings, overrides and isolates.
const INVISIBLE = /[\u00AD\u034F\u061C\u115F\u1160\u17B4\u17B5\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\u3164\uFE00-\uFE0F\uFEFF\uFFA0]/g;

// Cyrillic and Greek letters drawn like Latin ones ("оrder" with a Cyrillic о); NFKC keeps them apart.
const LOOKALIKES: Record<string, string> = {
  а: "a", в: "b", е: "e", к: "k", м: "m", н: "h", о: "o", р: "p", с: "c", т: "t", у: "y", х: "x", і: "i", ј: "j", ѕ: "s", ԁ: "d", ɡ: "g", ӏ: "l",
  α: "a", β: "b", ε: "e", η: "n", ι: "i", κ: "k", ν: "v", ο: "o", ρ: "p", τ: "t", υ: "u", χ: "x",
};
const LOOKALIKE = new RegExp(`[${Object.keys(LOOKALIKES).join("")}]`, "g");

// Percent written out; longest first so "percentage" is not read as "percent" + "age".
const PERCENT_WORDS = String.raw`(?:%|٪|percentage|percent|per\s*cent|pct\.?|p\.c\.|في\s*الم[يئا]+ه|بالم[يئا]+ه|في\s*المائه|بالمائه)`;
const NUMBER_THEN_PERCENT = new RegExp(String.raw`(\d+(?:\.\d+)?)\s*${PERCENT_WORDS}`, "giu");
// "%30" as Arabic text often writes it; not the "5" after "100% 5 years".
const PERCENT_THEN_NUMBER = new RegExp(String.raw`(?<![\d.]\s*)[%٪]\s*(\d+(?:\.\d+)?)(?![\d%])`, "gu");

// A turn reads the same texts (the system prompt, the evidence) several times: normalize each once.
const MEMO_SIZE = 64;
const memo = new Map<string, string>();

/**
 * NFKC; invisible and direction characters removed; look-alike letters folded; Arabic-Indic and
 * Persian digits, Arabic separators and the Arabic percent sign made ASCII; number words in
 * English and Arabic made digits; percent written one way; spaces collapsed (line breaks kept).
 * Lower case, Arabic folded as `normalizeArabic` does.
 */
export function normalizeForChecks(text: string): string {
  const known = memo.get(text);
  if (known !== undefined) return known;
  const normalized = normalize(text);
  if (memo.size >= MEMO_SIZE) memo.delete(memo.keys().next().value!);
  memo.set(text, normalized);
  return normalized;
}

function normalize(text: string): string {
  const visible = text.normalize("NFKC").replace(INVISIBLE, "");
  const folded = normalizeArabic(visible)
    .replace(LOOKALIKE, (c) => LOOKALIKES[c] ?? c)
    .replace(/٫/g, ".")
    .replace(/٬/g, ",")
    .replace(/،/g, ", ")
    .replace(/٪/g, "%")
    // Unusual spaces (no-break, thin, ideographic) read as plain ones.
    .replace(/[\t\f\v\u00A0\u2000-\u200A\u202F\u205F\u3000]+/g, " ");
  return numberWordsToDigits(folded)
    .replace(NUMBER_THEN_PERCENT, "$1%")
    .replace(PERCENT_THEN_NUMBER, "$1%")
    .replace(/ {2,}/g, " ");
}
