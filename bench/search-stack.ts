import type { ZohoItem } from "../stand-ins/zoho-catalog";
import { startTestStack, type TestStack } from "../test/harness/node/stack";
import { startSync, syncEnded, waitForSyncRun, type SyncRunView } from "../test/harness/sync";
import { asAdmin } from "../test/harness/target";

/** Shared by the search benchmark and the search quality evaluation: a local stack with one vector store. */
export type Store = "pgvector" | "qdrant";

export interface SearchStack extends TestStack {
  /** A request as ADMIN_API_TOKEN, JSON both ways. */
  admin(path: string, init?: RequestInit): Promise<Response>;
}

/**
 * pgvector runs on the embedded PGlite (the `npm start` default; the machine's Postgres has no
 * vector extension); qdrant runs the Qdrant stand-in with products in the real Postgres on
 * 127.0.0.1:5432 when it answers.
 */
export async function startSearchStack(store: Store, options: { port: number; zohoItems?: ZohoItem[]; seed?: boolean }): Promise<SearchStack> {
  const started = await startTestStack({
    name: `search-${store}`,
    port: options.port,
    unset: ["OPENROUTER_API_KEY", "WAZZUP_API_URL", "ZOHO_REFRESH_TOKEN", "EMBEDDINGS_API_KEY", "QDRANT_URL", "VECTOR_STORE", "DATABASE_URL"],
    ephemeralDatabase: true,
    seed: options.seed ?? true,
    ...(options.zohoItems ? { zohoItems: options.zohoItems } : {}),
    ...(store === "qdrant" ? { qdrantStandIn: true, database: "scratch" as const } : {}),
  });
  const admin = (path: string, init: RequestInit = {}) => asAdmin(started.target, path, { ...init, headers: { "content-type": "application/json", ...(init.headers as Record<string, string> | undefined) } });
  return { ...started, admin };
}

/** Waits for the run (by default a new one, started here) to succeed or fail, and returns it. */
export async function waitForSync(search: SearchStack, runId?: string, timeoutMs = 20 * 60_000): Promise<SyncRunView> {
  const id = runId ?? (await startSync(search.target)).run.id;
  return waitForSyncRun(search.target, id, syncEnded, { timeoutMs, everyMs: 250 });
}

export interface SearchAnswer {
  products: { sku: string }[];
  mode: string;
  denseUnavailable?: string;
  tookMs: number;
  searchMs: number;
  timings?: { lexicalMs: number; denseMs: number; hydrateMs: number };
}

export async function searchOnce(search: SearchStack, params: Record<string, string | number>): Promise<{ answer: SearchAnswer; clientMs: number }> {
  const query = new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)]));
  const started = performance.now();
  const response = await search.admin(`/api/v1/products/search?${query}`);
  const answer = (await response.json()) as SearchAnswer;
  if (!response.ok) throw new Error(`search answered ${response.status}: ${JSON.stringify(answer)}`);
  return { answer, clientMs: performance.now() - started };
}
