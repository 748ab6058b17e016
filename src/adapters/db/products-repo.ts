import { and, eq, sql, type SQL } from "drizzle-orm";
import { uuidArray } from "./arrays";
import type { Database } from "./client";
import { products } from "./schema";
import type { ProductSearch, ProductView } from "../../core/agent/catalog";

export type { ProductSearch, ProductView };


const columns = {
  id: products.id,
  sku: products.sku,
  name: products.nameEn,
  nameAr: products.nameAr,
  category: products.category,
  priceAed: products.priceAed,
  stockAvailable: products.stockAvailable,
  description: products.descriptionEn,
  descriptionAr: products.descriptionAr,
  attributes: products.attributes,
};

type Row = Omit<ProductView, "priceAed"> & { priceAed: string };

function toView(row: Row): ProductView {
  return { ...row, priceAed: Number(row.priceAed) };
}

/**
 * Products by id through the given conditions (SQL over alias `p`), in no particular order:
 * search ranks ids elsewhere and hydrates them here.
 */
export async function productViewsByIds(db: Database, ids: string[], conditions: SQL): Promise<ProductView[]> {
  if (ids.length === 0) return [];
  const result = await db.execute<Row & { attributes: Record<string, string> }>(sql`
    SELECT p.id, p.sku, p.name_en AS "name", p.name_ar AS "nameAr", p.category, p.price_aed::text AS "priceAed",
      p.stock_available AS "stockAvailable", p.description_en AS "description", p.description_ar AS "descriptionAr", p.attributes
    FROM products p WHERE p.id = ANY(${uuidArray(ids)}::uuid[]) AND ${conditions}`);
  return result.rows.map(toView);
}

/** One product by id or SKU, or null. */
export async function getProduct(db: Database, idOrSku: string): Promise<ProductView | null> {
  const isUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(idOrSku);
  const rows = await db
    .select(columns)
    .from(products)
    .where(and(eq(products.status, "active"), isUuid ? eq(products.id, idOrSku) : sql`upper(${products.sku}) = upper(${idOrSku})`))
    .limit(1);
  const row = rows[0];
  return row ? toView(row) : null;
}

/** Active products whose SKU a text names (a reply's trace: what the customer was shown), at most 20. */
export async function productsNamedIn(db: Database, text: string): Promise<Pick<ProductView, "id" | "sku" | "name" | "priceAed">[]> {
  if (!text.trim()) return [];
  const rows = await db
    .select({ id: products.id, sku: products.sku, name: products.nameEn, priceAed: products.priceAed })
    .from(products)
    .where(and(eq(products.status, "active"), sql`strpos(${text}, ${products.sku}) > 0`))
    .orderBy(products.sku)
    .limit(20);
  return rows.map((row) => ({ ...row, priceAed: Number(row.priceAed) }));
}
