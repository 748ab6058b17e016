import { statedQuantities } from "../handoff";
import { NUMBER_WORDS } from "./lexicon";

/**
 * Budgets and quantities a customer states, in either script. Works on normalised text
 * (`normalizeArabic`: Arabic-Indic digits are already ASCII), with thousands separators and
 * "1k" / "ألف" read as numbers.
 */

export interface Budget {
  maxPrice?: number;
  minPrice?: number;
}

/** "1,500" → "1500", "1.5k" → "1500", "الف" (a thousand) → "1000", "الفين" → "2000". */
export function plainNumbers(text: string): string {
  return text
    .replace(/(\d),(?=\d{3}\b)/g, "$1")
    .replace(/(\d+(?:\.\d+)?)\s?k\b/gi, (_, n: string) => String(Math.round(Number(n) * 1000)))
    .replace(/(^|\s)(\d+)\s+(الف|آلاف|الاف)(?=\s|$)/g, (_, pre: string, n: string) => `${pre}${Number(n) * 1000}`)
    .replace(/(^|\s)الفين(?=\s|$)/g, "$12000")
    .replace(/(^|\s)(الف|thousand|a thousand|one thousand)(?=\s|$)/g, "$11000");
}

const MAX_PATTERNS = [
  /\b(?:under|below|less than|cheaper than|max(?:imum)?|up to|no more than|not more than|within|budget(?: is| of)?(?: around| about)?|around|about|at most|upto)\s*(?:aed|dhs?)?\s*(\d{2,7}(?:\.\d+)?)/,
  /(\d{2,7}(?:\.\d+)?)\s*(?:aed|dhs?|dirhams?|درهم)?\s*(?:max|maximum|or less|budget|tops)\b/,
  /(?:اقل من|تحت|بحدود|حدود|في حدود|ميزانيه|ميزانيتي|لا يتجاوز|لا تتجاوز|ما يتجاوز|حتي|باقل من|اقصي)\s*(?:ال)?(\d{2,7}(?:\.\d+)?)/,
];
const MIN_PATTERNS = [/\b(?:over|above|more than|at least|from)\s*(?:aed|dhs?)?\s*(\d{2,7}(?:\.\d+)?)\s*(?:aed|dhs?|dirhams?)?/, /(?:اكثر من|فوق|اعلي من|من)\s*(\d{2,7}(?:\.\d+)?)\s*درهم/];

/** The price range a message states; a number is a budget only when a budget word or currency goes with it. */
export function statedBudget(normalized: string): Budget {
  const text = plainNumbers(normalized);
  const budget: Budget = {};
  for (const pattern of MAX_PATTERNS) {
    const match = pattern.exec(text);
    if (match) {
      budget.maxPrice = Number(match[1]);
      break;
    }
  }
  for (const pattern of MIN_PATTERNS) {
    const match = pattern.exec(text);
    if (match && Number(match[1]) !== budget.maxPrice) {
      budget.minPrice = Number(match[1]);
      break;
    }
  }
  return budget;
}

/** The quantity a message states ("12 chairs", "٢ من الأول", "x3", "two of those"), or null. */
export function statedQuantity(normalized: string): number | null {
  // "the 2nd", "option 2", "رقم 2" point at a shown product; they are not quantities.
  const text = plainNumbers(normalized)
    .replace(/\b\d+(st|nd|rd|th)\b/g, " ")
    .replace(/(option|number|no\.?|#|رقم|الخيار)\s?\d+/g, " ")
    .replace(/[A-Za-z]{2,}(?:-[A-Za-z0-9]+)+/g, " ");
  const explicit = /(?:^|\s)(?:x|×)\s?(\d{1,5})\b|\b(\d{1,5})\s?(?:x|×|pcs|pieces|units|nos|qty)\b|\bqty:?\s*(\d{1,5})\b|\b(\d{1,5})\s+(?:of|من)(?=\s)/.exec(text);
  if (explicit) return Number(explicit[1] ?? explicit[2] ?? explicit[3] ?? explicit[4]);
  const worded = statedQuantities(text);
  if (worded.length > 0) return Math.max(...worded);
  for (const [word, value] of Object.entries(NUMBER_WORDS)) {
    if (new RegExp(`(^|\\s)${word}(?=\\s|$)`).test(text)) return value;
  }
  // A bare number alone ("5") answers "how many?".
  const bare = /^\s*(\d{1,4})\s*$/.exec(text);
  return bare ? Number(bare[1]) : null;
}

/** Whether the stock can supply a quantity: asking for more than there is gets the figure, not a quotation. */
export function canSupply(quantity: number, available: number): boolean {
  return quantity <= Math.max(0, available);
}
