import { unsupportedCommitments, type Commitment } from "./reply-checks/commitments";
import { codesIn, numbersIn, readFigures, type Figures } from "./reply-checks/figures";
import { normalizeForChecks } from "./reply-checks/normalize";
import { currenciesNamed, foreignAmounts, isBudget, isFee, termsIn, unlicensedTerms, warrantyFigures, type Term } from "./reply-checks/roles";
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

/** A price within the discount policy: the unit price less a whole percentage up to the policy's largest. */
function discountedPrices(prices: number[], maxDiscountPercent: number): number[] {
  const result: number[] = [];
  for (let percent = 1; percent <= Math.min(maxDiscountPercent, 100); percent++) for (const price of prices) result.push(Math.round(price * (100 - percent)) / 100);
  return result;
}

interface StatedPrice {
  amount: number;
  /** Stated as the customer's budget ("your budget of 800 AED"). */
  budget: boolean;
  /** Stated as a fee ("delivery fee of AED 100"). */
  fee: boolean;
}

/** Money amounts and bare prices of each line, with the role each is stated in. */
function pricesByLine(reply: string, knownCodes: ReadonlySet<string>): StatedPrice[] {
  return normalizeForChecks(reply)
    .split("\n")
    .flatMap((line) => {
      const figures = readFigures(line, knownCodes);
      const money = figures.money.map((f) => ({ amount: f.value, budget: isBudget(line, f.at!, f.text), fee: isFee(line, f.at!, f.text) }));
      const bare = figures.priceLike.map((f) => ({ amount: f.value, budget: isBudget(line, f.at!, f.text), fee: false }));
      return [...money, ...bare];
    });
}

/**
 * Checks that every price in a reply comes from the catalog: a unit price a tool returned this
 * turn, a whole multiple of one (a line total) or one discounted within the policy, a money amount
 * the knowledge base or the desk stated, or a number the customer wrote, echoed as their budget
 * and only as their budget. A fee must be one the knowledge base or the desk stated.
 */
