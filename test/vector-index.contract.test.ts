import { env } from "cloudflare:workers";
import { describe, expect, inject, it } from "vitest";
import { withDatabase } from "../src/adapters/db/client";
import { PgVectorIndex } from "../src/adapters/vector/pgvector";
import { QdrantIndex } from "../src/adapters/vector/qdrant";
import type { VectorIndex } from "../src/adapters/vector/vector-index";
import { getConfig } from "../src/config";
import { TEST_SECRETS } from "./setup/secrets";

/**
 * One contract, two implementations: Qdrant (the stand-in speaking Qdrant's REST API, driven by
 * the official client) and pgvector (a real embedded Postgres with the vector extension).
 */
const DIMENSIONS = 1024;

/** A unit vector pointing mostly along axis `axis`, with a little of `other`. */
function vector(axis: number, other = (axis + 1) % DIMENSIONS, mix = 0): number[] {
  const v = new Array<number>(DIMENSIONS).fill(0);
  v[axis] = 1;
  v[other] = mix;
  return v;
}
const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;

type Run = <T>(work: (index: VectorIndex) => Promise<T>) => Promise<T>;

const implementations: [string, Run][] = [
  ["qdrant", (work) => work(new QdrantIndex({ url: inject("qdrantUrl"), apiKey: TEST_SECRETS.QDRANT_API_KEY }))],
  [
    "pgvector",
    (work) => {
      const config = getConfig({ ...env, DATABASE_URL: inject("vectorDatabaseUrl") });
      return withDatabase(config, (db) => work(new PgVectorIndex(db, "contract")));
    },
  ],
];

describe.each(implementations)("vector index contract: %s", (_name, run) => {
  it("creates a collection once and answers nearest neighbours by cosine similarity", async () => {
    await run(async (index) => {
      await index.ensureCollection("conversations", DIMENSIONS);
      await index.ensureCollection("conversations", DIMENSIONS);
      await index.upsert("conversations", [
        { id: uuid(1), vector: vector(1), payload: { conversation_id: "a", language: "en" } },
        { id: uuid(2), vector: vector(2), payload: { conversation_id: "b", language: "ar" } },
        { id: uuid(3), vector: vector(1, 2, 0.9), payload: { conversation_id: "c", language: "en" } },
      ]);
      const hits = await index.search("conversations", vector(1), { limit: 3 });
      expect(hits.map((h) => h.id)).toEqual([uuid(1), uuid(3), uuid(2)]);
      expect(hits[0]!.score).toBeCloseTo(1, 4);
      expect(hits[1]!.score).toBeCloseTo(1 / Math.sqrt(1 + 0.81), 3);
      expect(hits[0]!.payload).toMatchObject({ conversation_id: "a", language: "en" });
    });
  });

  it("filters on payload equality and limits the answer", async () => {
    await run(async (index) => {
      const hits = await index.search("conversations", vector(1), { limit: 5, filter: { equals: { language: "ar" } } });
      expect(hits.map((h) => h.id)).toEqual([uuid(2)]);
      const one = await index.search("conversations", vector(2), { limit: 1 });
      expect(one.map((h) => h.id)).toEqual([uuid(2)]);
    });
  });

  it("filters on numeric ranges", async () => {
    await run(async (index) => {
      await index.ensureCollection("products", DIMENSIONS);
      await index.upsert("products", [
        { id: uuid(101), vector: vector(10), payload: { sku: "R-1", category: "contract", price: 100 } },
        { id: uuid(102), vector: vector(10, 11, 0.5), payload: { sku: "R-2", category: "contract", price: 500 } },
      ]);
      const cheap = await index.search("products", vector(10), { limit: 5, filter: { equals: { category: "contract" }, range: { price: { lte: 200 } } } });
      expect(cheap.map((h) => h.id)).toEqual([uuid(101)]);
      const dear = await index.search("products", vector(10), { limit: 5, filter: { equals: { category: "contract" }, range: { price: { gte: 200 } } } });
      expect(dear.map((h) => h.id)).toEqual([uuid(102)]);
      await index.delete("products", [uuid(101), uuid(102)]);
    });
  });

  it("overwrites a point upserted again under the same id, and deletes points", async () => {
    await run(async (index) => {
      const before = await index.count("conversations");
      await index.upsert("conversations", [{ id: uuid(1), vector: vector(5), payload: { conversation_id: "a2", language: "en" } }]);
      expect(await index.count("conversations")).toBe(before);
      const moved = await index.search("conversations", vector(5), { limit: 1 });
      expect(moved[0]).toMatchObject({ id: uuid(1), payload: { conversation_id: "a2" } });
      await index.delete("conversations", [uuid(1), uuid(2), uuid(3)]);
      await index.delete("conversations", []);
      await index.upsert("conversations", []);
      expect(await index.count("conversations")).toBe(before - 3);
      expect(await index.search("conversations", vector(1), { limit: 3, filter: { equals: { conversation_id: "c" } } })).toEqual([]);
    });
  });

  it("reports failures as errors naming the store and the operation", async () => {
    await run(async (index) => {
      await expect(index.upsert("knowledge", [{ id: uuid(9), vector: [1, 2, 3], payload: {} }])).rejects.toThrow(new RegExp(`${index.kind} upsert into knowledge failed`, "i"));
    });
  });
});
