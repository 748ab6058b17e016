import { sql, type SQL } from "drizzle-orm";
import { uuidArray } from "../db/arrays";
import type { Database } from "../db/client";
import { PAYLOAD_INDEXES, VectorIndexError, type CollectionName, type VectorFilter, type VectorHit, type VectorIndex, type VectorPoint } from "./vector-index";

/** Candidates the HNSW scan may return; pgvector caps a scan at ef_search rows (default 40). */
const EF_SEARCH = 200;

/**
 * Vectors in Postgres with pgvector: one table per collection (`vectors_<name>`, cosine HNSW
 * index, payload as jsonb with expression indexes for the filter fields). Tables are created on
 * demand like Qdrant collections, not by migrations, because the extension is optional: a
 * Postgres without it still runs everything else, with lexical search only.
 */
export class PgVectorIndex implements VectorIndex {
  readonly kind = "pgvector" as const;
  private tuned = false;

  /** `scope` names the database, so this isolate's "table exists" memory never crosses databases. */
  constructor(
    private readonly db: Database,
    private readonly scope = "default",
  ) {}

  async ensureCollection(name: CollectionName, dimensions: number): Promise<boolean> {
    if (ensuredTables.has(`${this.scope}/${name}`)) return false;
    const table = tableName(name);
    const created = await this.guard(`ensure ${name}`, async () => {
      const existing = await this.db.execute<{ t: string | null }>(sql`SELECT to_regclass(${table})::text AS t`);
      if (existing.rows[0]?.t) return false;
      await this.db.execute(sql`CREATE EXTENSION IF NOT EXISTS vector`);
      await this.db.execute(
        sql.raw(`CREATE TABLE IF NOT EXISTS ${table} (
          id uuid PRIMARY KEY,
          embedding vector(${Number(dimensions)}) NOT NULL,
          payload jsonb NOT NULL DEFAULT '{}'::jsonb,
          updated_at timestamptz NOT NULL DEFAULT now())`),
      );
      await this.db.execute(sql.raw(`CREATE INDEX IF NOT EXISTS ${table}_hnsw ON ${table} USING hnsw (embedding vector_cosine_ops)`));
      for (const field of Object.keys(PAYLOAD_INDEXES[name])) {
        await this.db.execute(sql.raw(`CREATE INDEX IF NOT EXISTS ${table}_${field} ON ${table} ((payload->>'${field}'))`));
      }
      return true;
    });
    ensuredTables.add(`${this.scope}/${name}`);
    return created;
  }

  async upsert(name: CollectionName, points: VectorPoint[]): Promise<void> {
    if (points.length === 0) return;
    const table = sql.raw(tableName(name));
    await this.guard(`upsert into ${name}`, async () => {
      for (let i = 0; i < points.length; i += 100) {
        const rows = points.slice(i, i + 100).map((p) => sql`(${p.id}::uuid, ${toLiteral(p.vector)}::vector, ${JSON.stringify(p.payload)}::jsonb, now())`);
        await this.db.execute(sql`INSERT INTO ${table} (id, embedding, payload, updated_at) VALUES ${sql.join(rows, sql`, `)}
          ON CONFLICT (id) DO UPDATE SET embedding = excluded.embedding, payload = excluded.payload, updated_at = now()`);
      }
    });
  }

  async delete(name: CollectionName, ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    const table = sql.raw(tableName(name));
    await this.guard(`delete from ${name}`, () => this.db.execute(sql`DELETE FROM ${table} WHERE id = ANY(${uuidArray(ids)}::uuid[])`));
  }

  async search(name: CollectionName, vector: number[], options: { limit: number; filter?: VectorFilter }): Promise<VectorHit[]> {
    const table = sql.raw(tableName(name));
    const literal = toLiteral(vector);
    const conditions: SQL[] = [];
    for (const [key, value] of Object.entries(options.filter?.equals ?? {})) conditions.push(sql`payload->>${key} = ${String(value)}`);
    for (const [key, range] of Object.entries(options.filter?.range ?? {})) {
      if (range.gte !== undefined) conditions.push(sql`(payload->>${key})::float8 >= ${range.gte}`);
      if (range.lte !== undefined) conditions.push(sql`(payload->>${key})::float8 <= ${range.lte}`);
    }
    const where = conditions.length ? sql`WHERE ${sql.join(conditions, sql` AND `)}` : sql``;
    return this.guard(`search ${name}`, async () => {
      if (!this.tuned) {
        // Per connection (Neon's direct endpoint keeps a session; behind a transaction-mode pooler
        // these fall back to defaults): let the HNSW scan return enough candidates, and keep
        // scanning past rows a filter drops (pgvector >= 0.8; older versions refuse the name).
        await this.db.execute(sql`SELECT set_config('hnsw.ef_search', ${String(EF_SEARCH)}, false)`);
        await this.db.execute(sql`SELECT set_config('hnsw.iterative_scan', 'relaxed_order', false)`).catch(() => undefined);
        this.tuned = true;
      }
      const result = await this.db.execute<{ id: string; score: number; payload: Record<string, unknown> }>(
        sql`SELECT id::text AS id, 1 - (embedding <=> ${literal}::vector) AS score, payload FROM ${table} ${where}
          ORDER BY embedding <=> ${literal}::vector LIMIT ${Math.min(options.limit, EF_SEARCH)}`,
      );
      return result.rows.map((row) => ({ id: row.id, score: Number(row.score), payload: row.payload }));
    });
  }

  async count(name: CollectionName): Promise<number> {
    const table = sql.raw(tableName(name));
    const result = await this.guard(`count ${name}`, () => this.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM ${table}`));
    return Number(result.rows[0]?.n ?? 0);
  }

  private async guard<T>(what: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      // drizzle's message repeats the query and its parameters (a whole vector); the driver's cause says what went wrong.
      const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : error instanceof Error ? error.message : String(error);
      throw new VectorIndexError(`pgvector ${what} failed: ${cause.slice(0, 300)}`);
    }
  }
}

/** Tables this isolate has already created or seen; ensureCollection then costs nothing. */
const ensuredTables = new Set<string>();

function tableName(name: CollectionName): string {
  if (!/^[a-z_]+$/.test(name)) throw new VectorIndexError(`bad collection name ${name}`);
  return `vectors_${name}`;
}

function toLiteral(vector: number[]): string {
  return `[${vector.map((x) => (Number.isFinite(x) ? x : 0)).join(",")}]`;
}
