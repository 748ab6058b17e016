import { z } from "zod";
import { startJsonServer, type JsonRequest, type JsonResponse, type StandInServer } from "./http";

/**
 * Qdrant REST stand-in: the subset `@qdrant/js-client-rest` uses for collections, payload indexes,
 * points (upsert, retrieve, delete, set/overwrite payload) and reads (search, query, count, scroll),
 * with Qdrant's `{result, status: "ok", time}` envelope and `{status: {error}, time}` errors.
 * Search is exact brute force over float32 storage (Cosine vectors are normalised on insert, as
 * Qdrant does; dot products run in a tiny WebAssembly SIMD kernel, ~7 ms for 10,000 x 1024 on a
 * busy 2-core box), with payload filters evaluated per point. `api-key` is enforced when configured.
 * `GET /__control/stats` reports collections, their point counts and indexes, and the request count.
 */
export interface QdrantStandInOptions {
  apiKey?: string;
  port?: number;
}

export interface QdrantStandInStats {
  collections: Record<string, { points: number; indexes: string[] }>;
  requests: number;
}

export interface QdrantStandIn extends StandInServer {
  stats(): QdrantStandInStats;
}

type PointId = number | string;
type Payload = Record<string, unknown>;
type Distance = "Cosine" | "Euclid" | "Dot" | "Manhattan";

interface VectorSpace {
  size: number;
  distance: Distance;
  /** Row `slot` (at `slot * size`) holds the vector of the point in that slot; a view of `memory`. */
  data: Float32Array;
  present: Uint8Array;
  /** Holds the rows, then a search's scratch: query, candidate slots, scores (see `nearest`). */
  memory: WebAssembly.Memory;
  dotScores: DotKernel;
}

interface StoredPoint {
  id: PointId;
  slot: number;
  version: number;
  payload: Payload;
}

interface Collection {
  /** As created: one unnamed vector (`vectors: {size, distance}`) or named ones. */
  vectorsConfig: unknown;
  named: boolean;
  spaces: Map<string, VectorSpace>; // "" is the unnamed vector
  points: Map<string, StoredPoint>;
  slots: (StoredPoint | undefined)[];
  freeSlots: number[];
  capacity: number;
  indexes: Map<string, { data_type: string; params?: unknown }>;
  operationId: number;
  byId?: StoredPoint[]; // points in id order, for scroll; dropped on insert/delete
}

/** A request Qdrant refuses; thrown inside handlers and answered as `{status: {error}}`. */
class QdrantError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}
const badRequest = (message: string) => new QdrantError(400, message);
const formatError = (message: string) => badRequest(`Format error in JSON body: ${message}`);

// --- Request schemas (shape only; ids, vectors and filters are checked by hand below) ----------
const pointIdSchema = z.union([z.number(), z.string()]);
const payloadSchema = z.record(z.string(), z.unknown());
const withPayloadSchema = z.union([z.boolean(), z.array(z.string()), z.object({ include: z.array(z.string()) }), z.object({ exclude: z.array(z.string()) })]);
const withVectorSchema = z.union([z.boolean(), z.array(z.string())]);
const vectorParamsSchema = z.object({ size: z.number().int().min(1).max(65_536), distance: z.enum(["Cosine", "Euclid", "Dot", "Manhattan"]) }).passthrough();
const readOptions = {
  filter: z.unknown().optional(),
  with_payload: withPayloadSchema.nullish(),
  with_vector: withVectorSchema.nullish(),
  shard_key: z.unknown().optional(),
  params: z.unknown().optional(),
};

const schemas = {
  createCollection: z.object({ vectors: z.union([vectorParamsSchema, z.record(z.string(), vectorParamsSchema)]).optional() }).passthrough(),
  createIndex: z.object({
    field_name: z.string().min(1),
    field_schema: z.union([z.string(), z.object({ type: z.string() }).passthrough()]).nullish(),
  }),
  upsert: z.union([
    z.object({ points: z.array(z.object({ id: pointIdSchema, vector: z.unknown(), payload: payloadSchema.nullish() })), shard_key: z.unknown().optional() }),
    z.object({
      batch: z.object({ ids: z.array(pointIdSchema), vectors: z.unknown(), payloads: z.array(payloadSchema.nullish()).nullish() }),
      shard_key: z.unknown().optional(),
    }),
  ]),
  selector: z.object({ points: z.array(pointIdSchema).optional(), filter: z.unknown().optional(), shard_key: z.unknown().optional() }),
  setPayload: z.object({
    payload: payloadSchema,
    points: z.array(pointIdSchema).nullish(),
    filter: z.unknown().optional(),
    key: z.string().nullish(),
    shard_key: z.unknown().optional(),
  }),
  retrieve: z.object({ ids: z.array(pointIdSchema), with_payload: withPayloadSchema.nullish(), with_vector: withVectorSchema.nullish(), shard_key: z.unknown().optional() }),
  search: z.object({
    vector: z.union([z.array(z.number()), z.object({ name: z.string(), vector: z.array(z.number()) })]),
    limit: z.number().int().min(0),
    offset: z.number().int().min(0).nullish(),
    score_threshold: z.number().nullish(),
    ...readOptions,
  }),
  query: z.object({
    query: z.unknown().optional(),
    using: z.string().nullish(),
    prefetch: z.unknown().optional(),
    lookup_from: z.unknown().optional(),
    limit: z.number().int().min(0).nullish(),
    offset: z.number().int().min(0).nullish(),
    score_threshold: z.number().nullish(),
    ...readOptions,
  }),
  count: z.object({ filter: z.unknown().optional(), exact: z.boolean().nullish(), shard_key: z.unknown().optional() }),
  scroll: z.object({
    offset: pointIdSchema.nullish(),
    limit: z.number().int().min(0).nullish(),
    order_by: z.unknown().optional(),
    ...readOptions,
  }),
};

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  throw formatError(`${issue.path.join(".") || "body"}: ${issue.message}`);
}

