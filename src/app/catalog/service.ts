import { withDatabase, type Database } from "../../adapters/db/client";
import { loadAgentSettingOverrides } from "../../adapters/db/settings-repo";
import { embeddingSpace, openEmbedder, openVectorIndex } from "../../adapters/vector/select";
import { zohoConfigured, zohoInventory } from "../../adapters/zoho/gateway";
import { indexPendingKnowledge } from "../knowledge/service";
import { log } from "../../lib/log";
import type { Config } from "../../core/config";
import { defaultSettings, effectiveSettings, type AgentSettings } from "../../core/domain/settings";
import { catalogSyncDue, requestCatalogSync, type CatalogSyncJob, type SyncRequestResult } from "./sync-requests";
import { runSyncInvocation, type InvocationOutcome } from "./sync";
import { enqueueStockNotices, stockNoticeJobs } from "../outreach/stock-notices";
import type { SyncMode, SyncTrigger } from "../../adapters/db/sync-runs-repo";

/** Wires the catalog sync to this deployment's Zoho, embeddings, vector index and queue. */
export async function loadSettings(db: Database, config: Config): Promise<AgentSettings> {
  return effectiveSettings(defaultSettings(config), await loadAgentSettingOverrides(db));
}

export function enqueueOn(env: Env): (job: CatalogSyncJob) => Promise<void> {
  return async (job) => {
    await env.ZOHO_SYNC_QUEUE.send(job);
  };
}

export async function startCatalogSync(env: Env, config: Config, input: { trigger: SyncTrigger; mode?: SyncMode | undefined }): Promise<SyncRequestResult> {
  return withDatabase(config, async (db) => requestCatalogSync(db, enqueueOn(env), { ...input, settings: await loadSettings(db, config) }));
}

/** One queue invocation of a run; a continuation is enqueued when pages remain. */
export async function syncCatalogRun(env: Env, config: Config, runId: string): Promise<InvocationOutcome> {
  const zoho = zohoInventory(env, config);
  const result = await withDatabase(config, (db) =>
    runSyncInvocation(
      {
        db,
        zoho,
        embedder: openEmbedder(config),
        index: openVectorIndex(config, db),
        embeddingSpace: embeddingSpace(config),
        pagesPerInvocation: config.CATALOG_SYNC_PAGES_PER_INVOCATION,
        onStockChanges: async (changes) => enqueueStockNotices(env.ZOHO_SYNC_QUEUE, await stockNoticeJobs(db, changes)),
      },
      runId,
    ),
  );
  if (result.outcome === "continue") await enqueueOn(env)({ kind: "catalog-sync", runId });
  return result;
}

/**
 * The cron tick: starts a sync when the interval setting says one is due (or resumes a stalled
 * one). Without Zoho credentials it does nothing but say so.
 */
export async function catalogCronTick(env: Env, config: Config): Promise<SyncRequestResult | null> {
  return withDatabase(config, async (db) => {
    // Knowledge saved while embeddings were down gets its vectors on a later tick.
    await indexPendingKnowledge({ db, embedder: openEmbedder(config), index: openVectorIndex(config, db) }).catch(() => 0);
    if (!zohoConfigured(config)) {
      log("info", "catalog_sync.cron_skipped", { reason: "Zoho not configured" });
      return null;
    }
    const settings = await loadSettings(db, config);
    if (!(await catalogSyncDue(db, settings))) return null;
    return requestCatalogSync(db, enqueueOn(env), { trigger: "cron", settings });
  });
}
