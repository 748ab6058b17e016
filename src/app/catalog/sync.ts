import type { Embedder } from "../../adapters/embeddings/jina";
import {
  clearEmbedded,
  countActiveProducts,
  markDeleted,
  markEmbedded,
  productsNeedingEmbedding,
  rebuildVocabulary,
  resetEmbedded,
  staleVectors,
  touchSeen,
  unseenProducts,
  unseenDemoProducts,
  writeCatalogPage,
  type SyncedProduct,
} from "../../adapters/db/catalog-repo";
import type { Database } from "../../adapters/db/client";
import type { SyncProblem } from "../../adapters/db/schema";
import { claimRun, LeaseLostError, releaseRun, renewLease, saveProgress, type Lease, type RunProgress, type SyncRun } from "../../adapters/db/sync-runs-repo";
import type { ItemsPage } from "../../adapters/zoho/client";
import type { VectorIndex } from "../../adapters/vector/vector-index";
import { formatZohoTime, parseZohoItem, productEmbeddingText, type CatalogProduct } from "../../core/domain/catalog-item";
import { deletionBatch, invocationFailure, MAX_DELETIONS_CONFIRMED, MAX_RUN_ATTEMPTS, runGivenUp, shouldHandOn, vectorWork, vocabularyStale } from "./sync-rules";
import { describeError, errorText, log } from "../../lib/log";
import type { StockChange } from "../../core/catalog/stock-moves";

export interface CatalogSource {
  requests: number;
  listItems(page: number, options: { perPage?: number; modifiedSince?: string }): Promise<ItemsPage>;
  /** One item, or null when Zoho says it does not exist (used to confirm deletions). */
  getItem(itemId: string): Promise<unknown | null>;
}

export interface SyncDeps {
  db: Database;
  zoho: CatalogSource;
  embedder: Embedder | null;
  index: VectorIndex | null;
  /** Identity of the embedding space (model, size, store); vectors from another space are remade. */
  embeddingSpace: string;
  /** Pages this invocation may sync before handing on to a continuation. */
  pagesPerInvocation: number;
  /** Wall time this invocation may spend before handing on (queue consumers have a limit). */
  timeBudgetMs?: number;
  /** Told each page's stock changes (back-in-stock notices, low-stock alerts); a failure is a problem of the run, not fatal. */
  onStockChanges?: (changes: StockChange[]) => Promise<void>;
}

export type InvocationOutcome =
  | { outcome: "finished"; run: SyncRun }
  /** More pages remain: the caller enqueues a continuation for the run. */
  | { outcome: "continue"; run: SyncRun }
  /** Someone else holds the run (a duplicate delivery, a takeover) or it is already finished. */
  | { outcome: "skipped" };

export const PAGE_SIZE = 200;
/** A run's lease: a worker that stops renewing it for this long is presumed dead and taken over. */
export const LEASE_MS = 3 * 60_000;

/**
 * One queue invocation of a catalog sync run: claims the run (with a lease token that every
 * later write checks), syncs pages from its checkpoint, records progress after every page, and
 * either finishes the run or hands it on. A failure that a retry may cure leaves the run
 * `interrupted` at its checkpoint and is rethrown so the queue retries; a permanent one (bad
 * credentials, a missing scope) or too many attempts fail the run.
 */
