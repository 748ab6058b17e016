import { normalizeArabic } from "../../domain/language";
import { isConfirmation } from "../../domain/quotation";
import { skuTokens } from "../../domain/search-terms";
import type { OfflineContext } from "./context";
import { extractDetails, type Details } from "./details";
import {
  ADD_VERB,
  ARABIC_FILLER,
  CANCEL,
  CATEGORY_PATTERNS,
  CHANGE_QUANTITY,
  CITIES,
  DEMONSTRATIVE,
  FILLER,
  GREETING,
  IDENTITY,
  IN_STOCK,
  NOTIFY_ME,
  ORDER_VERB,
  ORDINALS,
  QUESTION,
  SHOW_QUOTATION,
  THANKS,
  TOPIC_PATTERNS,
} from "./lexicon";
import { plainNumbers, statedBudget, statedQuantity } from "./numbers";

/** Catalog SKUs look like CH-ERG-1001: a short code, optional parts, a number. */
const SKU_SHAPE = /^[A-Z]{2,4}(?:-[A-Z0-9]{2,6})*-\d{2,6}$/;

export type Topic = (typeof TOPIC_PATTERNS)[number]["topic"];

export const INTENTS = ["greeting", "thanks", "identity", "knowledge", "search", "add", "change", "show_quotation", "confirm", "cancel", "details", "notify", "unknown"] as const;
export type Intent = (typeof INTENTS)[number];

export interface SearchSlots {
  query: string;
  category?: string;
  maxPrice?: number;
  minPrice?: number;
  /** Only products with at least this many available: the quantity stated, or 1 for "in stock". */
  minStock?: number;
}

/** What one customer message asks for, with everything it states. */
export interface Understanding {
  intent: Intent;
  /** The message opened with a greeting (answered with one, whatever else it asks). */
  greeted: boolean;
  topic?: Topic;
  search?: SearchSlots;
  /**
   * The product a reference or SKU points at; `ambiguous` when it could be any of several shown
   * (or "the second" when one was shown); `named` when the message names it by words the
   * salesperson matches against product names ("the black Nova chair").
   */
  pick?: { sku: string } | { ambiguous: true } | { named: string[]; category?: string };
  quantity?: number;
  details: Details;
}

/**
 * Reads one customer message (all of the turn's messages joined) in the light of what the last
 * replies showed and asked. Deterministic: the same words in the same context always mean the same.
 */
