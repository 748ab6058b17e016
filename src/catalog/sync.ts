import type { Embedder } from "../adapters/embeddings/jina";
import { clearEmbedded, countActiveProducts, markEmbedded, markUnseenDeleted, productsNeedingEmbedding, writeCatalogPage, type SyncedProduct } from "../adapters/db/catalog-repo";
import type { Database } from "../adapters/db/client";
import type { SyncProblem } from "../adapters/db/schema";
import { claimRun, releaseRun, saveProgress, type RunProgress, type SyncRun } from "../adapters/db/sync-runs-repo";
import type { ItemsPage } from "../adapters/zoho/client";
import { ZohoError } from "../adapters/zoho/errors";
import type { VectorIndex } from "../adapters/vector/vector-index";
import { formatZohoTime, parseZohoItem, productEmbeddingText, type CatalogProduct } from "../domain/catalog-item";
import { describeError, log } from "../lib/log";

export interface CatalogSource {
  requests: number;
  listItems(page: number, options: { perPage?: number; modifiedSince?: string }): Promise<ItemsPage>;
}

export interface SyncDeps {
  db: Database;
  zoho: CatalogSource;
  embedder: Embedder | null;
  index: VectorIndex | null;
  /** Pages this invocation may sync before handing on to a continuation. */
  pagesPerInvocation: number;
  /** Wall time this invocation may spend before handing on (queue consumers have a limit). */
  timeBudgetMs?: number;
}

export type InvocationOutcome =
  | { outcome: "finished"; run: SyncRun }
  /** More pages remain: the caller enqueues a continuation for the run. */
  | { outcome: "continue"; run: SyncRun }
  /** Someone else holds the run (a duplicate delivery) or it is already finished. */
  | { outcome: "skipped" };

export const PAGE_SIZE = 200;
/** A run's lease: a worker that stops renewing it for this long is presumed dead and taken over. */
export const LEASE_MS = 3 * 60_000;

/**
 * One queue invocation of a catalog sync run: claims the run, syncs pages from its checkpoint,
 * records progress after every page, and either finishes the run or hands it on. A retryable
 * Zoho failure leaves the run `interrupted` at its checkpoint and is rethrown so the queue
 * retries; anything else fails the run.
 */
export async function runSyncInvocation(deps: SyncDeps, runId: string): Promise<InvocationOutcome> {
  const run = await claimRun(deps.db, runId, LEASE_MS);
  if (!run) return { outcome: "skipped" };
  const started = Date.now();
  const budget = deps.timeBudgetMs ?? 5 * 60_000;
  let page = run.checkpoint.nextPage;
  let pagesDone = 0;
  log("info", "catalog_sync.invocation_started", { runId, mode: run.mode, page, attempt: run.attempts });
  try {
    for (;;) {
      const progress = await syncPage(deps, run, page);
      pagesDone++;
      page++;
      if (!progress.hasMore) {
        const removed = run.mode === "full" ? await sweepUnseen(deps, run, progress.counters) : 0;
        const backlog = await embedBacklog(deps, progress.counters.problems);
        const finished = await releaseRun(deps.db, run.id, "succeeded", {
          ...progress.counters,
          itemsRemoved: progress.counters.itemsRemoved + removed,
          embedded: progress.counters.embedded + backlog.embedded,
          embeddingRequests: progress.counters.embeddingRequests + backlog.requests,
        });
        log("info", "catalog_sync.finished", { runId, pages: finished?.pages, changed: finished?.itemsChanged, removed: finished?.itemsRemoved });
        return { outcome: "finished", run: finished! };
      }
      await saveProgress(deps.db, run.id, { ...progress.counters, nextPage: page }, LEASE_MS);
      if (pagesDone >= deps.pagesPerInvocation || Date.now() - started > budget) {
        const handedOn = await releaseRun(deps.db, run.id, "queued");
        return { outcome: "continue", run: handedOn! };
      }
    }
  } catch (error) {
    const retryable = error instanceof ZohoError && error.retryable;
    const problem: SyncProblem = { at: new Date().toISOString(), kind: error instanceof ZohoError ? "zoho" : "internal", message: messageOf(error), page };
    await releaseRun(deps.db, run.id, retryable ? "interrupted" : "failed", { problems: [problem], zohoRequests: 0 }).catch(() => undefined);
    log(retryable ? "warn" : "error", "catalog_sync.invocation_failed", { runId, page, retryable, ...describeError(error) });
    throw error;
  }
}

interface PageProgress {
  hasMore: boolean;
  counters: Omit<RunProgress, "nextPage">;
}

