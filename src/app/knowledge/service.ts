import type { Database } from "../../adapters/db/client";
import {
  chunksOf,
  deleteDocument,
  lexicalPassages,
  markAllPending,
  markIndexed,
  passagesByIds,
  pendingDocuments,
  saveDocument,
  type KnowledgeDocument,
  type KnowledgePassage,
  type SavedDocument,
} from "../../adapters/db/knowledge-repo";
import type { Embedder } from "../../adapters/embeddings/jina";
import type { VectorIndex } from "../../adapters/vector/vector-index";
import { embedQuery } from "../../adapters/embeddings/query-vectors";
import { normalizeArabic } from "../../core/domain/language";
import { queryTerms } from "../../core/domain/search-terms";
import { reciprocalRankFusion } from "../../lib/rank-fusion";
import type { KnowledgeDocumentInput } from "../../core/domain/knowledge";
import { describeError, log } from "../../lib/log";
import { chunkDocument } from "../../core/knowledge/chunk";

export interface KnowledgeDeps {
  db: Database;
  embedder: Embedder | null;
  index: VectorIndex | null;
  /**
   * Runs vector-index work so that its failure leaves the caller's transaction usable (a savepoint
   * around it): a vector store in the same database (pgvector) that fails would otherwise abort the
   * transaction the document and its audit row are written in. Absent outside a transaction.
   */
  isolate?: <T>(work: () => Promise<T>) => Promise<T>;
}

const isolated = <T>(deps: KnowledgeDeps, work: () => Promise<T>): Promise<T> => (deps.isolate ? deps.isolate(work) : work());

export interface SaveOutcome extends SavedDocument {
  /** Why the passages are not in the vector index yet (they are searchable lexically meanwhile). */
  indexWarning?: string;
}

/**
 * Stores a document (new, or replacing `id`) with its passages, then indexes the passages in
 * the `knowledge` collection. Postgres is written first: if embedding fails the document is
 * kept as `pending`, found by lexical search, and indexed by a later cron tick.
 */
export async function saveKnowledge(deps: KnowledgeDeps, input: KnowledgeDocumentInput, id?: string): Promise<SaveOutcome | null> {
  const chunks = chunkDocument(input.title, input.body).map((text) => ({ text, searchText: normalizeArabic(text) }));
  const saved = await saveDocument(deps.db, input, chunks, id);
  if (!saved) return null;
  if (deps.index && saved.replacedChunkIds.length) await isolated(deps, () => deps.index!.delete("knowledge", saved.replacedChunkIds)).catch(() => undefined);
  const warning = await indexDocument(deps, saved.document, saved.chunks);
  return warning ? { ...saved, indexWarning: warning } : { ...saved, document: { ...saved.document, indexStatus: "indexed" } };
}

export async function removeKnowledge(deps: KnowledgeDeps, id: string): Promise<boolean> {
  const chunkIds = await deleteDocument(deps.db, id);
  if (chunkIds === null) return false;
  if (deps.index && chunkIds.length) await isolated(deps, () => deps.index!.delete("knowledge", chunkIds)).catch((error: unknown) => log("warn", "knowledge.vector_delete_failed", describeError(error)));
  return true;
}

/** Indexes documents left pending (embedding was down when they were saved). */
export async function indexPendingKnowledge(deps: KnowledgeDeps): Promise<number> {
  if (!deps.embedder || !deps.index) return 0;
  if (await deps.index.ensureCollection("knowledge", deps.embedder.dimensions)) await markAllPending(deps.db);
  let indexed = 0;
  for (const document of await pendingDocuments(deps.db, 50)) {
    if (!(await indexDocument(deps, document, await chunksOf(deps.db, document.id)))) indexed++;
  }
  return indexed;
}

/** Returns a warning when the passages could not be indexed, undefined when they were. */
async function indexDocument(deps: KnowledgeDeps, document: KnowledgeDocument, chunks: { id: string; text: string }[]): Promise<string | undefined> {
  if (!deps.embedder || !deps.index) return "no embeddings endpoint or vector store configured; lexical search only";
  const { embedder, index } = deps;
  try {
    const vectors = await embedder.embed(chunks.map((c) => c.text), "passage");
    await isolated(deps, async () => {
      if (await index.ensureCollection("knowledge", embedder.dimensions)) await markAllPending(deps.db);
      await index.upsert(
        "knowledge",
        chunks.map((c, i) => ({ id: c.id, vector: vectors[i]!, payload: { document_id: document.id, topic: document.topic, language: document.language } })),
      );
      await markIndexed(deps.db, document.id, document.updatedAt);
    });
    return undefined;
  } catch (error) {
    log("warn", "knowledge.index_failed", { documentId: document.id, ...describeError(error) });
    return `passages not indexed yet: ${error instanceof Error ? error.message.slice(0, 200) : String(error)}`;
  }
}

/**
 * Passages answering a question: full text and dense similarity fused by reciprocal rank, so an
 * Arabic question finds the English policy too when no Arabic version says it.
 */
export async function searchKnowledge(
  deps: KnowledgeDeps,
  query: string,
  options: { topic?: string | undefined; language?: string | undefined; limit?: number } = {},
): Promise<{ passages: KnowledgePassage[]; mode: "hybrid" | "lexical" }> {
  const limit = Math.min(options.limit ?? 3, 10);
  const filter = { topic: options.topic, language: options.language };
  const [lexical, dense] = await Promise.all([lexicalPassages(deps.db, queryTerms(query), filter, 30), densePassages(deps, query, filter)]);
  const ranked = reciprocalRankFusion([lexical, dense ?? []]);
  const passages = new Map((await passagesByIds(deps.db, ranked.slice(0, limit * 3), filter)).map((p) => [p.chunkId, p]));
  return {
    passages: ranked.map((id) => passages.get(id)).filter((p): p is KnowledgePassage => Boolean(p)).slice(0, limit),
    mode: dense ? "hybrid" : "lexical",
  };
}

async function densePassages(deps: KnowledgeDeps, query: string, filter: { topic?: string | undefined; language?: string | undefined }): Promise<string[] | null> {
  if (!deps.embedder || !deps.index) return null;
  try {
    const vector = await embedQuery(deps.embedder, query);
    const equals: Record<string, string> = {};
    if (filter.topic) equals.topic = filter.topic;
    if (filter.language) equals.language = filter.language;
    const hits = await deps.index.search("knowledge", vector, { limit: 30, ...(Object.keys(equals).length ? { filter: { equals } } : {}) });
    return hits.map((h) => h.id);
  } catch (error) {
    log("warn", "knowledge.dense_unavailable", describeError(error));
    return null;
  }
}
