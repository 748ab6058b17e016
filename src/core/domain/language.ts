/** The languages the agent speaks. Mixed messages resolve to the dominant script. */
export type Language = "en" | "ar";

const ARABIC_LETTER = /[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]/g;
const LATIN_LETTER = /[A-Za-z]/g;

/**
 * Detects the language of one message by script. Returns `undefined` when the text has no
 * letters (digits, emoji), so the caller keeps the conversation's language.
 */
export function detectLanguage(text: string): Language | undefined {
  const arabic = text.match(ARABIC_LETTER)?.length ?? 0;
  const latin = text.match(LATIN_LETTER)?.length ?? 0;
  if (arabic === 0 && latin === 0) return undefined;
  // Arabic words are shorter in letters than English ones; weigh them so "need كرسي" reads as Arabic-leaning mixed.
  return arabic * 1.5 >= latin ? "ar" : "en";
}

const DIACRITICS = /[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED]/g;
const TATWEEL = /\u0640/g;
const ARABIC_INDIC_DIGITS = /[\u0660-\u0669]/g;
const PERSIAN_DIGITS = /[\u06F0-\u06F9]/g;

/**
 * Normalises Arabic for matching: strips diacritics and tatweel, folds alef forms (أ إ آ ٱ) to ا,
 * alef maqsura ى to ي, ta marbuta ة to ه, hamza carriers ؤ ئ to و ي, and Arabic-Indic digits to
 * ASCII. Latin text is lower-cased. Used on both the catalog side and the query side.
 */
export function normalizeArabic(text: string): string {
  return text
    .normalize("NFKC")
    .replace(DIACRITICS, "")
    .replace(TATWEEL, "")
    .replace(/[أإآٱ]/g, "ا")
    .replace(/ى/g, "ي")
    .replace(/ة/g, "ه")
    .replace(/ؤ/g, "و")
    .replace(/ئ/g, "ي")
    .replace(ARABIC_INDIC_DIGITS, (d) => String(d.charCodeAt(0) - 0x0660))
    .replace(PERSIAN_DIGITS, (d) => String(d.charCodeAt(0) - 0x06f0))
    .toLowerCase();
}

/**
 * Light Arabic stemming for lexical search: drops the definite article and the common
 * conjunction/preposition prefixes (و، ب، ل، ك، ف + ال) from words long enough to keep a stem.
 */
export function arabicSearchTokens(text: string): string[] {
  return normalizeArabic(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .map((word) => {
      if (!/[\u0600-\u06FF]/.test(word)) return word;
      const stripped = word.replace(/^(?:[وفبكل]?ال|لل)(?=.{2,})/, "");
      return stripped;
    });
}
