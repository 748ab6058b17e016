import { QdrantClient } from "@qdrant/js-client-rest";
import { PAYLOAD_INDEXES, VectorIndexError, type CollectionName, type VectorFilter, type VectorHit, type VectorIndex, type VectorPoint } from "./vector-index";

type QdrantCondition = { key: string; match: { value: string | number | boolean } } | { key: string; range: { gte?: number; lte?: number } };

/**
 * Qdrant over REST with the official client (its browser build, which uses the runtime's fetch).
 * Collections use one unnamed cosine vector; filters become `must` conditions on indexed payload.
 */
export class QdrantIndex implements VectorIndex {
  readonly kind = "qdrant" as const;
  private readonly client: QdrantClient;
  private readonly ensured = new Set<string>();

  constructor(options: { url: string; apiKey?: string | undefined }) {
    const url = new URL(options.url);
    this.client = new QdrantClient({
      url: options.url.replace(/\/$/, ""),
      ...(options.apiKey ? { apiKey: options.apiKey } : {}),
      // The URL's own port; the client would otherwise assume 6333.
      port: url.port ? Number(url.port) : url.protocol === "https:" ? 443 : 80,
      checkCompatibility: false,
    });
  }

  async ensureCollection(name: CollectionName, dimensions: number): Promise<boolean> {
    if (this.ensured.has(name)) return false;
    const created = await this.guard(`ensure ${name}`, async () => {
      const { exists } = await this.client.collectionExists(name);
      if (!exists) {
        try {
          await this.client.createCollection(name, { vectors: { size: dimensions, distance: "Cosine" } });
        } catch (error) {
          // Two workers creating it at once: the loser gets 409, which is fine.
          if (!/already exists|409|Conflict/i.test(String((error as { status?: number })?.status ?? error))) throw error;
        }
        for (const [field, schema] of Object.entries(PAYLOAD_INDEXES[name])) {
          await this.client.createPayloadIndex(name, { field_name: field, field_schema: schema, wait: true });
        }
      }
      return !exists;
    });
    this.ensured.add(name);
    return created;
  }

  async upsert(name: CollectionName, points: VectorPoint[]): Promise<void> {
    if (points.length === 0) return;
    await this.guard(`upsert into ${name}`, () => this.client.upsert(name, { wait: true, points }), name);
  }

  async delete(name: CollectionName, ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.guard(`delete from ${name}`, () => this.client.delete(name, { wait: true, points: ids }));
  }

  async search(name: CollectionName, vector: number[], options: { limit: number; filter?: VectorFilter }): Promise<VectorHit[]> {
    const must = toConditions(options.filter);
    const hits = await this.guard(`search ${name}`, () =>
      this.client.search(name, { vector, limit: options.limit, with_payload: true, ...(must.length ? { filter: { must } } : {}) }),
      name,
    );
    return hits.map((hit) => ({ id: String(hit.id), score: hit.score, payload: (hit.payload ?? {}) as Record<string, unknown> }));
  }

  async count(name: CollectionName): Promise<number> {
    return (await this.guard(`count ${name}`, () => this.client.count(name, { exact: true }))).count;
  }

  private async guard<T>(what: string, work: () => Promise<T>, collection?: CollectionName): Promise<T> {
    try {
      return await work();
    } catch (error) {
      const status = (error as { status?: number }).status;
      // The collection vanished (dropped, a new cluster): the next ensureCollection recreates it.
      if (status === 404 && collection) this.ensured.delete(collection);
      const detail = (error as { data?: { status?: { error?: string } } }).data?.status?.error ?? (error instanceof Error ? error.message : String(error));
      throw new VectorIndexError(`Qdrant ${what} failed${status ? ` (HTTP ${status})` : ""}: ${detail}`);
    }
  }
}

function toConditions(filter: VectorFilter | undefined): QdrantCondition[] {
  const conditions: QdrantCondition[] = [];
  for (const [key, value] of Object.entries(filter?.equals ?? {})) conditions.push({ key, match: { value } });
  for (const [key, range] of Object.entries(filter?.range ?? {})) conditions.push({ key, range });
  return conditions;
}
