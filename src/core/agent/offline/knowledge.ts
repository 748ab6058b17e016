import { normalizeArabic, type Language } from "../../domain/language";
import { queryTerms } from "../../domain/search-terms";
import type { KnowledgePassage } from "../catalog";

const MAX_SENTENCES = 3;
/** Words every question has; matching them says nothing about which sentence answers. */
const COMMON = new Set(["you", "your", "the", "and", "for", "are", "what", "how", "can", "does", "with", "have", "any", "much", "long", "there", "will", "about", "our", "this", "that"]);

/**
 * The sentences of the knowledge base that answer a question: from the best passage in the
 * customer's language, the ones sharing most words with the question (a city, "Abu Dhabi", a
 * fee), kept in their written order. Quoted word for word, so every figure is the retailer's own.
 */
export function answerSentences(question: string, passages: KnowledgePassage[], language: Language, essential: RegExp | null = null): string[] {
  const inLanguage = passages.filter((p) => p.language === language);
  const passage = (inLanguage.length > 0 ? inLanguage : passages)[0];
  if (!passage) return [];
  const chosen = bestSentences(question, passage);
  if (!essential) return chosen;
  // Sentences the answer must hold (an address, opening hours), from any passage in the language, first-seen order.
  const must = [...new Set((inLanguage.length > 0 ? inLanguage : passages).flatMap((p) => sentencesOf(p)).filter((s) => essential.test(s)))];
  return [...must, ...chosen.filter((s) => !must.includes(s))].slice(0, Math.max(MAX_SENTENCES, must.length));
}

function sentencesOf(passage: KnowledgePassage): string[] {
  return passage.text
    .split(/\n+/)
    .flatMap((paragraph) => paragraph.split(/(?<=[.!?؟])\s+/))
    .map((s) => s.trim())
    .filter((s) => s.length > 0 && s !== passage.title);
}

/**
 * What an answer on a topic must state whatever the words: where the showroom is and when it is
 * open; for a question about when an order arrives, the lead times (null: nothing in particular).
 */
export function essentialSentences(topic: string, question: string): RegExp | null {
  if (topic === "showroom") return /\d{1,2}:\d{2}|\b(are at|is at|located at|our address)\b|(يقع معرض|مواعيد العمل)/i;
  if (topic === "delivery" && /\b(when|arriv\w*|how long|how soon|eta)\b|(متي|كم يوم|مده)/i.test(normalizeArabic(question))) return /working days|أيام عمل|يومين/i;
  return null;
}

/** The warranty a product record states, in years (`warranty_years`), or null. */
export function warrantyYears(attributes: Record<string, string>): number | null {
  const years = Number.parseFloat(attributes.warranty_years ?? attributes.warranty ?? "");
  return Number.isFinite(years) && years > 0 ? years : null;
}

/** Whether a product's name holds every word a customer named it by ("black nova" → "Nova Ergonomic Mesh Chair – Black"). */
export function namedBy(name: string, words: string[]): boolean {
  const own = new Set(normalizeArabic(name).toLowerCase().split(/[^\p{L}\p{N}]+/u).map(stem));
  return words.length > 0 && words.every((word) => own.has(stem(normalizeArabic(word).toLowerCase())));
}

function bestSentences(question: string, passage: KnowledgePassage): string[] {
  const terms = new Set(queryTerms(question).filter((t) => t.length >= 3 && !COMMON.has(t)).map(stem));
  const sentences = sentencesOf(passage);
  const scored = sentences.map((sentence, index) => {
    const words = new Set(normalizeArabic(sentence).split(/[^\p{L}\p{N}]+/u).map(stem));
    let score = 0;
    for (const term of terms) if (words.has(term)) score++;
    return { sentence, index, score };
  });
  const best = [...scored].sort((a, b) => b.score - a.score || a.index - b.index).slice(0, MAX_SENTENCES);
  // Nothing in common: the passage's opening sentences are the general answer.
  const chosen = best.some((s) => s.score > 0) ? best.filter((s) => s.score > 0) : scored.slice(0, MAX_SENTENCES);
  return chosen.sort((a, b) => a.index - b.index).map((s) => s.sentence);
}

/** A crude shared stem so "deliver" meets "delivers" and "الضمان" meets "ضمان". */
function stem(word: string): string {
  const lowered = word.toLowerCase().replace(/^(ال|وال|بال|لل)/, "");
  return lowered.length > 5 ? lowered.slice(0, 5) : lowered;
}
