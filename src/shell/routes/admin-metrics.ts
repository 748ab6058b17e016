import { computeMetrics } from "../../adapters/db/metrics-repo";
import type { App } from "../http-types";
import { adminContract } from "../../core/staff/contract/admin";
import { staffRoute } from "../staff-route";

/** `GET /api/v1/admin/metrics?from&to&bucket=day|hour`: conversations, messages, response times, funnel, revenue, LLM use. */
export function registerMetrics(app: App): void {
  staffRoute(app, adminContract.metrics, async ({ ctx, query }) => computeMetrics(ctx.db, { from: new Date(query.from), to: new Date(query.to), bucket: query.bucket }));
}