export function understand(text: string, context: OfflineContext): Understanding {
  const normalized = plainNumbers(normalizeArabic(text).replace(/[’`]/g, "'").trim());
  const greeted = GREETING.test(normalized);
  const details = extractDetails(text, normalized, context.asked === "details");
  const quantity = statedQuantity(normalized) ?? undefined;
  const base = { greeted, details, ...(quantity ? { quantity } : {}) };
  const hasDetails = Boolean(details.name || details.city || details.company);

  // "yes" / "notify me" to our offer to say when an out-of-stock product is back.
  if (context.notifyOffer && (isConfirmation(text) || NOTIFY_ME.test(normalized))) return { ...base, intent: "notify", pick: { sku: context.notifyOffer } };
  if (isConfirmation(text)) {
    if (context.quotation?.state === "shown" || context.asked === "confirm") return { ...base, intent: "confirm" };
    if (context.shown.length > 0) return { ...base, intent: "add", pick: pickFrom(context, null) };
  }
  if (CANCEL.test(normalized) && context.quotation) return { ...base, intent: "cancel" };
  if (IDENTITY.test(normalized)) return { ...base, intent: "identity" };
  const change = CHANGE_QUANTITY.exec(normalized);
  if (change && context.quotation) return { ...base, intent: "change", quantity: Number(change[5] ?? change[7]) };

  // A question about delivery, warranty, ... of what was shown ("can you deliver the first one to Abu Dhabi?") is not an order.
  const asked = TOPIC_PATTERNS.find((t) => t.pattern.test(normalized))?.topic;
  if (asked && isQuestion(normalized) && !(ADD_VERB.test(normalized) && quantity)) {
    const about = reference(text, normalized, context);
    return { ...base, intent: "knowledge", topic: asked, ...(about && "sku" in about ? { pick: about } : {}) };
  }
  const pick = reference(text, normalized, context);
  if (pick) return { ...base, intent: "add", pick, ...(quantity || context.pendingQuantity ? { quantity: quantity ?? context.pendingQuantity! } : {}) };
  const named = namedPick(normalized);
  // Kept with its search: when no product answers to the name, the salesperson searches instead.
  if (named) return { ...base, intent: "add", pick: named, search: searchSlots(normalized, context, quantity) ?? { query: searchQuery(normalized) || normalized } };
  if (SHOW_QUOTATION.test(normalized) && context.quotation) return { ...base, intent: "show_quotation" };

  // Answering our request for name and city ("My name is Priya, deliver to Dubai") outranks the delivery topic.
  if (hasDetails && (context.asked === "details" || (context.quotation && !productWords(normalized)))) return { ...base, intent: "details" };
  const topic = TOPIC_PATTERNS.find((t) => t.pattern.test(normalized))?.topic;
  if (topic) return { ...base, intent: "knowledge", topic };
  const search = searchSlots(normalized, context, quantity);
  if (search) return { ...base, intent: "search", search };
  // A SKU on its own asks about that product ("price of CH-ERG-1001?").
  const sku = skuTokens(text).find((token) => SKU_SHAPE.test(token));
  if (sku) return { ...base, intent: "search", search: { query: sku } };
  if (greeted) return { ...base, intent: "greeting" };
  if (THANKS.test(normalized) || /^(ok|okay|fine|noted|alright|حسنا|اوكي|تمام)\W*$/.test(normalized)) return { ...base, intent: "thanks" };
  if (hasDetails) return { ...base, intent: "details" };
  return { ...base, intent: "unknown", search: { query: searchQuery(normalized) || normalized } };
}

/** A product the message points at: a SKU, an ordinal ("the second one", "الأول"), or "that/those" with an order verb or a quantity. */
function reference(text: string, normalized: string, context: OfflineContext): Understanding["pick"] | null {
  const sku = skuTokens(text)[0];
  if (sku && (ADD_VERB.test(normalized) || statedQuantity(normalized) !== null || context.shown.some((p) => p.sku === sku))) return { sku };
  if (context.shown.length === 0) return null;
  const ordinal = ORDINALS.find((o) => o.pattern.test(normalized));
  if (ordinal) return pickFrom(context, ordinal.index);
  // Answering "which one do you mean? (1, 2 or 3)" with a bare number.
  const bare = /^\s*(\d)\s*$/.exec(normalized);
  if (context.asked === "which" && bare) return pickFrom(context, Number(bare[1]) - 1);
  const pointing = DEMONSTRATIVE.test(normalized) || /\b(one|ones)\b/.test(normalized);
  if (pointing && (ADD_VERB.test(normalized) || statedQuantity(normalized) !== null) && !productWords(normalized)) return pickFrom(context, null);
  return null;
}

/** Whether a message asks rather than requests (see `QUESTION`). */
export function isQuestion(normalized: string): boolean {
  return QUESTION.test(normalized.toLowerCase());
}

/**
 * "I'll take 3 of the black Nova chair": an order verb and words that name a product beyond its
 * kind (a model, a colour). No budget: "order 5 desks under 2000" is a search.
 */
function namedPick(normalized: string): { named: string[]; category?: string } | null {
  // "book a visit to the showroom" is about a topic, not a product.
  if (!ORDER_VERB.test(normalized) || statedBudget(normalized).maxPrice !== undefined || TOPIC_PATTERNS.some((t) => t.pattern.test(normalized))) return null;
  const category = CATEGORY_PATTERNS.find((c) => c.pattern.test(normalized))?.category;
  const named = nameWords(normalized);
  return named.length > 0 ? { named, ...(category ? { category } : {}) } : null;
}

/** The words of a message that could name a product: no order verbs, kinds of product, numbers or fillers. */
export function nameWords(normalized: string): string[] {
  return searchQuery(normalized.replace(/'\p{L}+/gu, " "))
    .split(" ")
    .filter((word) => word.length >= 3 && !ADD_VERB.test(word) && !ORDER_VERB.test(word) && !CATEGORY_PATTERNS.some((c) => c.pattern.test(word)) && !DEMONSTRATIVE.test(word));
}

function pickFrom(context: OfflineContext, index: number | "cheapest" | "dearest" | null): { sku: string } | { ambiguous: true } {
  const shown = context.shown;
  if (index === null) return shown.length === 1 ? { sku: shown[0]!.sku } : { ambiguous: true };
  if (index === "cheapest" || index === "dearest") {
    const sorted = [...shown].sort((a, b) => (index === "cheapest" ? a.priceAed - b.priceAed : b.priceAed - a.priceAed));
    return { sku: sorted[0]!.sku };
  }
  // "The second one" when only one was shown is a misunderstanding to ask about, not an order for the one there is.
  const chosen = index < 0 ? shown[shown.length - 1] : shown[index];
  return chosen ? { sku: chosen.sku } : { ambiguous: true };
}

/** Whether the message names a kind of product (then it is a new search, not a reference). */
function productWords(normalized: string): boolean {
  return CATEGORY_PATTERNS.some((c) => c.pattern.test(normalized));
}

/**
 * Search slots: the category, budget, stock and quantity stated now, with the category (and
 * quantity) of the last earlier request carried over when this message only refines it
 * ("cheaper, under 800").
 */
function searchSlots(normalized: string, context: OfflineContext, quantity: number | undefined): SearchSlots | null {
  const category = CATEGORY_PATTERNS.find((c) => c.pattern.test(normalized))?.category;
  const budget = statedBudget(normalized);
  const inStock = IN_STOCK.test(normalized);
  const refinement = budget.maxPrice !== undefined || budget.minPrice !== undefined || inStock || /\b(cheaper|less expensive|bigger|smaller|other options?|more options?|something else)\b|(ارخص|غيره|خيارات اخري|غير هذا)/.test(normalized);
  let carried: { category?: string; query?: string; quantity?: number } = {};
  if (!category && refinement) {
    for (const earlier of context.earlierCustomerTexts.slice(0, 4)) {
      const text = plainNumbers(normalizeArabic(earlier));
      const found = CATEGORY_PATTERNS.find((c) => c.pattern.test(text))?.category;
      if (found) {
        carried = { category: found, query: searchQuery(text), quantity: statedQuantity(text) ?? undefined };
        break;
      }
    }
  }
  const chosenCategory = category ?? carried.category;
  if (!chosenCategory && !refinement) return null;
  const stock = quantity ?? carried.quantity ?? (inStock ? 1 : undefined);
  const query = searchQuery(normalized) || carried.query || chosenCategory || "office furniture";
  return {
    query,
    ...(chosenCategory ? { category: chosenCategory } : {}),
    ...(budget.maxPrice !== undefined ? { maxPrice: budget.maxPrice } : {}),
    ...(budget.minPrice !== undefined ? { minPrice: budget.minPrice } : {}),
    ...(stock ? { minStock: stock } : {}),
  };
}

/** The message's searchable words: budget phrases, numbers and chat fillers removed. */
export function searchQuery(normalized: string): string {
  const withoutCities = CITIES.reduce((text, city) => text.replace(new RegExp(city.pattern.source, "g"), " "), normalized);
  return withoutCities
    .replace(/\d+(?:\.\d+)?/g, " ")
    .replace(FILLER, " ")
    .replace(ARABIC_FILLER, " ")
    .replace(ARABIC_FILLER, " ")
    .replace(/[^\p{L}\p{N}\s-]+/gu, " ")
    .replace(/\s+/g, " ")
    .trim();
}