async function syncPage(deps: SyncDeps, run: SyncRun, page: number): Promise<PageProgress> {
  const zohoBefore = deps.zoho.requests;
  const listed = await deps.zoho.listItems(page, {
    perPage: PAGE_SIZE,
    ...(run.mode === "incremental" && run.modifiedSince ? { modifiedSince: formatZohoTime(run.modifiedSince.getTime()) } : {}),
  });
  const problems: SyncProblem[] = [];
  const items: CatalogProduct[] = [];
  for (const raw of listed.items) {
    const parsed = await parseZohoItem(raw);
    if (parsed.ok) items.push(parsed.product);
    else problems.push({ at: new Date().toISOString(), kind: "malformed_item", message: parsed.problem, page, ...pick(parsed, "itemId", "sku") });
  }
  const write = await writeCatalogPage(deps.db, items, run.id);
  for (const { item, reason } of write.conflicts) {
    problems.push({ at: new Date().toISOString(), kind: "malformed_item", message: reason, page, itemId: item.zohoItemId, sku: item.sku });
  }
  const outOfService = write.written.filter((p) => p.status !== "active" && p.embeddedHash !== null);
  const toEmbed = write.written.filter((p) => p.status === "active" && p.contentHash !== p.embeddedHash);
  const embedding = await embedProducts(deps, toEmbed, problems);
  if (outOfService.length && deps.index) {
    await deps.index.delete("products", outOfService.map((p) => p.id)).catch((error: unknown) => problems.push(indexProblem(error)));
    await clearEmbedded(deps.db, outOfService.map((p) => p.id));
  }
  return {
    hasMore: listed.hasMore,
    counters: {
      pages: 1,
      itemsSeen: listed.items.length,
      itemsChanged: write.changed,
      itemsRemoved: 0,
      itemsSkipped: listed.items.length - write.written.length,
      embedded: embedding.embedded,
      zohoRequests: deps.zoho.requests - zohoBefore,
      embeddingRequests: embedding.requests,
      problems,
    },
  };
}

/**
 * Embeds products whose content changed since their vector was made and writes the vectors.
 * A failure here is recorded, not fatal: prices and stock still sync, lexical search still
 * finds the product, and the next sync retries the embedding (its hash still differs).
 */
async function embedProducts(deps: SyncDeps, toEmbed: SyncedProduct[], problems: SyncProblem[]): Promise<{ embedded: number; requests: number }> {
  if (toEmbed.length === 0 || !deps.embedder || !deps.index) return { embedded: 0, requests: 0 };
  const before = deps.embedder.requests;
  try {
    await deps.index.ensureCollection("products", deps.embedder.dimensions);
    const vectors = await deps.embedder.embed(toEmbed.map(productEmbeddingText), "passage");
    await deps.index.upsert(
      "products",
      toEmbed.map((p, i) => ({ id: p.id, vector: vectors[i]!, payload: { sku: p.sku, category: p.category } })),
    );
    await markEmbedded(deps.db, toEmbed.map((p) => ({ id: p.id, contentHash: p.contentHash! })));
    return { embedded: toEmbed.length, requests: deps.embedder.requests - before };
  } catch (error) {
    problems.push({ at: new Date().toISOString(), kind: "embeddings", message: `${toEmbed.length} products not embedded: ${messageOf(error)}` });
    return { embedded: 0, requests: deps.embedder.requests - before };
  }
}

/** At the end of a run: products left unembedded by earlier failures get their vectors now. */
async function embedBacklog(deps: SyncDeps, problems: SyncProblem[]): Promise<{ embedded: number; requests: number }> {
  if (!deps.embedder || !deps.index) return { embedded: 0, requests: 0 };
  let embedded = 0;
  let requests = 0;
  for (let round = 0; round < 50; round++) {
    const backlog = await productsNeedingEmbedding(deps.db, 256);
    if (backlog.length === 0) break;
    const result = await embedProducts(deps, backlog, problems);
    embedded += result.embedded;
    requests += result.requests;
    if (result.embedded === 0) break;
  }
  return { embedded, requests };
}

/** Full syncs only: whatever Zoho no longer lists is marked deleted and leaves the index. */
async function sweepUnseen(deps: SyncDeps, run: SyncRun, counters: PageProgress["counters"]): Promise<number> {
  // A full sync that saw nothing at all (a wrong organization, an empty answer) must not wipe the catalog.
  if (run.itemsSeen + counters.itemsSeen === 0 && (await countActiveProducts(deps.db)) > 0) {
    counters.problems.push({ at: new Date().toISOString(), kind: "zoho", message: "Zoho listed no items at all; products were left as they were" });
    return 0;
  }
  const removed = await markUnseenDeleted(deps.db, run.id);
  if (removed.length && deps.index) await deps.index.delete("products", removed).catch((error: unknown) => counters.problems.push(indexProblem(error)));
  return removed.length;
}

function indexProblem(error: unknown): SyncProblem {
  return { at: new Date().toISOString(), kind: "vector_index", message: messageOf(error) };
}

function messageOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, 500);
}

function pick<T extends object, K extends keyof T>(value: T, ...keys: K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const key of keys) if (value[key] !== undefined) out[key] = value[key];
  return out;
}
