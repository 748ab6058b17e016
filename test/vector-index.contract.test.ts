import { env } from "cloudflare:workers";
import { describe, expect, inject, it } from "vitest";
import { withDatabase } from "../src/adapters/db/client";
import { PgVectorIndex } from "../src/adapters/vector/pgvector";
import { QdrantIndex } from "../src/adapters/vector/qdrant";
import type { VectorIndex } from "../src/adapters/vector/vector-index";
import { getConfig } from "../src/core/config";
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

/**
 * Each test writes its own points (its own ids and a `conversation_id` tag no other test uses), so
 * the tests run in any order, alone or together, beside the product writing to the same store.
 */
function seed(base: number, tag: string) {
  return [
    { id: uuid(base + 1), vector: vector(1), payload: { conversation_id: `${tag}-a`, language: "en", tag } },
    { id: uuid(base + 2), vector: vector(2), payload: { conversation_id: `${tag}-b`, language: "ar", tag } },
    { id: uuid(base + 3), vector: vector(1, 2, 0.9), payload: { conversation_id: `${tag}-c`, language: "en", tag } },
  ];
}

describe.each(implementations)("vector index contract: %s", (_name, run) => {
  it("creates a collection once and answers nearest neighbours by cosine similarity", async () => {
    await run(async (index) => {
      await index.ensureCollection("conversations", DIMENSIONS);
      await index.ensureCollection("conversations", DIMENSIONS);
      await index.upsert("conversations", seed(1000, "nearest"));
      const hits = await index.search("conversations", vector(1), { limit: 3, filter: { equals: { tag: "nearest" } } });
      expect(hits.map((h) => h.id)).toEqual([uuid(1001), uuid(1003), uuid(1002)]);
      expect(hits[0]!.score).toBeCloseTo(1, 4);
      expect(hits[1]!.score).toBeCloseTo(1 / Math.sqrt(1 + 0.81), 3);
      expect(hits[0]!.payload).toMatchObject({ conversation_id: "nearest-a", language: "en" });
    });
  });

  it("filters on payload equality and limits the answer", async () => {
    await run(async (index) => {
      await index.ensureCollection("conversations", DIMENSIONS);
      await index.upsert("conversations", seed(2000, "equality"));
      const hits = await index.search("conversations", vector(1), { limit: 5, filter: { equals: { tag: "equality", language: "ar" } } });
      expect(hits.map((h) => h.id)).toEqual([uuid(2002)]);
      const one = await index.search("conversations", vector(1), { limit: 1, filter: { equals: { tag: "equality" } } });
      expect(one.map((h) => h.id)).toEqual([uuid(2001)]);
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
      await index.ensureCollection("conversations", DIMENSIONS);
      await index.upsert("conversations", seed(3000, "overwrite"));
      const tagged = (limit = 10) => index.search("conversations", vector(5), { limit, filter: { equals: { tag: "overwrite" } } });
      expect(await tagged()).toHaveLength(3);
      await index.upsert("conversations", [{ id: uuid(3001), vector: vector(5), payload: { conversation_id: "overwrite-a2", language: "en", tag: "overwrite" } }]);
      const after = await tagged();
      expect(after).toHaveLength(3);
      expect(after[0]).toMatchObject({ id: uuid(3001), payload: { conversation_id: "overwrite-a2" } });
      await index.delete("conversations", [uuid(3001), uuid(3002)]);
      await index.delete("conversations", []);
      await index.upsert("conversations", []);
      expect((await tagged()).map((h) => h.id)).toEqual([uuid(3003)]);
      await index.delete("conversations", [uuid(3003)]);
      expect(await tagged()).toEqual([]);
    });
  });

  it("counts the points of a collection", async () => {
    await run(async (index) => {
      await index.ensureCollection("knowledge", DIMENSIONS);
      await index.upsert("knowledge", [{ id: uuid(4001), vector: vector(7), payload: { tag: "count" } }]);
      expect(await index.count("knowledge")).toBeGreaterThanOrEqual(1);
      await index.delete("knowledge", [uuid(4001)]);
      expect(await index.search("knowledge", vector(7), { limit: 1, filter: { equals: { tag: "count" } } })).toEqual([]);
    });
  });

  it("reports failures as errors naming the store and the operation", async () => {
    await run(async (index) => {
      await expect(index.upsert("knowledge", [{ id: uuid(9), vector: [1, 2, 3], payload: {} }])).rejects.toThrow(new RegExp(`${index.kind} upsert into knowledge failed`, "i"));
    });
  });
});
