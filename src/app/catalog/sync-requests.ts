import type { Database } from "../../adapters/db/client";
import { createRun, latestRun, latestSucceeded, openRun, type SyncMode, type SyncRun, type SyncTrigger } from "../../adapters/db/sync-runs-repo";
import type { AgentSettings } from "../../core/domain/settings";
import { catalogSyncDueAt, modeByAge, plannedRun, runStalled } from "./sync-rules";

/** What goes on the zoho-sync queue for a catalog sync: which run to work on. */
export interface CatalogSyncJob {
  kind: "catalog-sync";
  runId: string;
}

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
    const stalled = runStalled(open, Date.now());
    if (stalled) await enqueue({ kind: "catalog-sync", runId: open.id });
    return { run: open, created: false, resumed: stalled };
  }
  const mode = input.mode ?? (await chooseMode(db, input.settings));
  const previous = mode === "incremental" ? await latestSucceeded(db) : null;
  const { run, created } = await createRun(db, { trigger: input.trigger, ...plannedRun(mode, previous?.startedAt) });
  if (created) await enqueue({ kind: "catalog-sync", runId: run.id });
  return { run, created, resumed: false };
}

async function chooseMode(db: Database, settings: AgentSettings): Promise<SyncMode> {
  const lastFull = await latestSucceeded(db, "full");
  return modeByAge(lastFull?.startedAt, settings.catalogFullSyncHours, Date.now());
}

/** The cron fires every few minutes; a sync starts only when `catalogSyncIntervalMinutes` has passed. */
export async function catalogSyncDue(db: Database, settings: AgentSettings): Promise<boolean> {
  return catalogSyncDueAt(await latestRun(db), settings.catalogSyncIntervalMinutes, Date.now());
}
