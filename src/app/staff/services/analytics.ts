import { startAnalyticsRun } from "../../analytics/service";
import type { Services } from "../../services";
import { recordAudit } from "../audit";
import { requirePermission, type ServiceContext } from "../context";

/**
 * A manager starts an analytics run (history sync, segments, training, scoring). The run's queue
 * message must leave only after the run row commits, so the audit row follows the change as for
 * a catalog sync.
 */
export async function requestAnalytics(ctx: ServiceContext, services: Services) {
  requirePermission(ctx.actor, "analytics.run");
  const result = await startAnalyticsRun(services, "api");
  await recordAudit(ctx, { action: "analytics.run_start", targetType: "analytics_run", targetId: result.run.id, after: { mode: result.run.mode, created: result.created } });
  return result;
}