export async function runSyncInvocation(deps: SyncDeps, runId: string): Promise<InvocationOutcome> {
  const run = await claimRun(deps.db, runId, LEASE_MS);
  if (!run) return { outcome: "skipped" };
  const lease: Lease = { runId: run.id, token: run.leaseToken };
  if (runGivenUp(run.attempts)) {
    const problem = { at: new Date().toISOString(), kind: "internal" as const, message: `given up after ${MAX_RUN_ATTEMPTS} attempts` };
    return { outcome: "finished", run: await releaseRun(deps.db, lease, "failed", { problems: [problem] }) };
  }
  const started = Date.now();
  const budget = deps.timeBudgetMs ?? 5 * 60_000;
  let page = run.checkpoint.nextPage;
  let pagesDone = 0;
  let seenBefore = run.itemsSeen;
  log("info", "catalog_sync.invocation_started", { runId, mode: run.mode, page, attempt: run.attempts });
  try {
    for (;;) {
      const progress = await syncPage(deps, run, page);
      pagesDone++;
      page++;
      if (!progress.hasMore) {
        const counters = progress.counters;
        const removed = run.mode === "full" ? await sweepUnseen(deps, lease, run, seenBefore + counters.itemsSeen, counters) : 0;
        await dropStaleVectors(deps, counters.problems);
        const backlog = await embedBacklog(deps, lease, counters.problems);
        const finished = await releaseRun(deps.db, lease, "succeeded", {
          ...counters,
          itemsRemoved: counters.itemsRemoved + removed,
          embedded: counters.embedded + backlog.embedded,
          embeddingRequests: counters.embeddingRequests + backlog.requests,
          zohoRequests: deps.zoho.requests - progress.zohoBefore,
        });
        // Search reads which words the catalog has and how common they are: rebuild after changes.
        if (vocabularyStale(finished)) {
          await rebuildVocabulary(deps.db).catch((error: unknown) => log("warn", "catalog_sync.vocabulary_failed", describeError(error)));
        }
        log("info", "catalog_sync.finished", { runId, pages: finished.pages, changed: finished.itemsChanged, removed: finished.itemsRemoved });
        return { outcome: "finished", run: finished };
      }
      seenBefore += progress.counters.itemsSeen;
      await saveProgress(deps.db, lease, { ...progress.counters, nextPage: page }, LEASE_MS);
      if (shouldHandOn(pagesDone, deps.pagesPerInvocation, Date.now() - started, budget)) {
        return { outcome: "continue", run: await releaseRun(deps.db, lease, "queued") };
      }
    }
  } catch (error) {
    if (error instanceof LeaseLostError) {
      log("warn", "catalog_sync.lease_lost", { runId });
      return { outcome: "skipped" };
    }
    // Only Zoho saying no for good (credentials, scope, a refused request) fails the run;
    // anything else (Zoho down, the database or the gateway blipping) is retried from the checkpoint.
    const { permanent, kind } = invocationFailure(error);
    const problem: SyncProblem = { at: new Date().toISOString(), kind, message: messageOf(error), page };
    await releaseRun(deps.db, lease, permanent ? "failed" : "interrupted", { problems: [problem] }).catch(() => undefined);
    log(permanent ? "error" : "warn", "catalog_sync.invocation_failed", { runId, page, permanent, ...describeError(error) });
    throw error;
  }
}

