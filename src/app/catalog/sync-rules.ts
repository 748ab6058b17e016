import { embeddingMarker, type SyncedProduct } from "../../adapters/db/catalog-repo";
import type { SyncMode, SyncRun } from "../../adapters/db/sync-runs-repo";
import { ZohoError } from "../../adapters/zoho/errors";

/**
 * Catalog sync's decisions, free of I/O so they are unit- and mutation-tested in plain Node:
 * when a sync is due and in which mode, when an open run has stalled, when an invocation hands
 * on or gives up, which products need a vector made or removed, and how many deletions a run
 * confirms.
 */

/** Incremental runs fetch from the previous run's start minus this, covering clock skew between us and Zoho. */
export const WATERMARK_OVERLAP_MS = 10 * 60_000;
/** A queued run nobody picked up for this long (its message was lost) is enqueued again. */
export const STALE_QUEUED_MS = 2 * 60_000;
/** Invocations a run may take (retries included) before it is given up as failed. */
export const MAX_RUN_ATTEMPTS = 12;
/** Deletions a full run confirms with Zoho item by item; more wait for the next full run. */
export const MAX_DELETIONS_CONFIRMED = 50;

type OpenRun = Pick<SyncRun, "status" | "leaseUntil" | "releasedAt" | "requestedAt">;

/** An open run waits for nobody: interrupted by an error, its worker's lease ran out, or its queue message was lost. */
export function runStalled(open: OpenRun, now: number): boolean {
  return (
    open.status === "interrupted" ||
    (open.status === "running" && open.leaseUntil !== null && open.leaseUntil.getTime() < now) ||
    (open.status === "queued" && (open.releasedAt ?? open.requestedAt).getTime() < now - STALE_QUEUED_MS)
  );
}

/** Full when no full sync ever succeeded or the last is older than `fullSyncHours`; otherwise incremental. */
export function modeByAge(lastFullStartedAt: Date | null | undefined, fullSyncHours: number, now: number): SyncMode {
  if (!lastFullStartedAt) return "full";
  return now - lastFullStartedAt.getTime() > fullSyncHours * 3_600_000 ? "full" : "incremental";
}

/**
 * The run to create: an incremental run reads what changed since the previous successful run
 * started (less the overlap); with no such run to start from, it is a full run.
 */
export function plannedRun(mode: SyncMode, previousStartedAt: Date | null | undefined): { mode: SyncMode; modifiedSince: Date | null } {
  const modifiedSince = previousStartedAt ? new Date(previousStartedAt.getTime() - WATERMARK_OVERLAP_MS) : null;
  return { mode: modifiedSince ? mode : "full", modifiedSince };
}

/** The cron fires every few minutes; a sync starts when `intervalMinutes` passed (30 s early is fine), or to let an open run resume. */
export function catalogSyncDueAt(last: Pick<SyncRun, "status" | "requestedAt"> | null, intervalMinutes: number, now: number): boolean {
  if (!last) return true;
  if (last.status === "queued" || last.status === "running" || last.status === "interrupted") return true;
  return now - last.requestedAt.getTime() >= intervalMinutes * 60_000 - 30_000;
}

/** A run that has used up its invocations is failed instead of tried again. */
export function runGivenUp(attempts: number): boolean {
  return attempts > MAX_RUN_ATTEMPTS;
}

/** An invocation hands the run on after its page allowance or its wall-time budget. */
export function shouldHandOn(pagesDone: number, pagesPerInvocation: number, elapsedMs: number, budgetMs: number): boolean {
  return pagesDone >= pagesPerInvocation || elapsedMs > budgetMs;
}

/** Only Zoho saying no for good fails a run; anything else leaves it interrupted at its checkpoint. */
export function invocationFailure(error: unknown): { permanent: boolean; kind: "zoho" | "internal" } {
  const isZoho = error instanceof ZohoError;
  return { permanent: isZoho && !error.retryable, kind: isZoho ? "zoho" : "internal" };
}

/**
 * After a page is written: active products whose vector was made from other content or in
 * another embedding space get a new one; products out of service that still have one lose it.
 */
export function vectorWork(written: SyncedProduct[], embeddingSpace: string): { toEmbed: SyncedProduct[]; outOfService: SyncedProduct[] } {
  return {
    toEmbed: written.filter((p) => p.status === "active" && p.embeddedHash !== embeddingMarker(p.contentHash ?? "", embeddingSpace)),
    outOfService: written.filter((p) => p.status !== "active" && p.embeddedHash !== null),
  };
}

/** The products missing from a full run's listing that it confirms now (the rest wait), and whether some were left. */
export function deletionBatch<T>(candidates: T[]): { confirm: T[]; overflow: boolean } {
  return { confirm: candidates.slice(0, MAX_DELETIONS_CONFIRMED), overflow: candidates.length > MAX_DELETIONS_CONFIRMED };
}

/** Search's vocabulary is rebuilt only when the run changed or removed products. */
export function vocabularyStale(finished: { itemsChanged: number; itemsRemoved: number }): boolean {
  return finished.itemsChanged > 0 || finished.itemsRemoved > 0;
}
