import { findReview, findReviewAt, reviewView, saveVerdict, verdictBy } from "../../../adapters/db/quality-read-repo";
import { conversationForReview, createRubric, currentRubric, messagesVersion } from "../../../adapters/db/quality-repo";
import type { QualityJob } from "../../quality/review";
import { recordAudit } from "../audit";
import { actorLabel, inTransaction, requirePermission, type ServiceContext } from "../context";
import { notFound } from "../../../core/staff/errors";

/**
 * Staff actions on quality reviews, each with its audit row: asking for a review now, giving a
 * verdict on one, and writing a new rubric version.
 */
export async function requestReview(ctx: ServiceContext, conversationId: string, send: (job: QualityJob) => Promise<void>) {
  requirePermission(ctx.actor, "quality.review");
  const conversation = await conversationForReview(ctx.db, conversationId);
  if (!conversation) throw notFound(`No conversation ${conversationId}`);
  const version = await messagesVersion(ctx.db, conversationId);
  const existing = await findReviewAt(ctx.db, conversationId, version);
  if (!existing) await send({ conversationId, version, trigger: "manual", promptVersion: null });
  await recordAudit(ctx, { action: "quality.review_requested", targetType: "conversation", targetId: conversationId, after: { version, queued: !existing } });
  return { conversationId, version, queued: !existing, review: existing ? reviewView(existing) : null };
}

export async function giveVerdict(ctx: ServiceContext, reviewId: string, input: { verdict: "agree" | "disagree"; note: string | null }) {
  requirePermission(ctx.actor, "quality.review");
  return inTransaction(ctx.db, async (tx) => {
    if (!(await findReview(tx, reviewId))) throw notFound(`No quality review ${reviewId}`);
    const label = actorLabel(ctx.actor);
    const before = await verdictBy(tx, reviewId, label);
    const verdict = await saveVerdict(tx, { reviewId, ...input, actorLabel: label });
    await recordAudit({ ...ctx, db: tx }, { action: "quality.verdict", targetType: "quality_review", targetId: reviewId, before: before ? { verdict: before.verdict, note: before.note } : null, after: input });
    return verdict;
  });
}

export async function saveRubric(ctx: ServiceContext, input: { content: string; note: string | null }) {
  requirePermission(ctx.actor, "quality.rubric");
  return inTransaction(ctx.db, async (tx) => {
    const before = await currentRubric(tx);
    const rubric = await createRubric(tx, { ...input, createdBy: actorLabel(ctx.actor) });
    await recordAudit({ ...ctx, db: tx }, { action: "quality.rubric_update", targetType: "quality_rubric", targetId: String(rubric.version), before: before ? { version: before.version } : { version: 0 }, after: { version: rubric.version, note: rubric.note, content: rubric.content } });
    return rubric;
  });
}