export async function startQdrantStandIn(options: QdrantStandInOptions = {}): Promise<QdrantStandIn> {
  const collections = new Map<string, Collection>();
  let requests = 0;

  const collection = (name: string): Collection => {
    const found = collections.get(name);
    if (!found) throw new QdrantError(404, `Not found: Collection \`${name}\` doesn't exist!`);
    return found;
  };

  const stats = (): QdrantStandInStats => ({
    collections: Object.fromEntries([...collections].map(([name, c]) => [name, { points: c.points.size, indexes: [...c.indexes.keys()] }])),
    requests,
  });

  const control = (request: JsonRequest): JsonResponse | undefined => {
    if (request.method === "GET" && request.path === "/__control/stats") return { status: 200, body: stats() };
    return undefined;
  };

  const api = (request: JsonRequest): JsonResponse | undefined => {
    if (request.path.startsWith("/__control/")) return undefined;
    const started = performance.now();
    const reply = (status: number, body: Record<string, unknown>): JsonResponse => ({
      status,
      body: { ...body, time: (performance.now() - started) / 1000 },
    });
    if (options.apiKey !== undefined) {
      const header = request.headers["api-key"];
      const bearerKey = /^Bearer\s+(.+)$/i.exec(String(request.headers.authorization ?? ""))?.[1];
      if (header !== options.apiKey && bearerKey !== options.apiKey) {
        return reply(401, { status: { error: "Must provide an API key or an Authorization bearer token" } });
      }
    }
    const route = routeRequest(request);
    if (!route) return undefined;
    requests++;
    try {
      if (request.rawBody && request.body === undefined) throw formatError("expected a JSON body");
      return reply(200, { result: route(), status: "ok" });
    } catch (error) {
      if (!(error instanceof QdrantError)) throw error;
      return reply(error.status, { status: { error: error.message } });
    }
  };

  /** The handler for a request, or undefined when the stand-in has no such route (404, recorded). */
  const routeRequest = (request: JsonRequest): (() => unknown) | undefined => {
    const { method, body, query } = request;
    if (method === "GET" && request.path === "/") return () => ({ title: "qdrant - vector search engine", version: "1.17.0" });
    if (method === "GET" && request.path === "/collections") {
      return () => ({ collections: [...collections.keys()].map((name) => ({ name })) });
    }
    const match = /^\/collections\/([^/]+)(\/.*)?$/.exec(request.path);
    if (!match) return undefined;
    const name = decodeURIComponent(match[1]!);
    const rest = match[2] ?? "";
    const wait = query.get("wait") === "true";
    switch (`${method} ${rest}`) {
      case "GET ":
        return () => collectionInfo(collection(name));
      case "PUT ":
        return () => createCollection(name, body);
      case "DELETE ":
        return () => collections.delete(name);
      case "GET /exists":
        return () => ({ exists: collections.has(name) });
      case "PUT /index":
        return () => {
          const c = collection(name);
          const { field_name, field_schema } = parse(schemas.createIndex, body);
          if (!field_schema) throw badRequest("Wrong input: field_schema is required to create a payload index");
          c.indexes.set(field_name, typeof field_schema === "string" ? { data_type: field_schema } : { data_type: field_schema.type, params: field_schema });
          return updateResult(c, wait);
        };
      case "PUT /points":
        return () => upsert(collection(name), parse(schemas.upsert, body), wait);
      case "POST /points":
        return () => retrieve(collection(name), parse(schemas.retrieve, body));
      case "POST /points/delete":
        return () => {
          const c = collection(name);
          for (const point of selectPoints(c, parse(schemas.selector, body))) removePoint(c, point);
          return updateResult(c, wait);
        };
      case "POST /points/payload":
      case "PUT /points/payload":
        return () => setPayload(collection(name), parse(schemas.setPayload, body), method === "PUT", wait);
      case "POST /points/search":
        return () => search(collection(name), parse(schemas.search, body));
      case "POST /points/query":
        return () => queryPoints(collection(name), parse(schemas.query, body));
      case "POST /points/count":
        return () => {
          const c = collection(name);
          const matches = pointFilter(parse(schemas.count, body).filter);
          let count = 0;
          for (const point of c.points.values()) if (!matches || matches(c, point)) count++;
          return { count };
        };
      case "POST /points/scroll":
        return () => scroll(collection(name), parse(schemas.scroll, body));
    }
    const index = /^\/index\/([^/]+)$/.exec(rest);
    if (method === "DELETE" && index) {
      return () => {
        const c = collection(name);
        c.indexes.delete(decodeURIComponent(index[1]!));
        return updateResult(c, wait);
      };
    }
    const point = /^\/points\/([^/]+)$/.exec(rest);
    if (method === "GET" && point) {
      return () => {
        const c = collection(name);
        const raw = decodeURIComponent(point[1]!);
        const id = pointId(/^\d+$/.test(raw) ? Number(raw) : raw);
        const found = c.points.get(idKey(id));
        if (!found) throw new QdrantError(404, `Not found: No point with id ${id} found`);
        return record(c, found, true, true);
      };
    }
    return undefined;
  };

  // --- Collections -------------------------------------------------------------------------
  const createCollection = (name: string, body: unknown): boolean => {
    const { vectors } = parse(schemas.createCollection, body);
    if (!/^[^/\\:*?"<>|\0]{1,255}$/.test(name)) throw badRequest(`Wrong input: Collection name \`${name}\` is not valid`);
    if (collections.has(name)) throw new QdrantError(409, `Wrong input: Collection \`${name}\` already exists!`);
    const named = vectors !== undefined && !("size" in vectors);
    const params = (vectors === undefined ? {} : named ? vectors : { "": vectors }) as Record<string, z.infer<typeof vectorParamsSchema>>;
    const capacity = 64;
    const spaces = new Map<string, VectorSpace>();
    for (const [vectorName, p] of Object.entries(params)) spaces.set(vectorName, createSpace(p.size, p.distance, capacity));
    collections.set(name, {
      vectorsConfig: vectors ?? {},
      named,
      spaces,
      points: new Map(),
      slots: [],
      freeSlots: [],
      capacity,
      indexes: new Map(),
      operationId: 0,
    });
    return true;
  };

  const collectionInfo = (c: Collection) => {
    const payloadSchema: Record<string, unknown> = {};
    for (const [field, index] of c.indexes) {
      let points = 0;
      for (const point of c.points.values()) if (values(point.payload, field).some((v) => v !== null)) points++;
      payloadSchema[field] = { ...index, points };
    }
    return {
      status: "green",
      optimizer_status: "ok",
      indexed_vectors_count: 0,
      points_count: c.points.size,
      segments_count: 1,
      config: {
        params: { vectors: c.vectorsConfig, shard_number: 1, replication_factor: 1, write_consistency_factor: 1, on_disk_payload: true },
        hnsw_config: { m: 16, ef_construct: 100, full_scan_threshold: 10_000, max_indexing_threads: 0, on_disk: false },
        optimizer_config: {
          deleted_threshold: 0.2,
          vacuum_min_vector_number: 1000,
          default_segment_number: 0,
          max_segment_size: null,
          memmap_threshold: null,
          indexing_threshold: 20_000,
          flush_interval_sec: 5,
          max_optimization_threads: null,
        },
        wal_config: { wal_capacity_mb: 32, wal_segments_ahead: 0 },
        quantization_config: null,
      },
      payload_schema: payloadSchema,
    };
  };

  const server = await startJsonServer("qdrant", [control, api], options.port);
  return { ...server, stats };
}

// --- Points ----------------------------------------------------------------------------------

const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

/** Qdrant point ids are unsigned integers or UUIDs (stored in the hyphenated lower-case form). */
function pointId(raw: unknown): PointId {
  if (typeof raw === "number" && Number.isSafeInteger(raw) && raw >= 0) return raw;
  if (typeof raw === "string") {
    const bare = raw.replace(/^urn:uuid:/i, "").replace(/^\{(.*)\}$/, "$1");
    if (UUID.test(bare)) {
      const hex = bare.replace(/-/g, "").toLowerCase();
      return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
    }
  }
  throw formatError(`value ${JSON.stringify(raw)} is not a valid point ID, valid values are either an unsigned integer or a UUID`);
}

function idKey(id: PointId): string {
  return typeof id === "number" ? `n${id}` : `u${id}`;
}

/** Qdrant orders integer ids before UUIDs. */
function compareIds(a: PointId, b: PointId): number {
  if (typeof a === "number") return typeof b === "number" ? a - b : -1;
  if (typeof b === "number") return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

function updateResult(c: Collection, wait: boolean) {
  return { operation_id: ++c.operationId, status: wait ? "completed" : "acknowledged" };
}

/** Validates one vector for a space; Cosine vectors are stored normalised. */
function toVector(space: VectorSpace, raw: unknown): Float32Array {
  if (!Array.isArray(raw) || raw.some((x) => typeof x !== "number" || !Number.isFinite(x))) {
    throw formatError("vector must be an array of finite numbers (sparse, multi and inference vectors are not supported by the stand-in)");
  }
  if (raw.length !== space.size) throw badRequest(`Wrong input: Vector dimension error: expected dim: ${space.size}, got ${raw.length}`);
  const vector = Float32Array.from(raw as number[]);
  if (space.distance === "Cosine") {
    let norm = 0;
    for (let i = 0; i < vector.length; i++) norm += vector[i]! * vector[i]!;
    norm = Math.sqrt(norm);
    if (norm > 0) for (let i = 0; i < vector.length; i++) vector[i]! /= norm;
  }
  return vector;
}

function space(c: Collection, name: string): VectorSpace {
  const found = c.spaces.get(name);
  if (!found) throw badRequest(`Wrong input: Not existing vector name error: ${name}`);
  return found;
}

/** A point's vectors from `vector`: an array for the unnamed vector, or `{name: array}`. */
function toVectors(c: Collection, raw: unknown): Map<string, Float32Array> {
  const vectors = new Map<string, Float32Array>();
  if (Array.isArray(raw)) vectors.set("", toVector(space(c, ""), raw));
  else if (raw && typeof raw === "object") for (const [name, v] of Object.entries(raw)) vectors.set(name, toVector(space(c, name), v));
  else throw formatError("missing field `vector`");
  return vectors;
}

function upsert(c: Collection, body: z.infer<typeof schemas.upsert>, wait: boolean) {
  const incoming: { id: PointId; vectors: Map<string, Float32Array>; payload: Payload }[] = [];
  if ("points" in body) {
    for (const p of body.points) incoming.push({ id: pointId(p.id), vectors: toVectors(c, p.vector), payload: p.payload ?? {} });
  } else {
    const { ids, vectors, payloads } = body.batch;
    const perPoint: unknown[] = ids.map(() => undefined);
    if (Array.isArray(vectors)) vectors.forEach((v, i) => (perPoint[i] = v));
    else if (vectors && typeof vectors === "object") {
      for (const [name, list] of Object.entries(vectors)) {
        if (!Array.isArray(list)) throw formatError(`batch vectors \`${name}\` must be a list`);
        list.forEach((v, i) => (perPoint[i] = { ...(perPoint[i] as object), [name]: v }));
      }
    }
    ids.forEach((id, i) => incoming.push({ id: pointId(id), vectors: toVectors(c, perPoint[i]), payload: payloads?.[i] ?? {} }));
  }
  // Validate everything before changing anything: Qdrant applies an upsert batch as a whole.
  const result = updateResult(c, wait);
  for (const p of incoming) {
    const key = idKey(p.id);
    let point = c.points.get(key);
    if (!point) {
      point = { id: p.id, slot: allocateSlot(c), version: 0, payload: {} };
      c.points.set(key, point);
      c.slots[point.slot] = point;
      c.byId = undefined;
    }
    point.version = result.operation_id;
    point.payload = structuredClone(p.payload);
    for (const [name, s] of c.spaces) {
      const vector = p.vectors.get(name);
      s.present[point.slot] = vector ? 1 : 0;
      if (vector) s.data.set(vector, point.slot * s.size);
    }
  }
  return result;
}

function allocateSlot(c: Collection): number {
  const free = c.freeSlots.pop();
  if (free !== undefined) return free;
  const slot = c.slots.length;
  if (slot >= c.capacity) {
    c.capacity *= 2;
    for (const s of c.spaces.values()) {
      reserve(s, c.capacity);
      const present = new Uint8Array(c.capacity);
      present.set(s.present);
      s.present = present;
    }
  }
  c.slots.push(undefined);
  return slot;
}

function removePoint(c: Collection, point: StoredPoint) {
  c.points.delete(idKey(point.id));
  c.slots[point.slot] = undefined;
  for (const s of c.spaces.values()) s.present[point.slot] = 0;
  c.freeSlots.push(point.slot);
  c.byId = undefined;
}

/** Points named by `points` (absent ones skipped) or matching `filter`. */
function selectPoints(c: Collection, selector: { points?: PointId[] | null; filter?: unknown }): StoredPoint[] {
  if (selector.points) return selector.points.map((id) => c.points.get(idKey(pointId(id)))).filter((p): p is StoredPoint => p !== undefined);
  const matches = pointFilter(selector.filter);
  if (matches) return [...c.points.values()].filter((p) => matches(c, p));
  throw formatError("expected either `points` or `filter`");
}

function setPayload(c: Collection, body: z.infer<typeof schemas.setPayload>, overwrite: boolean, wait: boolean) {
  if (body.points) {
    for (const id of body.points) {
      const normalised = pointId(id);
      if (!c.points.has(idKey(normalised))) throw new QdrantError(404, `Not found: No point with id ${normalised} found`);
    }
  }
  const result = updateResult(c, wait);
  for (const point of selectPoints(c, body)) {
    point.version = result.operation_id;
    const payload = structuredClone(body.payload);
    if (overwrite) point.payload = payload;
    else if (body.key) {
      // `key` assigns into the object at that path, creating it when missing.
      let target: Payload = point.payload;
      for (const part of body.key.split(".")) {
        const next = target[part];
        target = (target[part] = next && typeof next === "object" && !Array.isArray(next) ? next : {}) as Payload;
      }
      Object.assign(target, payload);
    } else Object.assign(point.payload, payload);
  }
  return result;
}

// --- Reads -----------------------------------------------------------------------------------

type WithPayload = z.infer<typeof withPayloadSchema> | null | undefined;
type WithVector = z.infer<typeof withVectorSchema> | null | undefined;

function selectPayload(payload: Payload, selector: WithPayload): Payload | null {
  if (!selector) return null;
  if (selector === true) return payload;
  const include = Array.isArray(selector) ? selector : "include" in selector ? selector.include : undefined;
  if (include) {
    const selected: Payload = {};
    for (const key of include) {
      const parts = key.split(".");
      let source: unknown = payload;
      for (const part of parts) source = source && typeof source === "object" ? (source as Payload)[part] : undefined;
      if (source === undefined) continue;
      let target = selected;
      parts.slice(0, -1).forEach((part) => (target = (target[part] ??= {}) as Payload));
      target[parts.at(-1)!] = source;
    }
    return selected;
  }
  const exclude = "exclude" in selector ? selector.exclude : [];
  return Object.fromEntries(Object.entries(payload).filter(([key]) => !exclude.includes(key)));
}

function selectVector(c: Collection, point: StoredPoint, selector: WithVector): unknown {
  if (!selector) return null;
  const read = (s: VectorSpace) => (s.present[point.slot] ? Array.from(s.data.subarray(point.slot * s.size, (point.slot + 1) * s.size)) : undefined);
  if (!c.named) {
    const s = c.spaces.get("");
    return s ? (read(s) ?? null) : null;
  }
  const result: Record<string, number[]> = {};
  for (const [name, s] of c.spaces) {
    if (Array.isArray(selector) && !selector.includes(name)) continue;
    const v = read(s);
    if (v) result[name] = v;
  }
  return result;
}

function record(c: Collection, point: StoredPoint, withPayload: WithPayload, withVector: WithVector) {
  return { id: point.id, payload: selectPayload(point.payload, withPayload), vector: selectVector(c, point, withVector) };
}

function retrieve(c: Collection, body: z.infer<typeof schemas.retrieve>) {
  const seen = new Set<string>();
  const found: ReturnType<typeof record>[] = [];
  for (const raw of body.ids) {
    const key = idKey(pointId(raw));
    const point = c.points.get(key);
    if (!point || seen.has(key)) continue;
    seen.add(key);
    found.push(record(c, point, body.with_payload ?? true, body.with_vector));
  }
  return found;
}

function scroll(c: Collection, body: z.infer<typeof schemas.scroll>) {
  if (body.order_by !== undefined && body.order_by !== null) throw badRequest("Wrong input: order_by is not supported by the stand-in");
  const limit = body.limit ?? 10;
  const matches = pointFilter(body.filter);
  c.byId ??= [...c.points.values()].sort((a, b) => compareIds(a.id, b.id));
  const offset = body.offset === undefined || body.offset === null ? undefined : pointId(body.offset);
  const page: StoredPoint[] = [];
  let next: PointId | null = null;
  for (const point of c.byId) {
    if (offset !== undefined && compareIds(point.id, offset) < 0) continue;
    if (matches && !matches(c, point)) continue;
    if (page.length === limit) {
      next = point.id;
      break;
    }
    page.push(point);
  }
  return { points: page.map((p) => record(c, p, body.with_payload ?? true, body.with_vector)), next_page_offset: next };
}

interface NearestRequest {
  vectorName: string;
  vector: unknown;
  exclude?: StoredPoint;
  limit: number;
  offset: number;
  filter?: unknown;
  scoreThreshold?: number | null;
  withPayload: WithPayload;
  withVector: WithVector;
}

function search(c: Collection, body: z.infer<typeof schemas.search>) {
  const named = !Array.isArray(body.vector);
  return nearest(c, {
    vectorName: named ? (body.vector as { name: string }).name : "",
    vector: named ? (body.vector as { vector: number[] }).vector : body.vector,
    limit: body.limit,
    offset: body.offset ?? 0,
    filter: body.filter,
    scoreThreshold: body.score_threshold,
    withPayload: body.with_payload,
    withVector: body.with_vector,
  });
}

/** `/points/query` in its plain forms: nearest to a vector or to a stored point, or by id without a query. */
function queryPoints(c: Collection, body: z.infer<typeof schemas.query>) {
  if (body.prefetch !== undefined && body.prefetch !== null) throw badRequest("Wrong input: prefetch is not supported by the stand-in");
  if (body.lookup_from !== undefined && body.lookup_from !== null) throw badRequest("Wrong input: lookup_from is not supported by the stand-in");
  const limit = body.limit ?? 10;
  const offset = body.offset ?? 0;
  let input = body.query;
  if (input && typeof input === "object" && !Array.isArray(input)) {
    if (!("nearest" in input)) throw badRequest(`Wrong input: query ${Object.keys(input).join(", ")} is not supported by the stand-in`);
    input = (input as { nearest: unknown }).nearest;
  }
  if (input === undefined || input === null) {
    // No query: points in id order, as Qdrant does.
    c.byId ??= [...c.points.values()].sort((a, b) => compareIds(a.id, b.id));
    const matches = pointFilter(body.filter);
    const points = c.byId.filter((p) => !matches || matches(c, p)).slice(offset, offset + limit);
    return { points: points.map((p) => ({ ...record(c, p, body.with_payload, body.with_vector), version: p.version, score: 0 })) };
  }
  const vectorName = body.using ?? "";
  let exclude: StoredPoint | undefined;
  if (typeof input === "number" || typeof input === "string") {
    // Nearest to a stored point: its own vector, the point itself excluded.
    const id = pointId(input);
    exclude = c.points.get(idKey(id));
    const s = space(c, vectorName);
    if (!exclude || !s.present[exclude.slot]) throw new QdrantError(404, `Not found: No point with id ${id} found`);
    input = Array.from(s.data.subarray(exclude.slot * s.size, (exclude.slot + 1) * s.size));
  }
  const points = nearest(c, {
    vectorName,
    vector: input,
    exclude,
    limit,
    offset,
    filter: body.filter,
    scoreThreshold: body.score_threshold,
    withPayload: body.with_payload,
    withVector: body.with_vector,
  });
  return { points };
}

/** Exact k-nearest search over one vector space. */
function nearest(c: Collection, request: NearestRequest) {
  const s = space(c, request.vectorName);
  const query = toVector(s, request.vector);
  const k = request.offset + request.limit;
  const matches = pointFilter(request.filter);
  if (k === 0) return [];
  // Candidates first (present, not excluded, passing the filter), then scores in one pass. For
  // dot products both live in the space's wasm memory after the rows: query, slots, scores.
  const queryAt = c.capacity * s.size * 4;
  const slotsAt = queryAt + s.size * 4;
  const candidates = new Int32Array(s.memory.buffer, slotsAt, c.slots.length);
  let count = 0;
  for (let slot = 0; slot < c.slots.length; slot++) {
    const point = c.slots[slot];
    if (!point || !s.present[slot] || point === request.exclude) continue;
    if (matches && !matches(c, point)) continue;
    candidates[count++] = slot;
  }
  const similarity = s.distance === "Cosine" || s.distance === "Dot";
  let scores: Float32Array | Float64Array;
  if (similarity) {
    new Float32Array(s.memory.buffer, queryAt, s.size).set(query);
    const scoresAt = slotsAt + c.capacity * 4;
    s.dotScores(s.size, slotsAt, count, queryAt, scoresAt);
    scores = new Float32Array(s.memory.buffer, scoresAt, count);
  } else scores = distanceScores(s, candidates, count, query);
  const sign = similarity ? 1 : -1; // distances: smaller is better
  const threshold = request.scoreThreshold ?? undefined;
  const best: { slot: number; score: number }[] = [];
  for (let j = 0; j < count; j++) {
    const score = scores[j]!;
    if (threshold !== undefined && (similarity ? score < threshold : score > threshold)) continue;
    if (best.length === k && sign * score <= sign * best[k - 1]!.score) continue;
    if (best.length === k) best.pop();
    let i = best.length;
    while (i > 0 && sign * best[i - 1]!.score < sign * score) i--;
    best.splice(i, 0, { slot: candidates[j]!, score });
  }
  return best.slice(request.offset).map(({ slot, score }) => {
    const point = c.slots[slot]!;
    return {
      id: point.id,
      version: point.version,
      score,
      payload: selectPayload(point.payload, request.withPayload),
      vector: selectVector(c, point, request.withVector),
    };
  });
}

function distanceScores(s: VectorSpace, slots: Int32Array, count: number, query: Float32Array): Float64Array {
  const { data, size } = s;
  const scores = new Float64Array(count);
  for (let j = 0; j < count; j++) {
    const r = slots[j]! * size;
    let sum = 0;
    for (let i = 0; i < size; i++) {
      const diff = data[r + i]! - query[i]!;
      sum += s.distance === "Euclid" ? diff * diff : Math.abs(diff);
    }
    scores[j] = s.distance === "Euclid" ? Math.sqrt(sum) : sum;
  }
  return scores;
}

// --- Vector storage and the dot-product kernel ---------------------------------------------------

/** scores[j] = dot(row slots[j], query) for j < count; all arguments are byte offsets into the space's memory. */
type DotKernel = (size: number, slotsAt: number, count: number, queryAt: number, scoresAt: number) => void;

function createSpace(size: number, distance: Distance, capacity: number): VectorSpace {
  const memory = new WebAssembly.Memory({ initial: 1 });
  const instance = new WebAssembly.Instance(dotKernelModule(), { env: { memory } });
  const space: VectorSpace = { size, distance, memory, data: new Float32Array(0), present: new Uint8Array(capacity), dotScores: instance.exports.scores as DotKernel };
  reserve(space, capacity);
  return space;
}

/** Grows the memory to hold `capacity` rows plus search scratch; rows stay where they are. */
function reserve(s: VectorSpace, capacity: number) {
  const needed = capacity * s.size * 4 + s.size * 4 + capacity * 8;
  const have = s.memory.buffer.byteLength;
  if (needed > have) s.memory.grow(Math.ceil((needed - have) / 65_536));
  s.data = new Float32Array(s.memory.buffer, 0, capacity * s.size); // growing detached the old view
}

let compiledKernel: WebAssembly.Module | undefined;

/**
 * The kernel, assembled here to avoid a build step. Equivalent WAT (f32x4 lanes, scalar tail):
 *
 *   (func (export "scores") (param $size i32) (param $slots i32) (param $count i32) (param $query i32) (param $out i32)
 *     (local $j i32) (local $i i32) (local $row i32) (local $end4 i32) (local $acc v128) (local $sum f32)
 *     end4 = size & -4
 *     for j < count:
 *       row = i32.load(slots + 4j) * size * 4;  acc = 0;  i = 0
 *       for i < end4, i += 4:  acc = f32x4.add(acc, f32x4.mul(v128.load(row + 4i), v128.load(query + 4i)))
 *       sum = acc[0] + acc[1] + acc[2] + acc[3]
 *       for i < size, i += 1:  sum += f32.load(row + 4i) * f32.load(query + 4i)
 *       f32.store(out + 4j, sum))
 */
function dotKernelModule(): WebAssembly.Module {
  if (compiledKernel) return compiledKernel;
  const uleb = (n: number) => {
    const out: number[] = [];
    do {
      let byte = n & 0x7f;
      n >>>= 7;
      if (n) byte |= 0x80;
      out.push(byte);
    } while (n);
    return out;
  };
  const name = (text: string) => [...uleb(text.length), ...Buffer.from(text)];
  const section = (id: number, bytes: number[]) => [id, ...uleb(bytes.length), ...bytes];
  // Opcodes used below.
  const get = (local: number) => [0x20, local];
  const set = (local: number) => [0x21, local];
  const i32 = (n: number) => [0x41, n & 0x7f]; // small constants only (-64..63)
  const [add, mul, shl, and, geU] = [0x6a, 0x6c, 0x74, 0x71, 0x4f];
  const [f32Add, f32Mul] = [0x92, 0x94];
  const i32Load = [0x28, 2, 0];
  const f32Load = [0x2a, 2, 0];
  const f32Store = [0x38, 2, 0];
  const v128Load = [0xfd, 0x00, 0, 0];
  const v128Zero = [0xfd, 0x0c, ...new Array<number>(16).fill(0)];
  const [f32x4Add, f32x4Mul] = [
    [0xfd, 0xe4, 0x01],
    [0xfd, 0xe6, 0x01],
  ];
  const lane = (n: number) => [0xfd, 0x1f, n];
  const loop = (exitWhen: number[], body: number[]) => [0x02, 0x40, 0x03, 0x40, ...exitWhen, 0x0d, 1, ...body, 0x0c, 0, 0x0b, 0x0b];
  const times4 = [...i32(2), shl];
  // Locals: params 0 size, 1 slots, 2 count, 3 query, 4 out; 5 j, 6 i, 7 row, 8 end4, 9 acc, 10 sum.
  const [size, slots, count, query, out, j, i, row, end4, acc, sum] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const body = [
    ...[3, 4, 0x7f, 1, 0x7b, 1, 0x7d], // local declarations: 4 x i32, v128, f32
    ...get(size), ...i32(-4), and, ...set(end4),
    ...loop([...get(j), ...get(count), geU], [
      ...get(slots), ...get(j), ...times4, add, ...i32Load, ...get(size), mul, ...times4, ...set(row),
      ...v128Zero, ...set(acc),
      ...i32(0), ...set(i),
      ...loop([...get(i), ...get(end4), geU], [
        ...get(acc),
        ...get(row), ...get(i), ...times4, add, ...v128Load,
        ...get(query), ...get(i), ...times4, add, ...v128Load,
        ...f32x4Mul, ...f32x4Add, ...set(acc),
        ...get(i), ...i32(4), add, ...set(i),
      ]),
      ...get(acc), ...lane(0), ...get(acc), ...lane(1), f32Add, ...get(acc), ...lane(2), f32Add, ...get(acc), ...lane(3), f32Add, ...set(sum),
      ...loop([...get(i), ...get(size), geU], [
        ...get(sum),
        ...get(row), ...get(i), ...times4, add, ...f32Load,
        ...get(query), ...get(i), ...times4, add, ...f32Load,
        f32Mul, f32Add, ...set(sum),
        ...get(i), ...i32(1), add, ...set(i),
      ]),
      ...get(out), ...get(j), ...times4, add, ...get(sum), ...f32Store,
      ...get(j), ...i32(1), add, ...set(j),
    ]),
    0x0b,
  ];
  compiledKernel = new WebAssembly.Module(
    new Uint8Array([
      ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
      ...section(1, [1, 0x60, 5, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0]), // type: (i32 x5) -> ()
      ...section(2, [1, ...name("env"), ...name("memory"), 0x02, 0x00, 0x01]), // import env.memory
      ...section(3, [1, 0]), // one function of type 0
      ...section(7, [1, ...name("scores"), 0x00, 0]), // export it as "scores"
      ...section(10, [1, ...uleb(body.length), ...body]),
    ]),
  );
  return compiledKernel;
}

// --- Filters ---------------------------------------------------------------------------------

/**
 * A filter compiled once per request (and checked then, so a malformed filter is refused even on an
 * empty collection). `point` is undefined inside `nested`, where the "payload" is an array element.
 */
type Predicate = (payload: unknown, point: StoredPoint | undefined, c: Collection) => boolean;

/** The test for stored points, or undefined when there is no filter. */
function pointFilter(filter: unknown): ((c: Collection, point: StoredPoint) => boolean) | undefined {
  if (filter === undefined || filter === null) return undefined;
  const predicate = compileFilter(filter);
  return (c, point) => predicate(point.payload, point, c);
}

function compileFilter(filter: unknown): Predicate {
  if (!isObject(filter)) throw formatError("filter must be an object");
  const must = asList(filter.must).map(compileCondition);
  const should = asList(filter.should).map(compileCondition);
  const mustNot = asList(filter.must_not).map(compileCondition);
  let minShould: { conditions: Predicate[]; count: number } | undefined;
  if (filter.min_should !== undefined && filter.min_should !== null) {
    const spec = filter.min_should;
    if (!isObject(spec) || typeof spec.min_count !== "number") throw formatError("min_should needs `conditions` and `min_count`");
    minShould = { conditions: asList(spec.conditions).map(compileCondition), count: spec.min_count };
  }
  return (payload, point, c) => {
    for (const p of must) if (!p(payload, point, c)) return false;
    if (should.length > 0 && !should.some((p) => p(payload, point, c))) return false;
    for (const p of mustNot) if (p(payload, point, c)) return false;
    if (minShould && minShould.conditions.filter((p) => p(payload, point, c)).length < minShould.count) return false;
    return true;
  };
}

function compileCondition(condition: unknown): Predicate {
  if (!isObject(condition)) throw formatError("a filter condition must be an object");
  if ("must" in condition || "should" in condition || "must_not" in condition || "min_should" in condition) return compileFilter(condition);
  if ("has_id" in condition) {
    const ids = new Set(asList(condition.has_id).map((id) => idKey(pointId(id))));
    return (_payload, point) => {
      if (!point) throw badRequest("Wrong input: has_id is not allowed inside nested conditions");
      return ids.has(idKey(point.id));
    };
  }
  if ("has_vector" in condition) {
    const name = String(condition.has_vector);
    return (_payload, point, c) => Boolean(point && c.spaces.get(name)?.present[point.slot]);
  }
  if (isObject(condition.is_empty)) {
    const read = pathReader(String(condition.is_empty.key));
    return (payload) => isEmpty(read(payload));
  }
  if (isObject(condition.is_null)) {
    const nullAt = nullReader(String(condition.is_null.key));
    return (payload) => nullAt(payload);
  }
  if (isObject(condition.nested)) {
    const read = pathReader(String(condition.nested.key));
    const inner = compileFilter(condition.nested.filter);
    return (payload, _point, c) => read(payload).some((element) => isObject(element) && inner(element, undefined, c));
  }
  if (typeof condition.key === "string") return compileField(condition as Record<string, unknown> & { key: string });
  throw formatError(`unsupported filter condition ${JSON.stringify(condition)}`);
}

function compileField(condition: Record<string, unknown> & { key: string }): Predicate {
  const read = pathReader(condition.key);
  const tests: ((found: unknown[], payload: unknown) => boolean)[] = [];
  if (condition.is_empty === true) tests.push((found) => isEmpty(found));
  if (condition.is_null === true) {
    const nullAt = nullReader(condition.key);
    tests.push((_found, payload) => nullAt(payload));
  }
  if (isObject(condition.match)) tests.push(compileMatch(condition.match));
  if (isObject(condition.range)) {
    const range = condition.range;
    const dates = [range.gt, range.gte, range.lt, range.lte].some((b) => typeof b === "string");
    const toNumber = (v: unknown) => (dates ? (typeof v === "string" ? Date.parse(v) : Number.NaN) : typeof v === "number" ? v : Number.NaN);
    const [gt, gte, lt, lte] = [range.gt, range.gte, range.lt, range.lte].map((b) => (b === undefined || b === null ? undefined : toNumber(b)));
    if ([gt, gte, lt, lte].some((b) => b !== undefined && Number.isNaN(b))) throw formatError(`invalid range ${JSON.stringify(range)}`);
    const within = (n: number) =>
      !Number.isNaN(n) && (gt === undefined || n > gt) && (gte === undefined || n >= gte) && (lt === undefined || n < lt) && (lte === undefined || n <= lte);
    tests.push((found) => found.some((v) => v !== null && within(toNumber(v))));
  }
  if (isObject(condition.values_count)) {
    const range = condition.values_count;
    const bound = (b: unknown) => (b === undefined || b === null ? undefined : Number(b));
    const [gt, gte, lt, lte] = [bound(range.gt), bound(range.gte), bound(range.lt), bound(range.lte)];
    tests.push((found) => {
      const n = found.filter((v) => v !== null).length;
      return (gt === undefined || n > gt) && (gte === undefined || n >= gte) && (lt === undefined || n < lt) && (lte === undefined || n <= lte);
    });
  }
  if (tests.length === 0) throw badRequest(`Wrong input: unsupported condition on \`${condition.key}\` (geo conditions are not supported by the stand-in)`);
  return (payload) => {
    const found = read(payload);
    return tests.every((test) => test(found, payload));
  };
}

/** Match conditions: a stored array matches when any of its values does, as in Qdrant. */
function compileMatch(match: Record<string, unknown>): (found: unknown[]) => boolean {
  if ("value" in match) {
    const value = match.value;
    return (found) => found.some((v) => v === value);
  }
  if ("any" in match) {
    const any = new Set(asList(match.any));
    return (found) => found.some((v) => any.has(v));
  }
  if ("except" in match) {
    // A point without the field matches too (it has no value among the excluded ones).
    const except = new Set(asList(match.except));
    return (found) => {
      const present = found.filter((v) => v !== null);
      return present.length === 0 || present.some((v) => !except.has(v));
    };
  }
  // Unindexed full-text matching in Qdrant is a substring test.
  if ("text" in match || "phrase" in match) {
    const text = String(match.text ?? match.phrase);
    return (found) => found.some((v) => typeof v === "string" && v.includes(text));
  }
  if ("text_any" in match) {
    const words = String(match.text_any).split(/\s+/).filter(Boolean);
    return (found) => found.some((v) => typeof v === "string" && words.some((w) => v.includes(w)));
  }
  throw formatError(`unsupported match ${JSON.stringify(match)}`);
}

/**
 * Reads the values at a dotted payload path. Arrays are flattened on the way (`a.b` reaches into
 * arrays of objects; `a[].b` is accepted too) and at the end, as Qdrant does.
 */
function pathReader(key: string): (payload: unknown) => unknown[] {
  const parts = key.split(".").map((part) => part.replace(/\[\]$/, ""));
  if (parts.length === 1) {
    const part = parts[0]!;
    return (payload) => {
      const value = isObject(payload) ? payload[part] : undefined;
      return value === undefined ? [] : Array.isArray(value) ? value : [value];
    };
  }
  return (payload) => {
    let current: unknown[] = [payload];
    for (const part of parts) {
      const next: unknown[] = [];
      for (const value of current) {
        for (const object of Array.isArray(value) ? value : [value]) {
          if (isObject(object) && part in object) next.push(object[part]);
        }
      }
      current = next;
    }
    return current.flatMap((value) => (Array.isArray(value) ? value : [value]));
  };
}

function values(payload: unknown, key: string): unknown[] {
  return pathReader(key)(payload);
}

/** is_null: the field exists and is null (unlike is_empty, which also matches a missing field or []). */
function nullReader(key: string): (payload: unknown) => boolean {
  const parts = key.split(".");
  const parent = parts.length > 1 ? pathReader(parts.slice(0, -1).join(".")) : (payload: unknown) => [payload];
  const last = parts.at(-1)!;
  return (payload) => parent(payload).some((object) => isObject(object) && last in object && object[last] === null);
}

function isEmpty(found: unknown[]): boolean {
  return found.every((v) => v === null);
}

function asList(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return Boolean(value) && typeof value === "object" && !Array.isArray(value);
}
