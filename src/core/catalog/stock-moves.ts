/**
 * What a catalog sync's stock changes mean for customers and managers, free of I/O so each rule
 * is unit- and mutation-tested: which products came back (a subscriber is told), and which fell
 * below what an open quotation quotes (managers are alerted once per drop, not every sync).
 */

/** One product's available stock before and after a sync wrote it; `before` is null for a product new to us. */
export interface StockChange {
  productId: string;
  before: number | null;
  after: number;
}

/** A line of an open quotation: how many of a product the customer was quoted. */
export interface QuotedLine {
  quotationId: string;
  productId: string;
  quantity: number;
}

export interface LowStockAlert {
  productId: string;
  before: number;
  after: number;
  /** The open quotations the drop leaves short, with what each quotes. */
  quotations: { quotationId: string; quantity: number }[];
}

/** Products whose stock returned: none available before this write, some now. A product new to us did not "return". */
export function returnedToStock(changes: readonly StockChange[]): string[] {
  const back = new Set<string>();
  for (const change of changes) {
    if (change.before !== null && change.before <= 0 && change.after > 0) back.add(change.productId);
  }
  return [...back];
}

/**
 * Products whose stock fell below the quantity an open quotation quotes, in this write: the
 * quotation was covered before (`before >= quantity`) and is not now. A sync that sees the same
 * low figure again crosses nothing, so managers hear of each drop once. One alert per product,
 * naming every quotation the drop leaves short.
 */
export function lowStockAlerts(changes: readonly StockChange[], quoted: readonly QuotedLine[]): LowStockAlert[] {
  const alerts: LowStockAlert[] = [];
  for (const change of changes) {
    // A product new to us had none before: no quotation was covered by it.
    const before = change.before ?? 0;
    const short = quoted.filter((line) => line.productId === change.productId && before >= line.quantity && change.after < line.quantity);
    if (short.length === 0) continue;
    alerts.push({ productId: change.productId, before, after: change.after, quotations: short.map(({ quotationId, quantity }) => ({ quotationId, quantity })) });
  }
  return alerts;
}

/** The stock changes worth a look: products whose available figure moved (or that are new to us). */
export function stockChanges(before: ReadonlyMap<string, number>, after: readonly { id: string; stockAvailable: number }[]): StockChange[] {
  return after.filter((p) => before.get(p.id) !== p.stockAvailable).map((p) => ({ productId: p.id, before: before.get(p.id) ?? null, after: p.stockAvailable }));
}
