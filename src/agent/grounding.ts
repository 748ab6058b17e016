import { normalizeArabic } from "../domain/language";
import type { ProductView } from "./catalog";

const CURRENCY = String.raw`(?:aed|dhs?|dirhams?|درهم|دراهم|د\.إ|د\.ا)`;
const AMOUNT = String.raw`(\d{1,3}(?:[,\s]\d{3})+(?:\.\d{1,2})?|\d+(?:\.\d{1,2})?)`;
const AMOUNT_THEN_CURRENCY = new RegExp(`${AMOUNT}\\s*${CURRENCY}`, "giu");
const CURRENCY_THEN_AMOUNT = new RegExp(`${CURRENCY}\\s*${AMOUNT}`, "giu");

/** Every money amount a text states next to a currency word, in English or Arabic digits. */
export function statedAmounts(text: string): number[] {
  const normalized = normalizeArabic(text).replace(/٬/g, ",").replace(/٫/g, ".");
  const amounts: number[] = [];
  for (const pattern of [AMOUNT_THEN_CURRENCY, CURRENCY_THEN_AMOUNT]) {
    for (const match of normalized.matchAll(pattern)) {
      const value = Number((match[1] ?? "").replace(/[,\s]/g, ""));
      if (Number.isFinite(value)) amounts.push(value);
    }
  }
  return amounts;
}

export interface GroundingCheck {
  ok: boolean;
  /** Amounts the reply states that no tool returned and the customer did not say. */
  unsupported: number[];
}

/**
 * Checks that every price in a reply comes from the catalog: a unit price a tool returned this
 * turn, a whole multiple of one (a line total), or a money amount the customer wrote themselves
 * ("budget 800 AED"). A bare number the customer wrote (a quantity) does not license a price.
 */
export function checkPrices(reply: string, evidence: Iterable<ProductView>, customerText: string, knowledgeAmounts: ReadonlySet<number> = new Set()): GroundingCheck {
  const prices = [...evidence].map((p) => p.priceAed).filter((p) => p > 0);
  const customerAmounts = new Set(statedAmounts(customerText));
  const unsupported: number[] = [];
  for (const line of reply.split("\n")) {
    // The customer's own amount may be echoed only as their budget, never as a price we accept.
    const aboutBudget = /budget|ميزانيه|ميزانية/i.test(line);
    for (const amount of statedAmounts(line)) {
      if (aboutBudget && customerAmounts.has(amount)) continue;
      // Fees and thresholds the knowledge base states (delivery fee, free-delivery minimum).
      if (knowledgeAmounts.has(amount)) continue;
      if (!prices.some((price) => isWholeMultiple(amount, price))) unsupported.push(amount);
    }
  }
  return { ok: unsupported.length === 0, unsupported };
}

function isWholeMultiple(amount: number, price: number): boolean {
  const quantity = Math.round(amount / price);
  return quantity >= 1 && quantity <= 100_000 && Math.abs(quantity * price - amount) < 0.005;
}

const STOCK_PATTERNS = [
  /(\d[\d,]*)\s+(?:units?\s+|pcs\s+|pieces\s+)?(?:in stock|available)/gi,
  /(?:only|just)\s+(\d[\d,]*)\s+(?:left|remaining)/gi,
  /(?:متوفر|المتوفر|متاح|الكميه المتوفره)\s*:?\s*(\d[\d,]*)/g,
];

/** Stock figures a text states ("76 in stock", "المتوفر: 23"). */
export function statedStock(text: string): number[] {
  const normalized = normalizeArabic(text);
  const figures: number[] = [];
  for (const pattern of STOCK_PATTERNS) {
    for (const match of normalized.matchAll(pattern)) figures.push(Number((match[1] ?? "").replace(/,/g, "")));
  }
  return figures;
}

/** Every stock figure in a reply must be one a tool returned this turn. */
export function checkStock(reply: string, evidence: Iterable<ProductView>): GroundingCheck {
  const known = new Set([...evidence].map((p) => p.stockAvailable));
  const unsupported = statedStock(reply).filter((figure) => !known.has(figure));
  return { ok: unsupported.length === 0, unsupported };
}

const SKU = /\b[A-Z]{2}-[A-Z0-9]{2,6}-\d{3,6}\b/g;

/** Whether a reply names this product: its SKU, the model word of its English name, or the start of its Arabic name. */
function mentions(reply: string, product: ProductView): boolean {
  const text = normalizeArabic(reply);
  if (text.includes(product.sku.toLowerCase())) return true;
  const modelWord = normalizeArabic(product.name).split(/\s+/)[0] ?? "";
  if (modelWord.length >= 3 && text.includes(modelWord)) return true;
  const arabicStart = normalizeArabic(product.nameAr ?? "").split(/\s+/).slice(0, 2).join(" ");
  return arabicStart.length >= 3 && text.includes(arabicStart);
}

/**
 * Prices must be attributed: for every amount stated, a product with that price (or whose price
 * it multiplies) must be named in the reply. "The Aeron is 845 AED" fails when 845 AED is the
 * Nova's price and the Nova is not named: the model has put a real price on a wrong product.
 */
export function unattributedPrices(reply: string, evidence: ProductView[], customerText: string): number[] {
  const customerAmounts = new Set(statedAmounts(customerText));
  const result: number[] = [];
  for (const amount of statedAmounts(reply)) {
    if (customerAmounts.has(amount)) continue;
    const owners = evidence.filter((p) => p.priceAed > 0 && isWholeMultiple(amount, p.priceAed));
    if (owners.length > 0 && !owners.some((p) => mentions(reply, p))) result.push(amount);
  }
  return result;
}

/** SKUs a reply names that no tool returned this turn (a product the model made up or remembered). */
export function unknownSkus(reply: string, evidence: ProductView[]): string[] {
  const known = new Set(evidence.map((p) => p.sku.toUpperCase()));
  return [...new Set(reply.match(SKU) ?? [])].filter((sku) => !known.has(sku));
}

/** Prices (attributed to a named product), stock figures and SKUs: what a reply may state about the catalog. */
export function checkFigures(reply: string, evidence: ProductView[], customerText: string, knowledgeText = ""): GroundingCheck & { unknownSkus: string[] } {
  const knowledgeAmounts = new Set(statedAmounts(knowledgeText));
  const prices = checkPrices(reply, evidence, customerText, knowledgeAmounts);
  const stock = checkStock(reply, evidence);
  const skus = unknownSkus(reply, evidence);
  const unattributed = unattributedPrices(reply, evidence, customerText).filter((amount) => !knowledgeAmounts.has(amount));
  const unsupported = [...prices.unsupported, ...stock.unsupported, ...unattributed];
  return { ok: unsupported.length === 0 && skus.length === 0, unsupported, unknownSkus: skus };
}
