import { and, desc, eq, gte, inArray, sql } from "drizzle-orm";
import type { CatalogPrice, QualityFlag, ReviewInput, ReviewMessage, ReviewSettings } from "../../core/quality/flags/types";
import type { JudgeUsage } from "../../core/quality/judge";
import type { CriterionScore } from "../../core/quality/rubric";
import type { Database } from "./client";
import { qualityReviews, qualityRubrics } from "./quality-schema";
import { agentTurns, conversations, handoffs, messages, products, quotations, quotationTransitions } from "./schema";

export type ReviewTrigger = (typeof qualityReviews.$inferInsert)["trigger"];
export type ReviewRow = typeof qualityReviews.$inferSelect;

/** The conversation's row as the reviewer needs it (where managers are told, how reviews are filtered). */
export async function conversationForReview(db: Database, conversationId: string) {
  const [row] = await db
    .select({ id: conversations.id, channel: conversations.channel, channelId: conversations.channelId, chatType: conversations.chatType, chatId: conversations.chatId, language: conversations.language })
    .from(conversations)
    .where(eq(conversations.id, conversationId));
  return row ?? null;
}

/** Messages mirrored so far, not counting notices to managers: the version a manual request reviews. */
export async function messagesVersion(db: Database, conversationId: string): Promise<number> {
  const [row] = await db.select({ count: sql<number>`count(*)::int` }).from(messages).where(and(eq(messages.conversationId, conversationId), sql`not (${messages.meta} ? 'to')`));
  return row?.count ?? 0;
}

/**
 * The review of this conversation at this version: created queued by the first caller, found by
 * every later one (a redelivered job, the quiet alarm racing a manual request).
 */
export async function claimReview(db: Database, input: { conversationId: string; messagesVersion: number; trigger: ReviewTrigger; promptVersion: number | null; channel: string; language: string | null }): Promise<{ review: ReviewRow; created: boolean }> {
  const [inserted] = await db.insert(qualityReviews).values(input).onConflictDoNothing().returning();
  if (inserted) return { review: inserted, created: true };
  const [existing] = await db.select().from(qualityReviews).where(and(eq(qualityReviews.conversationId, input.conversationId), eq(qualityReviews.messagesVersion, input.messagesVersion)));
  if (!existing) throw new Error("quality review vanished between insert and select");
  return { review: existing, created: false };
}

export interface ReviewResult {
  status: "done" | "failed";
  judgeStatus: "done" | "skipped" | "failed";
  judgeNote: string | null;
  flags: QualityFlag[];
  scores: CriterionScore[];
  reasoning: string | null;
  overallScore: number | null;
  rubricVersion: number | null;
  model: string | null;
  error: string | null;
  judgeAttempts: number;
  judgeUsage: JudgeUsage | null;
}

export async function finishReview(db: Database, reviewId: string, { judgeUsage, ...result }: ReviewResult): Promise<ReviewRow> {
  const usage = judgeUsage ? { judgePromptTokens: judgeUsage.promptTokens, judgeCompletionTokens: judgeUsage.completionTokens, judgeCostUsd: judgeUsage.costUsd.toFixed(6) } : {};
  const [row] = await db
    .update(qualityReviews)
    .set({ ...result, ...usage, overallScore: result.overallScore === null ? null : result.overallScore.toFixed(2), completedAt: new Date() })
    .where(eq(qualityReviews.id, reviewId))
    .returning();
  return row!;
}

/** How long a consumer's claim on a review holds before another may take it over (it died). */
const CLAIM_MS = 5 * 60_000;

/**
 * Takes a queued review on for this consumer: false while another delivery holds a fresh claim,
 * so the quiet alarm and a manual request for the same version call the judge once.
 */
export async function claimReviewWork(db: Database, reviewId: string): Promise<boolean> {
  const claimed = await db
    .update(qualityReviews)
    .set({ claimedAt: sql`now()` })
    .where(and(eq(qualityReviews.id, reviewId), eq(qualityReviews.status, "queued"), sql`(${qualityReviews.claimedAt} is null or ${qualityReviews.claimedAt} < now() - ${`${CLAIM_MS} milliseconds`}::interval)`))
    .returning({ id: qualityReviews.id });
  return claimed.length > 0;
}

/**
 * A review job the queue gave up on: its review is recorded as failed with `error`, so staff see
 * it rather than a review queued for ever (or no review at all). A finished review is left as is.
 */
export async function giveUpReview(db: Database, input: { conversationId: string; messagesVersion: number; trigger: ReviewTrigger; promptVersion: number | null; channel: string; language: string | null }, error: string): Promise<void> {
  const failed = { status: "failed" as const, judgeStatus: "failed" as const, error, completedAt: new Date() };
  await db
    .insert(qualityReviews)
    .values({ ...input, ...failed })
    .onConflictDoUpdate({ target: [qualityReviews.conversationId, qualityReviews.messagesVersion], set: failed, setWhere: eq(qualityReviews.status, "queued") });
}

