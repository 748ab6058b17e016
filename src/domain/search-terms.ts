import { arabicSearchTokens } from "./language";

/**
 * How a customer's words become search terms, shared by the catalog and the knowledge base:
 * normalised (Arabic letter forms, digits), Arabic article and clitics stripped, function words
 * dropped, at most 24.
 */
export function queryTerms(query: string): string[] {
  return arabicSearchTokens(query)
    .filter((t) => (t.length >= 2 || /\d/.test(t)) && !ARABIC_STOP_WORDS.has(t))
    .slice(0, 24);
}

/**
 * Arabic function words and chat fillers (normalised): as prefixes they would match half the
 * catalog. English stop words are dropped by Postgres's english configuration.
 */
const ARABIC_STOP_WORDS = new Set(["في", "من", "علي", "الي", "عن", "مع", "هل", "او", "ما", "ماذا", "هذا", "هذه", "انا", "ابي", "ابغي", "ابغا", "اريد", "لو", "ممكن", "شي", "كم", "عندكم", "يوجد", "فيه", "لي", "لنا", "بس", "حق", "اللي", "الذي", "التي"]);

/** Prefix matching (`word:*`) is for Arabic words (no stemmer) and codes with digits; English words are stemmed instead. */
export function wantsPrefix(term: string): boolean {
  return /[\u0600-\u06FF]/.test(term) || /\d/.test(term);
}

/** SKU-shaped tokens anywhere in the query ("كم سعر CH-KIN-1002"): letters/digits joined by hyphens, with a digit. */
export function skuTokens(query: string): string[] {
  return [...new Set((query.match(/[A-Za-z0-9]+(?:-[A-Za-z0-9]+)+/g) ?? []).filter((t) => /\d/.test(t)).map((t) => t.toUpperCase()))].slice(0, 5);
}

/** Quotes a term for to_tsquery so user text can never inject tsquery operators. */
export function quoteTerm(term: string): string {
  return `'${term.replace(/'/g, "''").replace(/\\/g, "")}'`;
}
