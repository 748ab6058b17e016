import { latestModel, segmentSummary } from "../../adapters/db/analytics-repo";
import { latestAnalyticsRun } from "../../adapters/db/analytics-runs-repo";
import { zohoConfigured } from "../../adapters/zoho/gateway";
import type { App } from "../http-types";
import { SEGMENTS, type Segment } from "../../core/analytics/segments";
import { ApiError } from "../../core/errors";
import { analyticsContract as contract } from "../../core/staff/contract/analytics";
import { staffRoute } from "../staff-route";
import { requestAnalytics } from "../../app/staff/services/analytics";
import { servicesFor } from "../composition";

/** `POST /api/v1/analytics/run`, `GET /api/v1/analytics/model` and `/analytics/segments` (issue 23). */
export function registerAnalytics(app: App): void {
  staffRoute(app, contract.startAnalyticsRun, async ({ c, ctx, config }) => {
    if (!zohoConfigured(config)) throw new ApiError(503, "NOT_CONFIGURED", "Zoho is not configured: set ZOHO_CLIENT_ID, ZOHO_CLIENT_SECRET, ZOHO_REFRESH_TOKEN and ZOHO_ORGANIZATION_ID");
    const result = await requestAnalytics(ctx, servicesFor(c.env));
    return c.json({ run: result.run, created: result.created }, result.created ? 202 : 200);
  });

  staffRoute(app, contract.getAnalyticsModel, async ({ ctx }) => {
    const model = await latestModel(ctx.db);
    const lastRun = await latestAnalyticsRun(ctx.db);
    if (!model) return { status: "none" as const, trainedAt: null, features: [], evaluation: null, reason: "no analytics run has finished yet", lastRun };
    return {
      status: model.status,
      trainedAt: model.trainedAt.toISOString(),
      features: model.features,
      evaluation: (model.evaluation as Record<string, unknown> | null) as never,
      reason: model.reason,
      lastRun,
    };
  });

  staffRoute(app, contract.getAnalyticsSegments, async ({ ctx }) => {
    const found = new Map((await segmentSummary(ctx.db)).map((s) => [s.segment, s]));
    // Every segment, in the order managers read them, even when empty.
    return { segments: SEGMENTS.map((segment: Segment) => ({ segment, customers: found.get(segment)?.customers ?? 0, revenueAed: found.get(segment)?.revenueAed ?? 0 })) };
  });
}
