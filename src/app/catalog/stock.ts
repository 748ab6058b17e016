import { eq, sql } from "drizzle-orm";
import type { Database } from "../../adapters/db/client";
import { products } from "../../adapters/db/schema";
import { ZohoError } from "../../adapters/zoho/errors";
import { parseZohoItem } from "../../core/domain/catalog-item";
import type { StockFigure } from "../../core/agent/catalog";

export type { StockFigure };


export interface StockSource {
  getItem(itemId: string): Promise<unknown | null>;
}

const cache = new Map<string, { figure: StockFigure; at: number }>();

/**
 * Live stock for the final quotation: read from Zoho (reused for `ttlMs`), written back to the
 * catalog so search sees it too. If Zoho cannot be reached the last synced figure is returned,
 * marked as such, rather than no answer. Unknown SKUs answer null.
 */
export async function liveStock(db: Database, zoho: StockSource | null, sku: string, ttlMs: number): Promise<StockFigure | null> {
  const key = sku.trim().toUpperCase();
  const hit = cache.get(key);
  if (hit && Date.now() - hit.at < ttlMs) return hit.figure;
  const [row] = await db.select().from(products).where(sql`upper(${products.sku}) = ${key}`).limit(1);
  if (!row) return null;
  const fromCatalog = (warning: string): StockFigure => ({
    sku: row.sku,
    name: row.nameEn,
    available: row.stockAvailable,
    onHand: row.stockOnHand,
    status: row.status,
    source: "catalog",
    checkedAt: row.updatedAt.toISOString(),
    warning,
  });
  if (!zoho || !row.zohoItemId) return fromCatalog(zoho ? "this product is not linked to a Zoho item" : "Zoho is not configured; figure from the catalog");
  let item: unknown | null;
  try {
    item = await zoho.getItem(row.zohoItemId);
  } catch (error) {
    if (error instanceof ZohoError && error.kind !== "not_configured") return fromCatalog(`Zoho unavailable (${error.message.slice(0, 120)}); last synced figure`);
    throw error;
  }
  let figure: StockFigure;
  if (item === null) {
    await db.update(products).set({ status: "deleted", stockAvailable: 0, updatedAt: sql`now()` }).where(eq(products.id, row.id));
    figure = { sku: row.sku, name: row.nameEn, available: 0, onHand: 0, status: "deleted", source: "zoho", checkedAt: new Date().toISOString() };
  } else {
    const parsed = await parseZohoItem(item);
    if (!parsed.ok) return fromCatalog(`Zoho answered an unreadable item (${parsed.problem.slice(0, 120)}); last synced figure`);
    const p = parsed.product;
    await db
      .update(products)
      .set({ stockAvailable: p.stockAvailable, stockOnHand: p.stockOnHand, status: p.status, priceAed: p.priceAed, updatedAt: sql`now()` })
      .where(eq(products.id, row.id));
    figure = { sku: row.sku, name: p.nameEn, available: p.stockAvailable, onHand: p.stockOnHand, status: p.status, source: "zoho", checkedAt: new Date().toISOString() };
  }
  cache.set(key, { figure, at: Date.now() });
  if (cache.size > 2000) cache.delete(cache.keys().next().value!);
  return figure;
}
