import { and, asc, eq, gte, lte, sql, type SQL } from "drizzle-orm";
import { arabicSearchTokens } from "../../domain/language";
import type { Database } from "./client";
import { products } from "./schema";

/** What the agent and the API see of a product: the only source of names, prices and stock. */
export interface ProductView {
  id: string;
  sku: string;
  name: string;
  nameAr: string | null;
  category: string;
  priceAed: number;
  stockAvailable: number;
  description: string | null;
  descriptionAr: string | null;
  attributes: Record<string, string>;
}

export interface ProductSearch {
  query: string;
  category?: string | undefined;
  minPrice?: number | undefined;
  maxPrice?: number | undefined;
  /** Only products with at least this many units available. */
  minStock?: number | undefined;
  limit?: number | undefined;
  offset?: number | undefined;
}

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

/** Query words as tsquery terms: English is stemmed by Postgres, Arabic is normalised by us. */
function queryTerms(query: string): string[] {
  return arabicSearchTokens(query)
    .filter((token) => token.length >= 2 || /\d/.test(token))
    .slice(0, 24);
}

/**
 * Lexical catalog search (Postgres full text, English stemming plus normalised Arabic). Any
 * word may match; more and better-placed matches rank higher; an exact SKU always ranks first.
 */
export async function searchProducts(db: Database, search: ProductSearch): Promise<ProductView[]> {
  const filters: SQL[] = [eq(products.status, "active")];
  if (search.category) filters.push(eq(products.category, search.category));
  if (search.minPrice !== undefined) filters.push(gte(products.priceAed, String(search.minPrice)));
  if (search.maxPrice !== undefined) filters.push(lte(products.priceAed, String(search.maxPrice)));
  if (search.minStock !== undefined) filters.push(gte(products.stockAvailable, search.minStock));
  const limit = Math.min(search.limit ?? 5, 50);
  const offset = search.offset ?? 0;

  const terms = queryTerms(search.query);
  if (terms.length === 0) {
    const rows = await db
      .select(columns)
      .from(products)
      .where(and(...filters))
      .orderBy(asc(products.priceAed))
      .limit(limit)
      .offset(offset);
    return rows.map(toView);
  }

  // Each term is matched both stemmed (English) and as a normalised prefix (Arabic, SKUs, models).
  const english = sql`to_tsquery('english', ${terms.map(quoteTerm).join(" | ")})`;
  const simple = sql`to_tsquery('simple', ${terms.map((t) => `${quoteTerm(t)}:*`).join(" | ")})`;
  const tsquery = sql`(${english} || ${simple})`;
  const skuMatch = sql`upper(${products.sku}) = upper(${search.query.trim()})`;
  const rows = await db
    .select(columns)
    .from(products)
    .where(and(...filters, sql`(${products.searchVector} @@ ${tsquery} OR ${skuMatch})`))
    .orderBy(
      sql`${skuMatch} DESC`,
      sql`ts_rank_cd(${products.searchVector}, ${tsquery}) DESC`,
      asc(products.priceAed),
    )
    .limit(limit)
    .offset(offset);
  return rows.map(toView);
}

/** Quotes a term for to_tsquery so user text can never inject tsquery operators. */
function quoteTerm(term: string): string {
  return `'${term.replace(/'/g, "''").replace(/\\/g, "")}'`;
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
