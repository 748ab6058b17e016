import { and, eq, inArray, isNotNull, ne, or, sql, type SQL } from "drizzle-orm";
import type { CatalogProduct } from "../../core/domain/catalog-item";
import type { Database } from "./client";
import { stockChanges, type StockChange } from "../../core/catalog/stock-moves";
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
  /** Written products whose available stock moved (or that are new to us), with both figures. */
  stock: StockChange[];
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
  if (items.length === 0) return { written: [], changed: 0, conflicts: [], stock: [] };
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
  if (accepted.length === 0) return { written: [], changed: 0, conflicts, stock: [] };

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
        nameArNormalized: sql`excluded.name_ar_normalized`,
        contentHash: sql`excluded.content_hash`,
        zohoModifiedAt: sql`excluded.zoho_modified_at`,
        lastSeenRunId: sql`excluded.last_seen_run_id`,
        // Seen in Zoho: no longer a demo row.
        demo: false,
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
  const stock = stockChanges(new Map(before.map((r) => [r.id, r.stockAvailable])), written);
  return { written: written.map(({ priceAed: _p, stockAvailable: _s, stockOnHand: _h, ...rest }) => rest as SyncedProduct), changed, conflicts, stock };
}

/**
 * What `embedded_hash` holds once a product has its vector: the content hash plus the identity of
 * the embedding space (model, size, store). A new model, size or store makes every product
 * "not embedded" again, so switching fills the new index instead of leaving it empty.
 */
export function embeddingMarker(contentHash: string, spaceKey: string): string {
  return `${contentHash}|${spaceKey}`;
}

/** Records that these products' vectors now match their content (unless the content changed meanwhile). */
export async function markEmbedded(db: Database, embedded: { id: string; contentHash: string }[], spaceKey: string): Promise<void> {
  for (const { id, contentHash } of embedded) {
    await db
      .update(products)
      .set({ embeddedHash: embeddingMarker(contentHash, spaceKey) })
      .where(and(eq(products.id, id), eq(products.contentHash, contentHash)));
  }
}

/** Forgets vectors of products taken out of service (after they left the index). */
export async function clearEmbedded(db: Database, ids: string[]): Promise<void> {
  if (ids.length) await db.update(products).set({ embeddedHash: null }).where(inArray(products.id, ids));
}

/** A collection was (re)created empty: every product needs its vector again. */
export async function resetEmbedded(db: Database): Promise<void> {
  await db.update(products).set({ embeddedHash: null }).where(isNotNull(products.embeddedHash));
}

/** Items Zoho listed but we could not take (malformed, SKU conflict): their rows still exist upstream. */
export async function touchSeen(db: Database, zohoItemIds: string[], runId: string): Promise<void> {
  if (zohoItemIds.length) await db.update(products).set({ lastSeenRunId: runId, demo: false }).where(inArray(products.zohoItemId, zohoItemIds));
}

/** After a full run: products the run did not see (candidates for deletion, to be confirmed with Zoho). */
export async function unseenProducts(db: Database, runId: string, limit: number): Promise<{ id: string; sku: string; zohoItemId: string | null }[]> {
  return db
    .select({ id: products.id, sku: products.sku, zohoItemId: products.zohoItemId })
    .from(products)
    .where(and(ne(products.status, "deleted"), sql`${products.lastSeenRunId} is distinct from ${runId}::uuid`))
    .limit(limit);
}

/**
 * Demo products (loaded by the demo seed, never seen by a sync) a full run did not see: demo item
 * ids mean nothing to a real Zoho, so these go at once, all of them, without asking Zoho each.
 */
export async function unseenDemoProducts(db: Database, runId: string): Promise<string[]> {
  const rows = await db
    .select({ id: products.id })
    .from(products)
    .where(and(ne(products.status, "deleted"), eq(products.demo, true), sql`${products.lastSeenRunId} is distinct from ${runId}::uuid`));
  return rows.map((r) => r.id);
}

export async function markDeleted(db: Database, ids: string[]): Promise<void> {
  if (ids.length) await db.update(products).set({ status: "deleted", updatedAt: sql`now()` }).where(inArray(products.id, ids));
}

/** Products out of service whose vectors are still in the index (a failed delete, a live-stock check that found them gone). */
export async function staleVectors(db: Database, limit: number): Promise<string[]> {
  const rows = await db
    .select({ id: products.id })
    .from(products)
    .where(and(ne(products.status, "active"), isNotNull(products.embeddedHash)))
    .limit(limit);
  return rows.map((r) => r.id);
}

/** Active products whose vector is missing or stale (an earlier embedding failure, a new model or store). */
export async function productsNeedingEmbedding(db: Database, spaceKey: string, limit: number): Promise<SyncedProduct[]> {
  const rows = await db
    .select(synced)
    .from(products)
    .where(
      and(
        eq(products.status, "active"),
        isNotNull(products.contentHash),
        sql`${products.embeddedHash} is distinct from ${products.contentHash} || '|' || ${spaceKey}`,
      ),
    )
    .limit(limit);
  return rows.map(({ priceAed: _p, stockAvailable: _s, stockOnHand: _h, ...rest }) => rest as SyncedProduct);
}

export async function countActiveProducts(db: Database): Promise<number> {
  const rows = await db.select({ n: sql<number>`count(*)::int` }).from(products).where(eq(products.status, "active"));
  return Number(rows[0]?.n ?? 0);
}

/**
 * The statements that rebuild the catalog vocabulary (lexeme -> number of active products
 * containing it) search uses. The empty lexeme holds the number of active products, so search
 * reads shares without counting. Shared with the demo seed, which runs them on its own driver.
 */
export const VOCABULARY_REBUILD: SQL[] = [
  sql`DELETE FROM catalog_lexemes`,
  sql`INSERT INTO catalog_lexemes (lexeme, documents) SELECT word, ndoc FROM ts_stat('SELECT search_vector FROM products WHERE status = ''active''')`,
  sql`INSERT INTO catalog_lexemes (lexeme, documents) SELECT '', count(*) FROM products WHERE status = 'active'`,
];
/** Fresh planner statistics, so rare-word searches use the full-text index rather than a scan. */
export const ANALYZE_PRODUCTS = sql`ANALYZE products`;

/** Rebuilds the vocabulary in one transaction, then the planner statistics. */
export async function rebuildVocabulary(db: Database): Promise<void> {
  await db.transaction(async (tx) => {
    for (const statement of VOCABULARY_REBUILD) await tx.execute(statement);
  });
  await db.execute(ANALYZE_PRODUCTS);
}
