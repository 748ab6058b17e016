import type { Database } from "../../adapters/db/client";
import { loadAgentSettingOverrides } from "../../adapters/db/settings-repo";
import { embeddingSpace, openEmbedder, openVectorIndex } from "../../adapters/vector/select";
import { zohoConfigured } from "../../adapters/zoho/gateway";
import type { Services } from "../services";
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

export function enqueueOn(services: Pick<Services, "queues">): (job: CatalogSyncJob) => Promise<void> {
  return async (job) => {
    await services.queues.zohoSync.send(job);
  };
}

export async function startCatalogSync(services: Services, input: { trigger: SyncTrigger; mode?: SyncMode | undefined }): Promise<SyncRequestResult> {
  return services.database(async (db) => requestCatalogSync(db, enqueueOn(services), { ...input, settings: await loadSettings(db, services.config) }));
}

/** One queue invocation of a run; a continuation is enqueued when pages remain. */
export async function syncCatalogRun(services: Services, runId: string): Promise<InvocationOutcome> {
  const { config } = services;
  const zoho = services.zohoInventory();
  const result = await services.database((db) =>
    runSyncInvocation(
      {
        db,
        zoho,
        embedder: openEmbedder(config),
        index: openVectorIndex(config, db),
        embeddingSpace: embeddingSpace(config),
        pagesPerInvocation: config.CATALOG_SYNC_PAGES_PER_INVOCATION,
        onStockChanges: async (changes) => enqueueStockNotices(services.queues.zohoSync, await stockNoticeJobs(db, changes)),
      },
      runId,
    ),
  );
  if (result.outcome === "continue") await enqueueOn(services)({ kind: "catalog-sync", runId });
  return result;
}

/**
 * The cron tick: starts a sync when the interval setting says one is due (or resumes a stalled
 * one). Without Zoho credentials it does nothing but say so.
 */
export async function catalogCronTick(services: Services): Promise<SyncRequestResult | null> {
  const { config } = services;
  return services.database(async (db) => {
    // Knowledge saved while embeddings were down gets its vectors on a later tick.
    await indexPendingKnowledge({ db, embedder: openEmbedder(config), index: openVectorIndex(config, db) }).catch(() => 0);
    if (!zohoConfigured(config)) {
      log("info", "catalog_sync.cron_skipped", { reason: "Zoho not configured" });
      return null;
    }
    const settings = await loadSettings(db, config);
    if (!(await catalogSyncDue(db, settings))) return null;
    return requestCatalogSync(db, enqueueOn(services), { trigger: "cron", settings });
  });
}