export async function markAlerted(db: Database, reviewId: string): Promise<void> {
  await db.update(qualityReviews).set({ alertedAt: new Date() }).where(eq(qualityReviews.id, reviewId));
}

/** Judge calls made today (UTC): what the daily budget is counted against. */
export async function judgeCallsToday(db: Database, now: Date): Promise<number> {
  const dayStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const [row] = await db.select({ calls: sql<number>`coalesce(sum(${qualityReviews.judgeAttempts}), 0)::int` }).from(qualityReviews).where(gte(qualityReviews.completedAt, dayStart));
  return row?.calls ?? 0;
}

/** The rubric in force: the highest version, or null before an admin wrote one. */
export async function currentRubric(db: Database): Promise<{ version: number; content: string; note: string | null; createdBy: string; createdAt: Date } | null> {
  const [row] = await db.select().from(qualityRubrics).orderBy(desc(qualityRubrics.version)).limit(1);
  return row ?? null;
}

export async function listRubrics(db: Database) {
  return db.select().from(qualityRubrics).orderBy(desc(qualityRubrics.version));
}

/** The next rubric version; serialised so two admins saving at once get two versions. */
export async function createRubric(tx: Database, input: { content: string; note: string | null; createdBy: string }) {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('quality_rubrics'))`);
  const latest = await currentRubric(tx);
  const [row] = await tx.insert(qualityRubrics).values({ ...input, version: (latest?.version ?? 0) + 1 }).returning();
  return row!;
}

/** Everything the code checks and the judge read about one conversation, but the catalog prices (`catalogPrices`). */
export async function loadReviewInput(db: Database, conversationId: string, settings: ReviewSettings): Promise<Omit<ReviewInput, "catalog">> {
  const messageRows = await db
    .select({ id: messages.id, clientMessageId: messages.clientMessageId, direction: messages.direction, author: messages.author, text: messages.text, sentAt: messages.sentAt, meta: messages.meta })
    .from(messages)
    .where(eq(messages.conversationId, conversationId))
    .orderBy(messages.sentAt, messages.createdAt);
  const reviewMessages: ReviewMessage[] = messageRows
    .filter((m) => !("to" in (m.meta ?? {})))
    .map((m) => ({ id: m.id, clientMessageId: m.clientMessageId, direction: m.direction, author: m.author, text: m.text, sentAt: m.sentAt.getTime() }));
  const turnRows = await db.select().from(agentTurns).where(eq(agentTurns.conversationId, conversationId)).orderBy(agentTurns.createdAt);
  const handoffRows = await db.select().from(handoffs).where(eq(handoffs.conversationId, conversationId));
  const quotationRows = await db.select().from(quotations).where(eq(quotations.conversationId, conversationId));
  const confirmations = quotationRows.length
    ? await db.select().from(quotationTransitions).where(and(inArray(quotationTransitions.quotationId, quotationRows.map((q) => q.id)), eq(quotationTransitions.toState, "confirmed")))
    : [];
  return {
    messages: reviewMessages,
    turns: turnRows.map((t) => ({
      replyId: t.replyCrmMessageId,
      mode: t.mode,
      fallbackReason: t.fallbackReason,
      toolCalls: (t.toolCalls as { name?: unknown; ok?: unknown; args?: Record<string, unknown> }[]).map((c) => ({ name: String(c.name ?? ""), ok: c.ok === true, ...(c.args ? { args: c.args } : {}) })),
      createdAt: t.createdAt.getTime(),
    })),
    handoffs: handoffRows.map((h) => ({ reason: h.reason, createdAt: h.createdAt.getTime(), resolvedAt: h.resolvedAt?.getTime() ?? null })),
    quotations: quotationRows.map((q) => ({
      id: q.id,
      number: q.number,
      state: q.state,
      shownAt: q.shownAt?.getTime() ?? null,
      confirmedAt: q.confirmedAt?.getTime() ?? null,
      confirmedBy: confirmations.find((t) => t.quotationId === q.id)?.actor ?? null,
    })),
    settings,
  };
}

/** Catalog prices of these SKUs (matched without regard to case), as known since the item's last change in Zoho. */
export async function catalogPrices(db: Database, skus: readonly string[]): Promise<CatalogPrice[]> {
  const codes = new Set(skus.map((sku) => sku.toUpperCase()));
  if (codes.size === 0) return [];
  const rows = await db
    // Zoho's own modification time (a sync rewrites every row; the item's price changes only with it).
    .select({ sku: products.sku, name: products.nameEn, priceAed: products.priceAed, knownSince: sql<Date>`coalesce(${products.zohoModifiedAt}, ${products.createdAt})`.mapWith(products.createdAt) })
    .from(products)
    .where(inArray(sql`upper(${products.sku})`, [...codes].slice(0, 500)));
  return rows.map((p) => ({ sku: p.sku, name: p.name, priceAed: Number(p.priceAed), knownSince: p.knownSince.getTime() }));
}
