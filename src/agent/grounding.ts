import { codesIn, numbersIn, readFigures, type Figures } from "./checks/figures";
import { normalizeForChecks } from "./checks/normalize";
import type { ProductView } from "./types";

/**
 * Grounding: every figure a reply states must come from the turn's evidence. Prices must be a
 * catalog price a tool returned (or a whole multiple: a line total), a figure the knowledge base
 * or the quotation desk stated, or the customer's own budget echoed as such; stock figures must
 * be a tool's live figure; and every other number (quantities, counts, days, sizes) must appear
 * in the evidence or the customer's words. The reply is read as the customer would see it
 * (`normalizeForChecks`), so spacing, invisible characters, other digits or number words change nothing.
 */

/** Every money amount a text states next to a currency word, in any notation the customer can read. */
export function statedAmounts(text: string): number[] {
  return readFigures(normalizeForChecks(text)).money.map((m) => m.value);
}

/** Stock figures a text states ("76 in stock", "only 3 left", "المتوفر: 23"). */
export function statedStock(text: string): number[] {
  return readFigures(normalizeForChecks(text)).stock.map((s) => s.value);
}

export interface GroundingCheck {
  ok: boolean;
  /** Figures the reply states that the evidence does not license. */
  unsupported: number[];
}

function isWholeMultiple(amount: number, price: number): boolean {
  const quantity = Math.round(amount / price);
  return quantity >= 1 && quantity <= 100_000 && Math.abs(quantity * price - amount) < 0.005;
}

const BUDGET = /budget|ميزانيه|ميزانيتك/;

/** Money amounts and bare prices of each line, with whether the line speaks of the customer's budget. */
function pricesByLine(reply: string, knownCodes: ReadonlySet<string>): { amount: number; aboutBudget: boolean }[] {
  return normalizeForChecks(reply)
    .split("\n")
    .flatMap((line) => {
      const figures = readFigures(line, knownCodes);
      const aboutBudget = BUDGET.test(line);
      return [...figures.money, ...figures.priceLike].map((f) => ({ amount: f.value, aboutBudget }));
    });
}

/**
 * Checks that every price in a reply comes from the catalog: a unit price a tool returned this
 * turn, a whole multiple of one (a line total), a money amount the knowledge base or the desk
 * stated, or a money amount the customer wrote themselves, echoed as their budget. A bare number
 * the customer wrote (a quantity) does not license a price.
 */
export function checkPrices(reply: string, evidence: Iterable<ProductView>, customerText: string, knowledgeAmounts: ReadonlySet<number> = new Set(), knownCodes: ReadonlySet<string> = new Set()): GroundingCheck {
  const prices = [...evidence].map((p) => p.priceAed).filter((p) => p > 0);
  const customerAmounts = new Set(statedAmounts(customerText));
  const unsupported: number[] = [];
  for (const { amount, aboutBudget } of pricesByLine(reply, knownCodes)) {
    if (aboutBudget && customerAmounts.has(amount)) continue;
    if (knowledgeAmounts.has(amount)) continue;
    if (!prices.some((price) => isWholeMultiple(amount, price))) unsupported.push(amount);
  }
  return { ok: unsupported.length === 0, unsupported };
}

/**
 * Every stock figure in a reply must be one a tool returned this turn, or a quantity the customer
 * asked for that the stock covers ("yes, the 12 you need are available").
 */
export function checkStock(reply: string, evidence: Iterable<ProductView>, customerText = ""): GroundingCheck {
  const products = [...evidence];
  const known = new Set(products.map((p) => p.stockAvailable));
  const most = Math.max(0, ...products.map((p) => p.stockAvailable));
  const asked = numbersIn(normalizeForChecks(customerText));
  const unsupported = statedStock(reply).filter((figure) => !known.has(figure) && !(asked.has(figure) && figure <= most));
  return { ok: unsupported.length === 0, unsupported };
}

const SKU = /\b[A-Z]{2}-[A-Z0-9]{2,6}-\d{3,6}\b/g;

