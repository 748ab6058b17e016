import { sql } from "drizzle-orm";
import { boolean, customType, index, integer, jsonb, numeric, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";

// The catalog and the knowledge base: what search reads. Nothing here refers to chats or orders,
// so `schema.ts` re-exports these tables without an import cycle.

const tsvector = customType<{ data: string }>({ dataType: () => "tsvector" });

/** The catalog. Prices and stock shown to customers come only from here (and live Zoho stock). */
export const products = pgTable(
  "products",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    sku: text("sku").notNull().unique(),
    zohoItemId: text("zoho_item_id").unique(),
    nameEn: text("name_en").notNull(),
    nameAr: text("name_ar"),
    descriptionEn: text("description_en"),
    descriptionAr: text("description_ar"),
    category: text("category").notNull(),
    priceAed: numeric("price_aed", { precision: 12, scale: 2 }).notNull(),
    stockAvailable: integer("stock_available").notNull().default(0),
    stockOnHand: integer("stock_on_hand").notNull().default(0),
    /** Only `active` products are ever served; `inactive` (in Zoho) and `deleted` (gone from Zoho) are kept for history. */
    status: text("status", { enum: ["active", "inactive", "deleted"] }).notNull().default("active"),
    imageUrl: text("image_url"),
    attributes: jsonb("attributes").$type<Record<string, string>>().notNull().default({}),
    /** Arabic name and description after normalisation (alef/ya forms, diacritics, tatweel, digits). */
    searchTextAr: text("search_text_ar").notNull().default(""),
    searchVector: tsvector("search_vector").generatedAlwaysAs(
      sql`setweight(to_tsvector('english', coalesce(name_en, '') || ' ' || sku), 'A')
        || setweight(to_tsvector('simple', coalesce(search_text_ar, '')), 'B')
        || setweight(to_tsvector('english', coalesce(category, '') || ' ' || coalesce(description_en, '')), 'C')`,
    ),
    /** Lower-cased English name, SKU and normalised Arabic name: the trigram (misspelling) index. */
    searchNames: text("search_names").notNull().default(""),
    /** The Arabic name normalised, for exact-name matches typed in Arabic. */
    nameArNormalized: text("name_ar_normalized"),
    /** Hash of everything the embedding is made from; a sync re-embeds only when it changes. */
    contentHash: text("content_hash"),
    /** The content hash the stored vector was made from; null or different means "embed me". */
    embeddedHash: text("embedded_hash"),
    zohoModifiedAt: timestamp("zoho_modified_at", { withTimezone: true }),
    /** The last full sync run that saw this item; a full sync marks items it did not see as deleted. */
    lastSeenRunId: uuid("last_seen_run_id"),
    /** Loaded from the demo catalog, not yet seen by a sync: a full sync removes these at once when Zoho does not list them. */
    demo: boolean("demo").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("products_search_idx").using("gin", t.searchVector),
    index("products_category_price_idx").on(t.category, t.priceAed),
    index("products_search_names_trgm_idx").using("gin", sql`${t.searchNames} gin_trgm_ops`),
    // Exact SKU and exact-name matches are looked up on every search.
    index("products_upper_sku_idx").on(sql`upper(${t.sku})`),
    index("products_lower_name_idx").on(sql`lower(${t.nameEn})`),
    index("products_name_ar_normalized_idx").on(t.nameArNormalized),
  ],
);

/**
 * The catalog's vocabulary: every lexeme of active products' search text and how many products
 * contain it, rebuilt after each sync that changed something. Search reads it to tell rare words
 * (worth ranking on) from common ones and to correct misspellings against real catalog words.
 */
export const catalogLexemes = pgTable(
  "catalog_lexemes",
  {
    lexeme: text("lexeme").primaryKey(),
    documents: integer("documents").notNull(),
  },
  (t) => [
    index("catalog_lexemes_trgm_idx").using("gin", sql`${t.lexeme} gin_trgm_ops`),
    index("catalog_lexemes_prefix_idx").using("btree", sql`${t.lexeme} text_pattern_ops`),
  ],
);

