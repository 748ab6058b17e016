import type { Database } from "../adapters/db/client";
import { createRun, latestRun, latestSucceeded, openRun, type SyncMode, type SyncRun, type SyncTrigger } from "../adapters/db/sync-runs-repo";
import type { AgentSettings } from "../domain/settings";

/** What goes on the zoho-sync queue for a catalog sync: which run to work on. */
export interface CatalogSyncJob {
  kind: "catalog-sync";
  runId: string;
}

/** Incremental runs fetch from the previous run's start minus this, covering clock skew between us and Zoho. */
const WATERMARK_OVERLAP_MS = 10 * 60_000;
/** A queued run nobody picked up for this long (its message was lost) is enqueued again. */
const STALE_QUEUED_MS = 2 * 60_000;

export interface SyncRequestResult {
  run: SyncRun;
  /** False when a run was already open: the request joined it instead of starting another. */
  created: boolean;
  /** True when the open run was waiting (interrupted, or its worker died) and was sent on again. */
  resumed: boolean;
}

/**
 * Starts a catalog sync, or joins the one already open: two requests never give two runs. An
 * open run that stalled (interrupted by an error, or its worker gone) is re-enqueued so it
 * continues from its checkpoint. The mode is full when asked, when no full sync succeeded within
 * `catalogFullSyncHours`, or when nothing ever synced; otherwise incremental from the last run.
 */
export async function requestCatalogSync(
  db: Database,
  enqueue: (job: CatalogSyncJob) => Promise<void>,
  input: { trigger: SyncTrigger; mode?: SyncMode | undefined; settings: AgentSettings },
): Promise<SyncRequestResult> {
  const open = await openRun(db);
  if (open) {
    const stalled =
      open.status === "interrupted" ||
      (open.status === "running" && open.leaseUntil !== null && open.leaseUntil.getTime() < Date.now()) ||
      (open.status === "queued" && (open.releasedAt ?? open.requestedAt).getTime() < Date.now() - STALE_QUEUED_MS);
    if (stalled) await enqueue({ kind: "catalog-sync", runId: open.id });
    return { run: open, created: false, resumed: stalled };
  }
  const mode = input.mode ?? (await chooseMode(db, input.settings));
  const previous = mode === "incremental" ? await latestSucceeded(db) : null;
  const modifiedSince = previous?.startedAt ? new Date(previous.startedAt.getTime() - WATERMARK_OVERLAP_MS) : null;
  const { run, created } = await createRun(db, { trigger: input.trigger, mode: modifiedSince ? mode : "full", modifiedSince });
  if (created) await enqueue({ kind: "catalog-sync", runId: run.id });
  return { run, created, resumed: false };
}

async function chooseMode(db: Database, settings: AgentSettings): Promise<SyncMode> {
  const lastFull = await latestSucceeded(db, "full");
  if (!lastFull?.startedAt) return "full";
  return Date.now() - lastFull.startedAt.getTime() > settings.catalogFullSyncHours * 3_600_000 ? "full" : "incremental";
}

/** The cron fires every few minutes; a sync starts only when `catalogSyncIntervalMinutes` has passed. */
export async function catalogSyncDue(db: Database, settings: AgentSettings): Promise<boolean> {
  const last = await latestRun(db);
  if (!last) return true;
  if (last.status === "queued" || last.status === "running" || last.status === "interrupted") return true; // lets a stalled run resume
  return Date.now() - last.requestedAt.getTime() >= settings.catalogSyncIntervalMinutes * 60_000 - 30_000;
}
