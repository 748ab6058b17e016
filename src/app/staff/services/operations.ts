import { startCatalogSync } from "../../catalog/service";
import type { Services } from "../../services";
import { replayZohoJob } from "../../jobs/zoho-jobs";
import { recordAudit } from "../audit";
import { requirePermission, type ServiceContext } from "../context";
import { conflict, notFound } from "../../../core/staff/errors";

/**
 * Operations managers start: a catalog sync and the replay of a dead Zoho job. Each runs its own
 * transaction (the sync's lease, the job's revival with its quotation) and sends a queue message
 * that must not leave before that commits, so the audit row follows the change instead of sharing it.
 */
export async function startSync(ctx: ServiceContext, services: Services, mode: "full" | "incremental" | undefined) {
  requirePermission(ctx.actor, "catalog.sync");
  const result = await startCatalogSync(services, { trigger: "api", mode });
  await recordAudit(ctx, { action: "catalog.sync_start", targetType: "sync_run", targetId: result.run.id, after: { mode: result.run.mode, created: result.created, resumed: result.resumed } });
  return result;
}

export async function replayJob(ctx: ServiceContext, services: Services, jobId: string) {
  requirePermission(ctx.actor, "jobs.replay");
  const result = await replayZohoJob(services, ctx.db, jobId);
  if (!result.ok && result.reason === "not_found") throw notFound(`No Zoho job ${jobId}`);
  if (!result.ok) throw conflict(`Job ${jobId} is ${result.job?.status}; only dead jobs can be replayed`);
  await recordAudit(ctx, { action: "job.replay", targetType: "zoho_job", targetId: jobId, before: { status: "dead" }, after: { status: result.job.status, replays: result.job.replays } });
  return result.job;
}
