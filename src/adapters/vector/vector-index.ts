/**
 * The one small interface every vector store implements: Qdrant (production default) and
 * pgvector in Postgres (embedded default, and for deployments without Qdrant). One contract
 * test suite runs against both (test/vector-index.contract.test.ts).
 */
export type CollectionName = "products" | "knowledge" | "conversations";
export const COLLECTIONS: CollectionName[] = ["products", "knowledge", "conversations"];

export type PayloadValue = string | number | boolean;

export interface VectorPoint {
  /** A UUID: our own row id (product, knowledge chunk), so re-indexing overwrites in place. */
  id: string;
  vector: number[];
  payload: Record<string, PayloadValue>;
}

/** Conditions all of which must hold; the fields used here get payload indexes. */
export interface VectorFilter {
  equals?: Record<string, PayloadValue>;
  range?: Record<string, { gte?: number; lte?: number }>;
}

export interface VectorHit {
  id: string;
  /** Cosine similarity, higher is closer. */
  score: number;
  payload: Record<string, unknown>;
}

export interface VectorIndex {
  readonly kind: "qdrant" | "pgvector";
  /**
   * Creates the collection (and its payload indexes) when missing; cheap when it exists. True when
   * it was created just now: whatever was recorded as indexed must then be indexed again.
   */
  ensureCollection(name: CollectionName, dimensions: number): Promise<boolean>;
  upsert(name: CollectionName, points: VectorPoint[]): Promise<void>;
  delete(name: CollectionName, ids: string[]): Promise<void>;
  search(name: CollectionName, vector: number[], options: { limit: number; filter?: VectorFilter }): Promise<VectorHit[]>;
  count(name: CollectionName): Promise<number>;
}

/**
 * Payload fields each collection filters on (Qdrant payload indexes, pgvector expression indexes).
 * Products carry no price or stock: those change on every sync without the text changing, so they
 * are filtered in Postgres, which always has the current figures.
 */
export const PAYLOAD_INDEXES: Record<CollectionName, Record<string, "keyword" | "float" | "integer">> = {
  products: { category: "keyword", sku: "keyword" },
  knowledge: { topic: "keyword", language: "keyword", document_id: "keyword" },
  conversations: { conversation_id: "keyword", language: "keyword" },
};

export class VectorIndexError extends Error {
  override name = "VectorIndexError";
}
