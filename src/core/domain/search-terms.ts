import { arabicSearchTokens } from "./language";

/**
 * How a customer's words become search terms, shared by the catalog and the knowledge base:
 * normalised (Arabic letter forms, digits), Arabic article and clitics stripped, function words
 * dropped, at most 24.
 */
export function queryTerms(query: string): string[] {
  return [
    ...new Set(
      arabicSearchTokens(query)
        .filter((t) => (t.length >= 2 || /\d/.test(t)) && !ARABIC_STOP_WORDS.has(t))
        .map(arabicStem),
    ),
  ].slice(0, 24);
}

/**
 * Arabic adjectives of relation (nisba) and their inflections are their noun plus endings:
 * خشبي / خشبية / خشبيات (wooden) are خشب (wood) + ي, ية, يات; معدني is معدن + ي. Arabic terms are
 * matched as prefixes, so the stem alone finds every form in the catalog ("مكتب خشبي" finds
 * "مكتب خشب" and "المكاتب الخشبية"). Applied to normalised words (ة is ه): يه, يات, يين, يون, ي.
 * A noun that merely ends in ي (كرسي) loses it too, harmlessly: its prefix still matches it.
 */
export function arabicStem(term: string): string {
  if (!/^[\u0600-\u06FF]+$/.test(term)) return term;
  for (const [ending, minLength] of NISBA_ENDINGS) {
    if (term.length >= minLength && term.endsWith(ending)) return term.slice(0, -ending.length);
  }
  return term;
}

/** Endings and the shortest word they are taken from (so at least a three-letter stem remains). */
const NISBA_ENDINGS: [string, number][] = [
  ["يات", 6],
  ["يين", 6],
  ["يون", 6],
  ["يه", 5],
  ["ي", 4],
];

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