/**
 * One catalog sync from Zoho Inventory. A run may span several queue invocations: `checkpoint`
 * says where the next one resumes. At most one run is open (queued, running or interrupted) at a
 * time, which the partial unique index enforces; `leaseUntil` tells a live worker from a dead one.
 */
export const catalogSyncRuns = pgTable(
  "catalog_sync_runs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    trigger: text("trigger", { enum: ["cron", "api", "startup"] }).notNull(),
    mode: text("mode", { enum: ["full", "incremental"] }).notNull(),
    status: text("status", { enum: ["queued", "running", "interrupted", "succeeded", "failed"] }).notNull(),
    /** Only items modified at or after this time are fetched (incremental runs). */
    modifiedSince: timestamp("modified_since", { withTimezone: true }),
    checkpoint: jsonb("checkpoint").$type<{ nextPage: number }>().notNull().default({ nextPage: 1 }),
    leaseUntil: timestamp("lease_until", { withTimezone: true }),
    /** Written by each claim: only the holder of the current token may record progress or release the run. */
    leaseToken: uuid("lease_token"),
    /** Last time an invocation handed the run on (queued or interrupted): how stale a waiting run is. */
    releasedAt: timestamp("released_at", { withTimezone: true }),
    attempts: integer("attempts").notNull().default(0),
    pages: integer("pages").notNull().default(0),
    itemsSeen: integer("items_seen").notNull().default(0),
    itemsChanged: integer("items_changed").notNull().default(0),
    itemsRemoved: integer("items_removed").notNull().default(0),
    itemsSkipped: integer("items_skipped").notNull().default(0),
    embedded: integer("embedded").notNull().default(0),
    zohoRequests: integer("zoho_requests").notNull().default(0),
    embeddingRequests: integer("embedding_requests").notNull().default(0),
    /** Problems met on the way (malformed items, retried failures), newest last, capped. */
    errors: jsonb("errors").$type<SyncProblem[]>().notNull().default([]),
    requestedAt: timestamp("requested_at", { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp("started_at", { withTimezone: true }),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("catalog_sync_runs_one_open_uq").on(sql`(true)`).where(sql`${t.status} in ('queued', 'running', 'interrupted')`),
    index("catalog_sync_runs_requested_idx").on(t.requestedAt),
  ],
);

export interface SyncProblem {
  at: string;
  kind: "malformed_item" | "zoho" | "embeddings" | "vector_index" | "internal";
  message: string;
  itemId?: string;
  sku?: string;
  page?: number;
}

/** Knowledge-base documents managers maintain (delivery, warranty, payment, showroom, ...). */
export const knowledgeDocuments = pgTable("knowledge_documents", {
  id: uuid("id").primaryKey().defaultRandom(),
  slug: text("slug").notNull().unique(),
  topic: text("topic").notNull(),
  language: text("language", { enum: ["en", "ar"] }).notNull(),
  title: text("title").notNull(),
  body: text("body").notNull(),
  /** `indexed` once every chunk has its vector; `pending` when the dense index could not be written yet. */
  indexStatus: text("index_status", { enum: ["pending", "indexed"] }).notNull().default("pending"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/** A document cut into passages small enough to embed and to quote to the model. */
export const knowledgeChunks = pgTable(
  "knowledge_chunks",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    documentId: uuid("document_id")
      .notNull()
      .references(() => knowledgeDocuments.id, { onDelete: "cascade" }),
    ordinal: integer("ordinal").notNull(),
    text: text("text").notNull(),
    /** Title and text after Arabic normalisation, for the lexical index. */
    searchText: text("search_text").notNull(),
    searchVector: tsvector("search_vector").generatedAlwaysAs(
      sql`to_tsvector('english', search_text) || to_tsvector('simple', search_text)`,
    ),
  },
  (t) => [
    uniqueIndex("knowledge_chunks_document_ordinal_uq").on(t.documentId, t.ordinal),
    index("knowledge_chunks_search_idx").using("gin", t.searchVector),
  ],
);
