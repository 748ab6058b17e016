import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startScratchDatabase } from "../scripts/dev/scratch-database";
import { startLocalStack, type LocalStack } from "../scripts/dev/stack";
import type { ZohoItem } from "../stand-ins/zoho-catalog";

/** Shared by the search benchmark and the search quality evaluation: a local stack with one vector store. */
export type Store = "pgvector" | "qdrant";

export interface SearchStack {
  stack: LocalStack;
  admin(path: string, init?: RequestInit): Promise<Response>;
  stop(): Promise<void>;
}

/**
 * pgvector runs on the embedded PGlite (the `npm start` default; the machine's Postgres has no
 * vector extension); qdrant runs the Qdrant stand-in with products in the real Postgres on
 * 127.0.0.1:5432 when it answers.
 */
export async function startSearchStack(store: Store, options: { port: number; zohoItems?: ZohoItem[]; seed?: boolean }): Promise<SearchStack> {
  const stateDir = mkdtempSync(join(tmpdir(), `wa-agent-search-${store}-`));
  const env: Record<string, string | undefined> = { ...process.env };
  for (const name of ["OPENROUTER_API_KEY", "WAZZUP_API_URL", "ZOHO_REFRESH_TOKEN", "EMBEDDINGS_API_KEY", "QDRANT_URL", "VECTOR_STORE", "DATABASE_URL"]) delete env[name];
  const stack = await startLocalStack({
    stateDir,
    port: options.port,
    env,
    ephemeralDatabase: true,
    seed: options.seed ?? true,
    ...(options.zohoItems ? { zohoItems: options.zohoItems } : {}),
    ...(store === "qdrant" ? { qdrantStandIn: true, createDatabase: () => startScratchDatabase("wa_agent_search") } : {}),
    log: (line) => {
      if (/error/i.test(line) && !/Request\.cf|ENOTFOUND|getaddrinfo|GetAddrInfo|callbackTrampoline/.test(line)) console.log(`  ${line}`);
    },
  });
  const admin = (path: string, init: RequestInit = {}) =>
    fetch(`${stack.workerUrl}${path}`, { ...init, headers: { authorization: `Bearer ${stack.adminToken}`, "content-type": "application/json", ...init.headers } });
  return { stack, admin, stop: () => stack.stop() };
}

export interface RunSummary {
  id: string;
  status: string;
  mode: string;
  pages: number;
  itemsSeen: number;
  itemsChanged: number;
  embedded: number;
  zohoRequests: number;
  embeddingRequests: number;
  startedAt: string | null;
  finishedAt: string | null;
  requestedAt: string;
  errors: unknown[];
}

/** Waits for the open (or latest) sync run to finish and returns it; starts one when there is none. */
export async function waitForSync(search: SearchStack, runId?: string, timeoutMs = 20 * 60_000): Promise<RunSummary> {
  const deadline = Date.now() + timeoutMs;
  if (!runId) {
    const started = await search.admin("/api/v1/products/sync", { method: "POST", body: "{}" });
    if (!started.ok) throw new Error(`could not start a sync: HTTP ${started.status} ${await started.text()}`);
    runId = ((await started.json()) as { run: RunSummary }).run.id;
  }
  for (;;) {
    const response = await search.admin(runId ? `/api/v1/products/sync/${runId}` : "/api/v1/products/sync?limit=1");
    const body = (await response.json()) as { runs?: RunSummary[]; run?: RunSummary };
    const run = response.ok ? (body.run ?? body.runs?.[0]) : undefined;
    if (run && (run.status === "succeeded" || run.status === "failed")) return run;
    if (Date.now() > deadline) throw new Error(`sync still ${run?.status} after ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
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
