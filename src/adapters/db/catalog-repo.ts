import { and, eq, inArray, isNotNull, ne, or, sql } from "drizzle-orm";
import type { CatalogProduct } from "../../domain/catalog-item";
import type { Database } from "./client";
import { products } from "./schema";

/** A stored product as the sync needs it after a write: what to embed, what to drop from the index. */
export interface SyncedProduct {
  id: string;
  sku: string;
  zohoItemId: string;
  status: "active" | "inactive" | "deleted";
  contentHash: string | null;
  embeddedHash: string | null;
  nameEn: string;
  nameAr: string | null;
  descriptionEn: string | null;
  descriptionAr: string | null;
  category: string;
  attributes: Record<string, string>;
}

export interface PageWriteResult {
  written: SyncedProduct[];
  /** Items whose stored row differs from before (new, or any synced field changed). */
  changed: number;
  /** Items not written, with the reason (a SKU another Zoho item already holds). */
  conflicts: { item: CatalogProduct; reason: string }[];
}

const synced = {
  id: products.id,
  sku: products.sku,
  zohoItemId: products.zohoItemId,
  status: products.status,
  contentHash: products.contentHash,
  embeddedHash: products.embeddedHash,
  nameEn: products.nameEn,
  nameAr: products.nameAr,
  descriptionEn: products.descriptionEn,
  descriptionAr: products.descriptionAr,
  category: products.category,
  attributes: products.attributes,
  priceAed: products.priceAed,
  stockAvailable: products.stockAvailable,
  stockOnHand: products.stockOnHand,
};

/**
 * Writes one page of Zoho items, keyed by Zoho's item id. A row that has the SKU but no Zoho id
 * yet (loaded before the first sync) is adopted; a SKU held by a different Zoho item is a
 * conflict reported back, not an error that loses the page. Every row written is stamped with
 * the run, so a full sync can tell which products Zoho no longer has.
 */
export async function writeCatalogPage(db: Database, items: CatalogProduct[], runId: string): Promise<PageWriteResult> {
  if (items.length === 0) return { written: [], changed: 0, conflicts: [] };
  const ids = items.map((i) => i.zohoItemId);
  const skus = items.map((i) => i.sku);
  const before = await db
    .select(synced)
    .from(products)
    .where(or(inArray(products.zohoItemId, ids), inArray(products.sku, skus)));
  const byZohoId = new Map(before.filter((r) => r.zohoItemId).map((r) => [r.zohoItemId!, r]));
  const bySku = new Map(before.map((r) => [r.sku, r]));

  const conflicts: PageWriteResult["conflicts"] = [];
  const adopt: { sku: string; zohoItemId: string }[] = [];
  const retire: string[] = [];
  const accepted: CatalogProduct[] = [];
  const seenSkus = new Set<string>();
  for (const item of items) {
    const holder = bySku.get(item.sku);
    if (seenSkus.has(item.sku) || (holder && holder.zohoItemId && holder.zohoItemId !== item.zohoItemId && holder.status !== "deleted")) {
      conflicts.push({ item, reason: `SKU ${item.sku} belongs to another Zoho item` });
      continue;
    }
    seenSkus.add(item.sku);
    if (holder && holder.zohoItemId !== item.zohoItemId) {
      if (byZohoId.has(item.zohoItemId)) retire.push(holder.id);
      else adopt.push({ sku: item.sku, zohoItemId: item.zohoItemId });
    }
    accepted.push(item);
  }
  for (const { sku, zohoItemId } of adopt) {
    // A row loaded before any sync, or a deleted row whose SKU a new Zoho item now uses.
    await db.update(products).set({ zohoItemId }).where(eq(products.sku, sku));
  }
  for (const id of retire) {
    // The item already has its own row: the deleted row gives its SKU up (kept for history under a marked SKU).
    await db.update(products).set({ sku: sql`${products.sku} || '~' || left(${products.id}::text, 8)`, zohoItemId: null }).where(eq(products.id, id));
  }
  if (accepted.length === 0) return { written: [], changed: 0, conflicts };

  const rows = accepted.map((p) => ({ ...p, lastSeenRunId: runId }));
  const written = await db
    .insert(products)
    .values(rows)
    .onConflictDoUpdate({
      target: products.zohoItemId,
      set: {
        sku: sql`excluded.sku`,
        nameEn: sql`excluded.name_en`,
        nameAr: sql`excluded.name_ar`,
        descriptionEn: sql`excluded.description_en`,
        descriptionAr: sql`excluded.description_ar`,
        category: sql`excluded.category`,
        priceAed: sql`excluded.price_aed`,
        stockAvailable: sql`excluded.stock_available`,
        stockOnHand: sql`excluded.stock_on_hand`,
        status: sql`excluded.status`,
        imageUrl: sql`excluded.image_url`,
        attributes: sql`excluded.attributes`,
        searchTextAr: sql`excluded.search_text_ar`,
        searchNames: sql`excluded.search_names`,
        contentHash: sql`excluded.content_hash`,
        zohoModifiedAt: sql`excluded.zoho_modified_at`,
        lastSeenRunId: sql`excluded.last_seen_run_id`,
        updatedAt: sql`now()`,
      },
    })
    .returning(synced);

  let changed = 0;
  for (const item of accepted) {
    const old = byZohoId.get(item.zohoItemId) ?? bySku.get(item.sku);
    if (
      !old ||
      old.contentHash !== item.contentHash ||
      old.status !== item.status ||
      old.sku !== item.sku ||
      Number(old.priceAed) !== Number(item.priceAed) ||
      old.stockAvailable !== item.stockAvailable ||
      old.stockOnHand !== item.stockOnHand
    ) {
      changed++;
    }
  }
  return { written: written.map(({ priceAed: _p, stockAvailable: _s, stockOnHand: _h, ...rest }) => rest as SyncedProduct), changed, conflicts };
}