/** Whether a reply names this product: its SKU, the model word of its English name, or the start of its Arabic name. */
function mentions(normalizedReply: string, product: ProductView): boolean {
  if (normalizedReply.includes(product.sku.toLowerCase())) return true;
  const modelWord = normalizeForChecks(product.name).split(/\s+/)[0] ?? "";
  if (modelWord.length >= 3 && normalizedReply.includes(modelWord)) return true;
  const arabicStart = normalizeForChecks(product.nameAr ?? "").split(/\s+/).slice(0, 2).join(" ");
  return arabicStart.length >= 3 && normalizedReply.includes(arabicStart);
}

/**
 * Prices must be attributed: for every amount stated, a product with that price (or whose price
 * it multiplies) must be named in the reply. "The Aeron is 845 AED" fails when 845 AED is the
 * Nova's price and the Nova is not named: the model has put a real price on a wrong product.
 */
export function unattributedPrices(reply: string, evidence: ProductView[], customerText: string, knownCodes: ReadonlySet<string> = new Set()): number[] {
  const customerAmounts = new Set(statedAmounts(customerText));
  const normalized = normalizeForChecks(reply);
  const result: number[] = [];
  for (const { amount } of pricesByLine(reply, knownCodes)) {
    if (customerAmounts.has(amount)) continue;
    const owners = evidence.filter((p) => p.priceAed > 0 && isWholeMultiple(amount, p.priceAed));
    if (owners.length > 0 && !owners.some((p) => mentions(normalized, p))) result.push(amount);
  }
  return result;
}

/** SKUs a reply names that no tool returned this turn (a product the model made up or remembered). */
export function unknownSkus(reply: string, evidence: ProductView[]): string[] {
  const known = new Set(evidence.map((p) => p.sku.toUpperCase()));
  return [...new Set(normalizeForChecks(reply).toUpperCase().match(SKU) ?? [])].filter((sku) => !known.has(sku));
}

/** What licenses a figure: the products' own figures and names, the customer's words, and the other evidence text. */
function licence(evidence: ProductView[], texts: string[]) {
  const productText = evidence.map((p) => `${p.sku} ${p.name} ${p.nameAr ?? ""} ${p.priceAed} ${p.stockAvailable}`).join("\n");
  const corpus = normalizeForChecks([productText, ...texts].join("\n"));
  return { numbers: numbersIn(corpus), codes: codesIn(corpus) };
}

/** Numbers that are neither a price, a stock figure, a percentage nor a phone number, and that no evidence states. */
function unlicensedNumbers(figures: Figures, numbers: ReadonlySet<number>, evidence: ProductView[]): number[] {
  const prices = evidence.map((p) => p.priceAed).filter((p) => p > 0);
  // 0 and 1 carry no claim on their own ("one of our managers"); as a price or stock figure they are judged above.
  return figures.other.map((f) => f.value).filter((value) => value > 1 && !numbers.has(value) && !prices.some((price) => isWholeMultiple(value, price)));
}

/**
 * Prices (attributed to a named product), stock figures, SKUs and every other number: what a
 * reply may state. `customerText` is the customer's own words; `licensedText` is what the
 * retailer states (knowledge passages, the desk's rendered quotation and messages), whose money
 * amounts may be quoted; `toolText` is every tool result, whose numbers may be repeated but never
 * as a price (a product description is data, and may carry an injected "costs 1 AED").
 * Percentages and phone numbers are judged by `screenReply`.
 */
export function checkFigures(reply: string, evidence: ProductView[], customerText: string, licensedText = "", toolText = ""): GroundingCheck & { unknownSkus: string[] } {
  const { numbers, codes } = licence(evidence, [customerText, licensedText, toolText]);
  const knowledgeAmounts = new Set(statedAmounts(licensedText));
  const prices = checkPrices(reply, evidence, customerText, knowledgeAmounts, codes);
  const stock = checkStock(reply, evidence, customerText);
  const skus = unknownSkus(reply, evidence);
  const unattributed = unattributedPrices(reply, evidence, customerText, codes).filter((amount) => !knowledgeAmounts.has(amount));
  const others = unlicensedNumbers(readFigures(normalizeForChecks(reply), codes), numbers, evidence);
  const unsupported = [...new Set([...prices.unsupported, ...stock.unsupported, ...unattributed, ...others])];
  return { ok: unsupported.length === 0 && skus.length === 0, unsupported, unknownSkus: skus };
}
