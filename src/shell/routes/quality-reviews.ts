import { evidenceOf, findReview, listReviews, reviewView, verdictsOf } from "../../adapters/db/quality-read-repo";
import { qualityReport } from "../../adapters/db/quality-report-repo";
import { currentRubric, listRubrics } from "../../adapters/db/quality-repo";
import type { App } from "../http-types";
import { DEFAULT_RUBRIC } from "../../core/quality/rubric";
import { qualityContract } from "../../core/staff/contract/quality-reviews";
import { notFound } from "../../core/staff/errors";
import { staffRoute } from "../staff-route";
import { giveVerdict, requestReview, saveRubric } from "../../app/staff/services/quality-reviews";

const BUILT_IN_RUBRIC = { version: 0, content: DEFAULT_RUBRIC, note: "built-in default", createdBy: "system", createdAt: null };

/**
 * `/api/v1/quality/*`: reviews (list with filters, one with its evidence, ask for one now, a
 * manager's verdict), reports, and the judge's rubric.
 */
export function registerQuality(app: App): void {
  staffRoute(app, qualityContract.listQualityReviews, async ({ ctx, query }) => ({ reviews: await listReviews(ctx.db, query) }));

  staffRoute(app, qualityContract.getQualityReview, async ({ ctx, params }) => {
    const review = await findReview(ctx.db, params.id);
    if (!review) throw notFound(`No quality review ${params.id}`);
    return { review: reviewView(review), evidence: await evidenceOf(ctx.db, review), verdicts: await verdictsOf(ctx.db, review.id) };
  });

  staffRoute(app, qualityContract.requestQualityReview, async ({ c, ctx, body }) =>
    requestReview(ctx, body.conversationId, async (job) => {
      await c.env.QUALITY_QUEUE.send(job);
    }),
  );

  staffRoute(app, qualityContract.qualityVerdict, async ({ ctx, params, body }) => ({ verdict: await giveVerdict(ctx, params.id, { verdict: body.verdict, note: body.note ?? null }) }));

  staffRoute(app, qualityContract.qualityReports, async ({ ctx, query }) => qualityReport(ctx.db, new Date(query.from), new Date(query.to)));

  staffRoute(app, qualityContract.getQualityRubric, async ({ ctx }) => {
    const versions = (await listRubrics(ctx.db)).map(rubricView);
    const current = await currentRubric(ctx.db);
    return { current: current ? rubricView(current) : BUILT_IN_RUBRIC, versions };
  });

  staffRoute(app, qualityContract.putQualityRubric, async ({ ctx, body }) => ({ rubric: rubricView(await saveRubric(ctx, { content: body.content, note: body.note ?? null })) }));
}

function rubricView(row: { version: number; content: string; note: string | null; createdBy: string; createdAt: Date }) {
  return { ...row, createdAt: row.createdAt.toISOString() };
}
