import { and, asc, desc, eq, inArray, sql, type SQL } from "drizzle-orm";
import type { KnowledgeDocumentInput } from "../../core/domain/knowledge";
import { quoteTerm } from "../../core/domain/search-terms";
import type { Database } from "./client";
import { knowledgeChunks, knowledgeDocuments } from "./schema";
import type { KnowledgePassage } from "../../core/agent/catalog";

export type { KnowledgePassage };

export type KnowledgeDocument = typeof knowledgeDocuments.$inferSelect;
export type KnowledgeChunk = Pick<typeof knowledgeChunks.$inferSelect, "id" | "ordinal" | "text">;

export interface SavedDocument {
  document: KnowledgeDocument;
  chunks: KnowledgeChunk[];
  /** Chunk ids the document had before this write (their vectors must go). */
  replacedChunkIds: string[];
}

export async function listDocuments(db: Database, filter: { topic?: string | undefined; language?: string | undefined }): Promise<KnowledgeDocument[]> {
  const where: SQL[] = [];
  if (filter.topic) where.push(eq(knowledgeDocuments.topic, filter.topic));
  if (filter.language) where.push(eq(knowledgeDocuments.language, filter.language as "en" | "ar"));
  return db
    .select()
    .from(knowledgeDocuments)
    .where(where.length ? and(...where) : undefined)
    .orderBy(asc(knowledgeDocuments.topic), asc(knowledgeDocuments.language), desc(knowledgeDocuments.updatedAt));
}

export async function getDocument(db: Database, id: string): Promise<{ document: KnowledgeDocument; chunks: KnowledgeChunk[] } | null> {
  const [document] = await db.select().from(knowledgeDocuments).where(eq(knowledgeDocuments.id, id)).limit(1);
  if (!document) return null;
  const chunks = await db
    .select({ id: knowledgeChunks.id, ordinal: knowledgeChunks.ordinal, text: knowledgeChunks.text })
    .from(knowledgeChunks)
    .where(eq(knowledgeChunks.documentId, id))
    .orderBy(asc(knowledgeChunks.ordinal));
  return { document, chunks };
}

/**
 * Creates the document, or replaces the one with `id`, together with its chunks, in one
 * transaction: readers never see a document with half its passages. The new version waits
 * as `pending` until its vectors are written.
 */
export async function saveDocument(
  db: Database,
  input: KnowledgeDocumentInput,
  chunks: { text: string; searchText: string }[],
  id?: string,
): Promise<SavedDocument | null> {
  return db.transaction(async (tx) => {
    let document: KnowledgeDocument | undefined;
    let replacedChunkIds: string[] = [];
    if (id) {
      [document] = await tx
        .update(knowledgeDocuments)
        .set({ ...input, indexStatus: "pending", updatedAt: sql`now()` })
        .where(eq(knowledgeDocuments.id, id))
        .returning();
      if (!document) return null;
      replacedChunkIds = (await tx.delete(knowledgeChunks).where(eq(knowledgeChunks.documentId, id)).returning({ id: knowledgeChunks.id })).map((c) => c.id);
    } else {
      [document] = await tx.insert(knowledgeDocuments).values({ ...input, indexStatus: "pending" }).returning();
    }
    const saved = await tx
      .insert(knowledgeChunks)
      .values(chunks.map((c, ordinal) => ({ documentId: document!.id, ordinal, text: c.text, searchText: c.searchText })))
      .returning({ id: knowledgeChunks.id, ordinal: knowledgeChunks.ordinal, text: knowledgeChunks.text });
    return { document: document!, chunks: saved, replacedChunkIds };
  });
}

/** Deletes a document and its chunks; returns the chunk ids (for the vector index) or null if absent. */
export async function deleteDocument(db: Database, id: string): Promise<string[] | null> {
  const chunkIds = (await db.select({ id: knowledgeChunks.id }).from(knowledgeChunks).where(eq(knowledgeChunks.documentId, id))).map((c) => c.id);
  const deleted = await db.delete(knowledgeDocuments).where(eq(knowledgeDocuments.id, id)).returning({ id: knowledgeDocuments.id });
  return deleted.length ? chunkIds : null;
}

export async function markIndexed(db: Database, id: string, updatedAt: Date): Promise<void> {
  // Only if nobody saved a newer version meanwhile.
  await db
    .update(knowledgeDocuments)
    .set({ indexStatus: "indexed" })
    // Postgres keeps microseconds, a JS Date milliseconds: compare at the coarser precision.
    .where(and(eq(knowledgeDocuments.id, id), sql`date_trunc('milliseconds', ${knowledgeDocuments.updatedAt}) = ${updatedAt.toISOString()}::timestamptz`));
}

/** The knowledge collection was (re)created empty: every document needs indexing again. */
export async function markAllPending(db: Database): Promise<void> {
  await db.update(knowledgeDocuments).set({ indexStatus: "pending" }).where(eq(knowledgeDocuments.indexStatus, "indexed"));
}

export async function pendingDocuments(db: Database, limit: number): Promise<KnowledgeDocument[]> {
  return db.select().from(knowledgeDocuments).where(eq(knowledgeDocuments.indexStatus, "pending")).limit(limit);
}

export async function chunksOf(db: Database, documentId: string): Promise<KnowledgeChunk[]> {
  return db
    .select({ id: knowledgeChunks.id, ordinal: knowledgeChunks.ordinal, text: knowledgeChunks.text })
    .from(knowledgeChunks)
    .where(eq(knowledgeChunks.documentId, documentId))
    .orderBy(asc(knowledgeChunks.ordinal));
}


/** Full-text candidates over passages (English stemming + normalised Arabic prefixes), best first. */
export async function lexicalPassages(db: Database, terms: string[], filter: { topic?: string | undefined; language?: string | undefined }, limit: number): Promise<string[]> {
  if (terms.length === 0) return [];
  const quoted = terms.map(quoteTerm);
  const tsquery = sql`(to_tsquery('english', ${quoted.join(" | ")}) || to_tsquery('simple', ${quoted.map((q) => `${q}:*`).join(" | ")}))`;
  const conditions: SQL[] = [sql`c.search_vector @@ ${tsquery}`];
  if (filter.topic) conditions.push(sql`d.topic = ${filter.topic}`);
  if (filter.language) conditions.push(sql`d.language = ${filter.language}`);
  const rows = await db.execute<{ id: string }>(sql`
    SELECT c.id FROM knowledge_chunks c JOIN knowledge_documents d ON d.id = c.document_id
    WHERE ${sql.join(conditions, sql` AND `)}
    ORDER BY ts_rank_cd(c.search_vector, ${tsquery}) DESC LIMIT ${limit}`);
  return rows.rows.map((r) => r.id);
}

export async function passagesByIds(db: Database, ids: string[], filter: { topic?: string | undefined; language?: string | undefined }): Promise<KnowledgePassage[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .select({
      chunkId: knowledgeChunks.id,
      documentId: knowledgeDocuments.id,
      slug: knowledgeDocuments.slug,
      title: knowledgeDocuments.title,
      topic: knowledgeDocuments.topic,
      language: knowledgeDocuments.language,
      text: knowledgeChunks.text,
    })
    .from(knowledgeChunks)
    .innerJoin(knowledgeDocuments, eq(knowledgeDocuments.id, knowledgeChunks.documentId))
    .where(
      and(
        inArray(knowledgeChunks.id, ids),
        filter.topic ? eq(knowledgeDocuments.topic, filter.topic) : undefined,
        filter.language ? eq(knowledgeDocuments.language, filter.language as "en" | "ar") : undefined,
      ),
    );
  return rows;
}