/** Records that these products' vectors now match their content. */
export async function markEmbedded(db: Database, embedded: { id: string; contentHash: string }[]): Promise<void> {
  for (const { id, contentHash } of embedded) {
    await db.update(products).set({ embeddedHash: contentHash }).where(and(eq(products.id, id), eq(products.contentHash, contentHash)));
  }
}

/** Forgets vectors of products taken out of service, so a product coming back is embedded again. */
export async function clearEmbedded(db: Database, ids: string[]): Promise<void> {
  if (ids.length) await db.update(products).set({ embeddedHash: null }).where(inArray(products.id, ids));
}

/** After a full sync: products Zoho no longer lists become `deleted`. Returns their ids. */
export async function markUnseenDeleted(db: Database, runId: string): Promise<string[]> {
  const rows = await db
    .update(products)
    .set({ status: "deleted", embeddedHash: null, updatedAt: sql`now()` })
    .where(and(ne(products.status, "deleted"), sql`${products.lastSeenRunId} is distinct from ${runId}::uuid`))
    .returning({ id: products.id });
  return rows.map((r) => r.id);
}

/** Active products whose vector is missing or stale (an earlier embedding failure, a new index). */
export async function productsNeedingEmbedding(db: Database, limit: number): Promise<SyncedProduct[]> {
  const rows = await db
    .select(synced)
    .from(products)
    .where(and(eq(products.status, "active"), isNotNull(products.contentHash), sql`${products.embeddedHash} is distinct from ${products.contentHash}`))
    .limit(limit);
  return rows.map(({ priceAed: _p, stockAvailable: _s, stockOnHand: _h, ...rest }) => rest as SyncedProduct);
}

export async function countActiveProducts(db: Database): Promise<number> {
  const rows = await db.select({ n: sql<number>`count(*)::int` }).from(products).where(eq(products.status, "active"));
  return Number(rows[0]?.n ?? 0);
}
