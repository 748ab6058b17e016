import { readFigures, codesIn } from "../../agent/reply-checks/figures";
import { normalizeForChecks } from "../../agent/reply-checks/normalize";
import { agentReplies, type CatalogPrice, type QualityFlag, type ReviewInput } from "./types";

/**
 * `price_mismatch`: a reply line names one catalog product (by SKU) and the first amount it states
 * is neither the product's price (without or with VAT) nor a multiple of it by a quantity on the
 * same line. Products whose row changed after the reply are skipped: their price then is unknown.
 */
export function priceMismatch(input: Pick<ReviewInput, "messages" | "catalog" | "settings">): QualityFlag[] {
  const flags: QualityFlag[] = [];
  const bySku = new Map(input.catalog.map((p) => [p.sku.toLowerCase(), p]));
  for (const reply of agentReplies(input)) {
    for (const line of normalizeForChecks(reply.text!).split("\n")) {
      const named = [...codesIn(line)].map((code) => bySku.get(code)).filter((p): p is CatalogPrice => p !== undefined);
      const product = named.length === 1 ? named[0]! : null;
      if (!product || product.knownSince > reply.sentAt) continue;
      const afterSku = line.slice(line.indexOf(product.sku.toLowerCase()) + product.sku.length);
      const stated = readFigures(afterSku, new Set([product.sku.toLowerCase()])).money[0];
      if (!stated || priceFits(stated.value, product.priceAed, input.settings.vatPercent, afterSku)) continue;
      flags.push({ flag: "price_mismatch", messageIds: [reply.id], detail: `${product.sku} quoted at ${stated.value} AED; the catalog price was ${product.priceAed} AED.` });
    }
  }
  return flags;
}

/** The stated amount is the price, the price with VAT, or either times a whole number the line states. */
export function priceFits(amount: number, price: number, vatPercent: number, line: string): boolean {
  const withVat = Math.round(price * (100 + vatPercent)) / 100;
  const quantities = [1, ...[...line.matchAll(/(?<![\d.,])\d{1,5}(?![\d.,])/g)].map((m) => Number(m[0]))];
  const near = (a: number, b: number) => Math.abs(a - b) < 0.01;
  return quantities.some((q) => near(amount, price * q) || near(amount, withVat * q));
}