export function checkPrices(
  reply: string,
  evidence: Iterable<ProductView>,
  customerText: string,
  knowledgeAmounts: ReadonlySet<number> = new Set(),
  knownCodes: ReadonlySet<string> = new Set(),
  maxDiscountPercent = 0,
): GroundingCheck {
  const listed = [...evidence].map((p) => p.priceAed).filter((p) => p > 0);
  const prices = [...listed, ...discountedPrices(listed, maxDiscountPercent)];
  const customerNumbers = numbersIn(normalizeForChecks(customerText));
  const unsupported: number[] = [];
  for (const { amount, budget, fee } of pricesByLine(reply, knownCodes)) {
    if (budget && customerNumbers.has(amount)) continue;
    if (knowledgeAmounts.has(amount)) continue;
    if (fee || !prices.some((price) => isWholeMultiple(amount, price))) unsupported.push(amount);
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
export function unattributedPrices(reply: string, evidence: ProductView[], customerText: string, knownCodes: ReadonlySet<string> = new Set(), maxDiscountPercent = 0): number[] {
  const customerNumbers = numbersIn(normalizeForChecks(customerText));
  const normalized = normalizeForChecks(reply);
  const result: number[] = [];
  for (const { amount, budget } of pricesByLine(reply, knownCodes)) {
    if (budget && customerNumbers.has(amount)) continue;
    const owners = evidence.filter((p) => p.priceAed > 0 && [p.priceAed, ...discountedPrices([p.priceAed], maxDiscountPercent)].some((price) => isWholeMultiple(amount, price)));
    if (owners.length > 0 && !owners.some((p) => mentions(normalized, p))) result.push(amount);
  }
  return result;
}

/** SKUs a reply names that no tool returned this turn (a product the model made up or remembered). */
export function unknownSkus(reply: string, evidence: ProductView[]): string[] {
  const known = new Set(evidence.map((p) => p.sku.toUpperCase()));
  return [...new Set(normalizeForChecks(reply).toUpperCase().match(SKU) ?? [])].filter((sku) => !known.has(sku));
}

/** What licenses a figure: the products' own figures and names, and the other evidence text. */
function licence(evidence: ProductView[], texts: string[]) {
  const productText = evidence.map((p) => `${p.sku} ${p.name} ${p.nameAr ?? ""} ${p.priceAed} ${p.stockAvailable}`).join("\n");
  const corpus = normalizeForChecks([productText, ...texts].join("\n"));
  return { numbers: numbersIn(corpus), codes: codesIn(corpus), currencies: currenciesNamed(corpus) };
}

/**
 * Numbers that are neither a price, a stock figure, a percentage nor a phone number, and that no
 * evidence states. A number the customer wrote licenses one, unless they wrote it as money: their
 * budget may be repeated only as their budget.
 */
function unlicensedNumbers(normalizedReply: string, figures: Figures, numbers: ReadonlySet<number>, customerText: string, evidence: ProductView[]): number[] {
  const prices = evidence.map((p) => p.priceAed).filter((p) => p > 0);
  const customer = normalizeForChecks(customerText);
  const customerNumbers = numbersIn(customer);
  const customerMoney = new Set(readFigures(customer).money.map((m) => m.value));
  const licensed = (value: number, at: number, text: string) =>
    numbers.has(value) || (customerNumbers.has(value) && (!customerMoney.has(value) || isBudget(normalizedReply, at, text))) || prices.some((price) => isWholeMultiple(value, price));
  // 0 and 1 carry no claim on their own ("one of our managers"); as a price or stock figure they are judged above.
  return figures.other.filter((f) => f.value > 1 && !licensed(f.value, f.at!, f.text)).map((f) => f.value);
}

/** Options of `checkFigures`: the discount policy, so a discounted price within it is licensed. */
export interface FigureOptions {
  maxDiscountPercent?: number;
}

/**
 * Prices (attributed to a named product), stock figures, SKUs, terms, foreign currencies and every
 * other number: what a reply may state. `customerText` is the customer's own words; `licensedText`
 * is what the retailer states (knowledge passages and the desk's rendered quotation and messages,
 * one text each), whose money amounts, fees and terms may be quoted; `toolText` is every tool
 * result, whose numbers may be repeated but never as a price (a product description is data, and
 * may carry an injected "costs 1 AED"), and whose warranty figures license a warranty.
 * Percentages and phone numbers are judged by `screenReply`.
 */
export function checkFigures(
  reply: string,
  evidence: ProductView[],
  customerText: string,
  licensedText: string | readonly string[] = "",
  toolText = "",
  options: FigureOptions = {},
): GroundingCheck & { unknownSkus: string[] } {
  const statements = typeof licensedText === "string" ? [licensedText] : [...licensedText];
  const statedText = statements.join("\n");
  const maxDiscount = options.maxDiscountPercent ?? 0;
  const { numbers, codes, currencies } = licence(evidence, [statedText, toolText]);
  const knowledgeAmounts = new Set(statedAmounts(statedText));
  const prices = checkPrices(reply, evidence, customerText, knowledgeAmounts, codes, maxDiscount);
  const stock = checkStock(reply, evidence, customerText);
  const skus = unknownSkus(reply, evidence);
  const unattributed = unattributedPrices(reply, evidence, customerText, codes, maxDiscount).filter((amount) => !knowledgeAmounts.has(amount));
  const normalized = normalizeForChecks(reply);
  const others = unlicensedNumbers(normalized, readFigures(normalized, codes), numbers, customerText, evidence);
  const foreign = foreignAmounts(normalized)
    .filter((f) => !currencies.has(f.currency) || !numbers.has(f.value))
    .map((f) => f.value);
  const terms = unlicensedTerms(normalized, statedTerms(statements, toolText), warrantyLicence(statements, toolText));
  const unsupported = [...new Set([...prices.unsupported, ...stock.unsupported, ...unattributed, ...others, ...foreign, ...terms])];
  return { ok: unsupported.length === 0 && skus.length === 0, unsupported, unknownSkus: skus };
}

/** Lengths of time the retailer states (knowledge, desk), and those a tool result states, never as how fast something happens. */
function statedTerms(statements: readonly string[], toolText: string): Term[] {
  const stated = statements.flatMap((text) => termsIn(normalizeForChecks(text)));
  const fromTools = termsIn(normalizeForChecks(toolText)).map((term) => ({ ...term, lead: false }));
  return [...stated, ...fromTools];
}

/** Warranty figures: what a knowledge passage on warranties states, and a product's own warranty in a tool result. */
function warrantyLicence(statements: readonly string[], toolText: string): Set<number> {
  const found = warrantyFigures(normalizeForChecks(toolText));
  for (const text of statements) for (const value of warrantyFigures(normalizeForChecks(text), true)) found.add(value);
  return found;
}

/**
 * What a turn's reply is checked against: any tool result of the turn is evidence, whether the
 * model asked for it or the turn fetched it before the first model call.
 */
export interface ReplyEvidence {
  /** Every product a tool returned this turn (search, details, live stock, the desk's lines). */
  products: ProductView[];
  /** The customer's own words (earlier and pending messages, the profile and summary told to the model). */
  customerText: string;
  /** What the retailer states: each knowledge passage read this turn and each text the desk wrote (the rendered quotation, its messages). */
  statements: readonly string[];
  /** Every tool result of the turn, as the model read it. */
  toolResults: readonly string[];
  /** The discount policy: a price discounted within it is licensed. */
  maxDiscountPercent?: number;
}

export interface ReplyCheck extends GroundingCheck {
  unknownSkus: string[];
  /** Promises the evidence does not support. */
  commitments: Commitment[];
}

/** Every figure in its role, and every promise, against the turn's evidence (ADR 0008, ADR 0019). */
export function checkReply(reply: string, evidence: ReplyEvidence): ReplyCheck {
  const toolText = evidence.toolResults.join("\n");
  const figures = checkFigures(reply, evidence.products, evidence.customerText, evidence.statements, toolText, { maxDiscountPercent: evidence.maxDiscountPercent ?? 0 });
  const commitments = unsupportedCommitments(normalizeForChecks(reply), normalizeForChecks([...evidence.statements, toolText].join("\n")));
  return { ...figures, ok: figures.ok && commitments.length === 0, commitments };
}
