import type { Config } from "../../core/config";
import type { Database } from "../db/client";
import { JinaEmbedder, type Embedder } from "../embeddings/jina";
import { PgVectorIndex } from "./pgvector";
import { QdrantIndex } from "./qdrant";
import type { VectorIndex } from "./vector-index";

export type VectorStoreKind = "qdrant" | "pgvector" | "none";

/** Qdrant when QDRANT_URL is set, otherwise pgvector, unless VECTOR_STORE says otherwise. */
export function vectorStoreKind(config: Config): VectorStoreKind {
  return config.VECTOR_STORE ?? (config.QDRANT_URL ? "qdrant" : "pgvector");
}

let qdrant: { url: string; index: QdrantIndex } | undefined;

/** The configured vector index for this unit of work (pgvector uses its database connection), or null. */
export function openVectorIndex(config: Config, db: Database): VectorIndex | null {
  const kind = vectorStoreKind(config);
  if (kind === "none") return null;
  if (kind === "pgvector") return new PgVectorIndex(db, config.DATABASE_URL ?? "default");
  if (!config.QDRANT_URL) return null;
  if (qdrant?.url !== config.QDRANT_URL) qdrant = { url: config.QDRANT_URL, index: new QdrantIndex({ url: config.QDRANT_URL, apiKey: config.QDRANT_API_KEY }) };
  return qdrant.index;
}

/** The embeddings client, or null when no key is configured (search is then lexical only). */
export function openEmbedder(config: Config): Embedder | null {
  return config.EMBEDDINGS_API_KEY ? new JinaEmbedder(config) : null;
}

/** The embedding space vectors belong to: a product embedded in another space is embedded again. */
export function embeddingSpace(config: Config): string {
  return `${config.EMBEDDINGS_MODEL}/${config.EMBEDDINGS_DIMENSIONS}/${vectorStoreKind(config)}`;
}
