import { normalizeArabic } from "../domain/language";
import { skuTokens } from "../domain/search-terms";
import { readContext } from "./offline/context";
import { CATEGORY_PATTERNS } from "./offline/lexicon";
import { searchQuery, understand } from "./offline/understand";
import type { HistoryEntry } from "./types";

/**
 * Retrieval before the model: which search the model would ask for first, decided in code from
 * the offline salesperson's reading of the customer's messages (src/core/agent/offline/understand.ts).
 * A message that names or describes products gets `search_products` with the slots it states
 * (category, budget, stock); a question about delivery, warranty, payment, the showroom or returns
 * gets `search_knowledge`. Anything else (a greeting, picking a shown product, quantities, a "yes",
 * a cancellation, details for the order) gets nothing: the model decides, with its tools.
 * Pure: the same words in the same context always plan the same search.
 */
export type RetrievalPlan =
  | {
      tool: "search_products";
      args: { query: string; category?: string; min_price_aed?: number; max_price_aed?: number; min_quantity_in_stock?: number };
    }
  | { tool: "search_knowledge"; args: { question: string; topic?: "delivery" | "warranty" | "payment" | "showroom" | "returns" } };

/** Words that edit a quotation line rather than ask about a product. */
const EDITING = /\b(change|make it|make them|set|update|remove|delete|replace|instead of|increase|reduce)\b|(غير|غيّر|عدل|عدّل|احذف|ازل|أزل|بدل)/i;

/** The longest query the search tools take (their zod inputs say 300). */
const MAX_QUERY = 300;

export function planRetrieval(pending: readonly string[], history: readonly HistoryEntry[], quotationNote: string | null | undefined): RetrievalPlan | null {
  const text = pending.join("\n").trim();
  if (!text) return null;
  const context = readContext([...history], quotationNote);
  const meaning = understand(text, context);
  if (meaning.intent === "knowledge") {
    return { tool: "search_knowledge", args: { question: text.slice(0, MAX_QUERY), ...(meaning.topic ? { topic: meaning.topic } : {}) } };
  }
  if (meaning.intent === "unknown") return describing(text, context.earlierCustomerTexts);
  if (meaning.intent !== "search" || !meaning.search?.query) return null;
  const slots = meaning.search;
  // A product named by its SKU to change the quotation ("change CH-TMP-1003 to 4") or already on it is quotation work, not a search.
  const skus = skuTokens(text);
  if (skus.length > 0 && (EDITING.test(text) || skus.some((sku) => context.quotation?.skus.includes(sku)))) return null;
  return {
    tool: "search_products",
    args: {
      query: slots.query.slice(0, MAX_QUERY),
      ...(slots.category ? { category: slots.category } : {}),
      ...(slots.minPrice !== undefined ? { min_price_aed: slots.minPrice } : {}),
      ...(slots.maxPrice !== undefined && slots.maxPrice > 0 ? { max_price_aed: slots.maxPrice } : {}),
      ...(slots.minStock ? { min_quantity_in_stock: slots.minStock } : {}),
    },
  };
}

/** How many of the customer's latest earlier messages a bare description ("mesh, black") may refer to. */
const DESCRIBES_RECENT = 2;

/**
 * A message that only describes ("mesh, black", "in walnut please") right after the customer named
 * a kind of product: a search for those words within that category.
 */
function describing(text: string, earlierCustomerTexts: readonly string[]): RetrievalPlan | null {
  const words = searchQuery(normalizeArabic(text).toLowerCase());
  if (!words) return null;
  for (const earlier of earlierCustomerTexts.slice(0, DESCRIBES_RECENT)) {
    const category = CATEGORY_PATTERNS.find((c) => c.pattern.test(normalizeArabic(earlier).toLowerCase()))?.category;
    if (category) return { tool: "search_products", args: { query: `${words} ${category}`.slice(0, MAX_QUERY), category } };
  }
  return null;
}
