import { latestModel, loadContactCreatedDays, loadCustomerHistories, saveCustomerAnalytics, saveModel } from "../../adapters/db/analytics-repo";
import { createAnalyticsRun, latestAnalyticsRun, latestSucceededAnalyticsRun, openAnalyticsRun, type AnalyticsRun, type AnalyticsTrigger } from "../../adapters/db/analytics-runs-repo";
import type { Database } from "../../adapters/db/client";
import { zohoConfigured } from "../../adapters/zoho/gateway";
import type { Services } from "../services";
import { zohoHistorySource } from "../../adapters/zoho/history";
import { loadSettings } from "../catalog/service";
import type { Config } from "../../core/config";
import { log } from "../../lib/log";
import { runAnalyticsInvocation, type AnalyticsOutcome } from "./history-sync";
import { analyticsRunStalled, nightlyRunDue, watermark } from "../../core/analytics/schedule";
import { analyseCustomers } from "./scoring";
import { dayNumber, thresholdsFromSettings } from "../../core/analytics/segments";

/** What goes on the zoho-sync queue for an analytics run. */
export interface AnalyticsRunJob {
  kind: "analytics-run";
  runId: string;
}

export interface AnalyticsRunRequest {
  run: AnalyticsRun;
  /** False when a run was already open: the request joined it. */
  created: boolean;
}

/** Starts a run (incremental after the first success), or joins the open one; a stalled open run is sent on again. */
export async function requestAnalyticsRun(db: Database, enqueue: (job: AnalyticsRunJob) => Promise<void>, trigger: AnalyticsTrigger): Promise<AnalyticsRunRequest> {
  const open = await openAnalyticsRun(db);
  if (open) {
    if (analyticsRunStalled(open, Date.now())) await enqueue({ kind: "analytics-run", runId: open.id });
    return { run: open, created: false };
  }
  const previous = await latestSucceededAnalyticsRun(db);
  const { run, created } = await createAnalyticsRun(db, { trigger, modifiedSince: watermark(previous?.startedAt) });
  if (created) await enqueue({ kind: "analytics-run", runId: run.id });
  return { run, created };
}

function enqueueOn(services: Pick<Services, "queues">): (job: AnalyticsRunJob) => Promise<void> {
  return async (job) => {
    await services.queues.zohoSync.send(job);
  };
}

export async function startAnalyticsRun(services: Services, trigger: AnalyticsTrigger): Promise<AnalyticsRunRequest> {
  return services.database((db) => requestAnalyticsRun(db, enqueueOn(services), trigger));
}

/**
 * Segments, training and scoring over everything synced, in one step: measured at about a
 * second of CPU for 10,000 customers (docs/analytics.md), well inside a queue invocation.
 */
export async function scoreEveryone(db: Database, config: Config, runId: string, now = Date.now()) {
  const settings = await loadSettings(db, config);
  const histories = await loadCustomerHistories(db);
  const createdDays = await loadContactCreatedDays(db);
  const started = Date.now();
  const { rows, result, problems } = analyseCustomers(histories, dayNumber(new Date(now).toISOString()), thresholdsFromSettings(settings), createdDays);
  const trainingMs = Date.now() - started;
  await saveModel(
    db,
    result.status === "trained"
      ? { runId, status: "trained", features: result.features, weights: { model: result.model, baseline: result.baseline }, evaluation: { ...result.evaluation, trainingMs } }
      : { runId, status: "insufficient", reason: result.reason, features: result.features },
  );
  await saveCustomerAnalytics(db, rows);
  log("info", "analytics.scored", { runId, customers: rows.length, model: result.status, trainingMs });
  return { scored: rows.length, problems };
}

/** One queue invocation of a run; a continuation is enqueued when pages remain. */
export async function analyticsRunInvocation(services: Services, runId: string): Promise<AnalyticsOutcome> {
  const { config } = services;
  const zoho = zohoHistorySource(services.zohoInventory());
  const result = await services.database((db) =>
    runAnalyticsInvocation({ db, zoho, score: (database, id) => scoreEveryone(database, config, id), pagesPerInvocation: config.CATALOG_SYNC_PAGES_PER_INVOCATION }, runId),
  );
  if (result.outcome === "continue") await enqueueOn(services)({ kind: "analytics-run", runId });
  return result;
}

/** The cron tick's small addition: the nightly run when it is due (and Zoho is configured). */
export async function analyticsCronTick(services: Services, now = new Date()): Promise<void> {
  if (!zohoConfigured(services.config)) return;
  await services.database(async (db) => {
    const last = await latestAnalyticsRun(db);
    if (nightlyRunDue(last?.requestedAt ?? null, now)) await requestAnalyticsRun(db, enqueueOn(services), "cron");
  });
}

export { latestModel };