interface PageProgress {
  hasMore: boolean;
  zohoBefore: number;
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
  const skippedIds: string[] = [];
  for (const raw of listed.items) {
    const parsed = await parseZohoItem(raw);
    if (parsed.ok) {
      items.push(parsed.product);
      continue;
    }
    if (parsed.itemId) skippedIds.push(parsed.itemId);
    problems.push({ at: new Date().toISOString(), kind: "malformed_item", message: parsed.problem, page, ...pick(parsed, "itemId", "sku") });
  }
  const write = await writeCatalogPage(deps.db, items, run.id);
  for (const { item, reason } of write.conflicts) {
    skippedIds.push(item.zohoItemId);
    problems.push({ at: new Date().toISOString(), kind: "malformed_item", message: reason, page, itemId: item.zohoItemId, sku: item.sku });
  }
  if (deps.onStockChanges && write.stock.length > 0) {
    await deps.onStockChanges(write.stock).catch((error: unknown) => {
      log("warn", "catalog_sync.stock_notices_failed", describeError(error));
      problems.push({ at: new Date().toISOString(), kind: "internal", message: `stock notices: ${errorText(error)}`, page });
    });
  }
  // Zoho still has these items: their rows (if any) keep their last good data and must not be swept.
  await touchSeen(deps.db, skippedIds, run.id);
  const { toEmbed, outOfService } = vectorWork(write.written, deps.embeddingSpace);
  const embedding = await embedProducts(deps, toEmbed, problems);
  await removeVectors(deps, outOfService.map((p) => p.id), problems);
  return {
    hasMore: listed.hasMore,
    zohoBefore,
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
 * finds the product, and the next sync retries the embedding (its marker still differs).
 */
async function embedProducts(deps: SyncDeps, toEmbed: SyncedProduct[], problems: SyncProblem[]): Promise<{ embedded: number; requests: number }> {
  if (toEmbed.length === 0 || !deps.embedder || !deps.index) return { embedded: 0, requests: 0 };
  const before = deps.embedder.requests;
  try {
    if (await deps.index.ensureCollection("products", deps.embedder.dimensions)) {
      // A new, empty collection: whatever was marked embedded is not in it.
      await resetEmbedded(deps.db);
    }
    const vectors = await deps.embedder.embed(toEmbed.map(productEmbeddingText), "passage");
    await deps.index.upsert(
      "products",
      toEmbed.map((p, i) => ({ id: p.id, vector: vectors[i]!, payload: { sku: p.sku, category: p.category } })),
    );
    await markEmbedded(deps.db, toEmbed.map((p) => ({ id: p.id, contentHash: p.contentHash! })), deps.embeddingSpace);
    return { embedded: toEmbed.length, requests: deps.embedder.requests - before };
  } catch (error) {
    problems.push({ at: new Date().toISOString(), kind: "embeddings", message: `${toEmbed.length} products not embedded: ${messageOf(error)}` });
    return { embedded: 0, requests: deps.embedder.requests - before };
  }
}

/** Takes products out of the vector index; their marker is cleared only once the index has let them go. */
async function removeVectors(deps: SyncDeps, ids: string[], problems: SyncProblem[]): Promise<void> {
  if (ids.length === 0 || !deps.index) return;
  try {
    await deps.index.delete("products", ids);
    await clearEmbedded(deps.db, ids);
  } catch (error) {
    problems.push({ at: new Date().toISOString(), kind: "vector_index", message: messageOf(error) });
  }
}

/** Vectors of products out of service that an earlier delete missed (or a live-stock check found gone). */
async function dropStaleVectors(deps: SyncDeps, problems: SyncProblem[]): Promise<void> {
  if (!deps.index) return;
  await removeVectors(deps, await staleVectors(deps.db, 1000), problems);
}

/** At the end of a run: products left unembedded (earlier failures, a new model or store) get their vectors now. */
async function embedBacklog(deps: SyncDeps, lease: Lease, problems: SyncProblem[]): Promise<{ embedded: number; requests: number }> {
  if (!deps.embedder || !deps.index) return { embedded: 0, requests: 0 };
  try {
    // The collection may have been dropped or the store switched: recreated empty, it needs every vector again.
    if (await deps.index.ensureCollection("products", deps.embedder.dimensions)) await resetEmbedded(deps.db);
  } catch (error) {
    problems.push({ at: new Date().toISOString(), kind: "vector_index", message: messageOf(error) });
    return { embedded: 0, requests: 0 };
  }
  let embedded = 0;
  let requests = 0;
  for (let round = 0; round < 50; round++) {
    const backlog = await productsNeedingEmbedding(deps.db, deps.embeddingSpace, 256);
    if (backlog.length === 0) break;
    const result = await embedProducts(deps, backlog, problems);
    embedded += result.embedded;
    requests += result.requests;
    if (result.embedded === 0) break;
    await renewLease(deps.db, lease, LEASE_MS);
  }
  return { embedded, requests };
}

/**
 * Full runs only: products the run did not see are confirmed with Zoho one by one before being
 * marked deleted. Paging by page number can skip an item when another is deleted mid-run, and
 * an item skipped that way must not vanish from the catalog; one Zoho still returns is written
 * back instead. Products never linked to Zoho go at once, and so do demo products (the demo
 * seed's, never seen by a sync): all of them in this run, none asked about one by one.
 */
async function sweepUnseen(deps: SyncDeps, lease: Lease, run: SyncRun, seenInRun: number, counters: PageProgress["counters"]): Promise<number> {
  const demo = await unseenDemoProducts(deps.db, run.id);
  if (demo.length > 0) {
    await markDeleted(deps.db, demo);
    await removeVectors(deps, demo, counters.problems);
    log("info", "catalog_sync.demo_removed", { runId: run.id, products: demo.length });
  }
  // A full sync that saw nothing at all (a wrong organization, an empty answer) must not wipe the catalog.
  if (seenInRun === 0 && (await countActiveProducts(deps.db)) > 0) {
    counters.problems.push({ at: new Date().toISOString(), kind: "zoho", message: "Zoho listed no items at all; products were left as they were" });
    return demo.length;
  }
  const { confirm, overflow } = deletionBatch(await unseenProducts(deps.db, run.id, MAX_DELETIONS_CONFIRMED + 1));
  if (overflow) {
    counters.problems.push({ at: new Date().toISOString(), kind: "zoho", message: `more than ${MAX_DELETIONS_CONFIRMED} products missing from the listing; confirming the first ${MAX_DELETIONS_CONFIRMED}, the rest at the next full sync` });
  }
  const gone: string[] = [];
  for (const candidate of confirm) {
    if (!candidate.zohoItemId) {
      gone.push(candidate.id);
      continue;
    }
    const item = await deps.zoho.getItem(candidate.zohoItemId);
    if (item === null) {
      gone.push(candidate.id);
      continue;
    }
    const parsed = await parseZohoItem(item);
    if (parsed.ok) await writeCatalogPage(deps.db, [parsed.product], run.id);
    else await touchSeen(deps.db, [candidate.zohoItemId], run.id);
    counters.problems.push({ at: new Date().toISOString(), kind: "zoho", message: "an item missing from the listing still exists in Zoho; kept", itemId: candidate.zohoItemId, sku: candidate.sku });
  }
  await renewLease(deps.db, lease, LEASE_MS);
  await markDeleted(deps.db, gone);
  await removeVectors(deps, gone, counters.problems);
  return demo.length + gone.length;
}

/** What a run's record keeps of an error (staff read it): a failed query without its parameters. */
function messageOf(error: unknown): string {
  return errorText(error);
}

function pick<T extends object, K extends keyof T>(value: T, ...keys: K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const key of keys) if (value[key] !== undefined) out[key] = value[key];
  return out;
}
