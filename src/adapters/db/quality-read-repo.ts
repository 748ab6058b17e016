import { and, desc, eq, gte, inArray, lte, sql, type SQL } from "drizzle-orm";
import type { ReviewFilter } from "../../core/staff/contract/quality-reviews";
import type { Database } from "./client";
import { qualityReviews, qualityVerdicts } from "./quality-schema";
import { messages } from "./schema";

type ReviewRow = typeof qualityReviews.$inferSelect;

/** A review as staff read it: the score a number, times ISO strings, the bookkeeping columns left out. */
export function reviewView(row: ReviewRow) {
  const { alertedAt: _alerted, judgeAttempts: _attempts, claimedAt: _claimed, ...rest } = row;
  return { ...rest, overallScore: row.overallScore === null ? null : Number(row.overallScore), judgeCostUsd: Number(row.judgeCostUsd), createdAt: row.createdAt.toISOString(), completedAt: row.completedAt?.toISOString() ?? null };
}

export async function listReviews(db: Database, filter: ReviewFilter) {
  const where: SQL[] = [];
  if (filter.minScore !== undefined) where.push(gte(qualityReviews.overallScore, filter.minScore.toFixed(2)));
  if (filter.maxScore !== undefined) where.push(lte(qualityReviews.overallScore, filter.maxScore.toFixed(2)));
  if (filter.flag) where.push(sql`${qualityReviews.flags} @> ${JSON.stringify([{ flag: filter.flag }])}::jsonb`);
  if (filter.from) where.push(gte(qualityReviews.createdAt, new Date(filter.from)));
  if (filter.to) where.push(lte(qualityReviews.createdAt, new Date(filter.to)));
  if (filter.promptVersion !== undefined) where.push(eq(qualityReviews.promptVersion, filter.promptVersion));
  if (filter.channel) where.push(eq(qualityReviews.channel, filter.channel));
  if (filter.language) where.push(eq(qualityReviews.language, filter.language));
  if (filter.status) where.push(eq(qualityReviews.status, filter.status));
  if (filter.conversationId) where.push(eq(qualityReviews.conversationId, filter.conversationId));
  const rows = await db
    .select()
    .from(qualityReviews)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(qualityReviews.createdAt), desc(qualityReviews.id))
    .limit(filter.limit)
    .offset(filter.offset);
  return rows.map(reviewView);
}

export async function findReview(db: Database, id: string): Promise<ReviewRow | null> {
  const [row] = await db.select().from(qualityReviews).where(eq(qualityReviews.id, id));
  return row ?? null;
}

export async function findReviewAt(db: Database, conversationId: string, messagesVersion: number): Promise<ReviewRow | null> {
  const [row] = await db.select().from(qualityReviews).where(and(eq(qualityReviews.conversationId, conversationId), eq(qualityReviews.messagesVersion, messagesVersion)));
  return row ?? null;
}

/** The messages a review's flags and scores cite, in conversation order. */
export async function evidenceOf(db: Database, review: ReviewRow) {
  const ids = [...new Set([...review.flags.flatMap((f) => f.messageIds), ...review.scores.flatMap((s) => s.messageIds)])];
  if (ids.length === 0) return [];
  const rows = await db
    .select({ id: messages.id, direction: messages.direction, author: messages.author, text: messages.text, sentAt: messages.sentAt })
    .from(messages)
    .where(and(eq(messages.conversationId, review.conversationId), inArray(messages.id, ids)))
    .orderBy(messages.sentAt);
  return rows.map((m) => ({ ...m, sentAt: m.sentAt.toISOString() }));
}

export async function verdictsOf(db: Database, reviewId: string) {
  const rows = await db.select().from(qualityVerdicts).where(eq(qualityVerdicts.reviewId, reviewId)).orderBy(qualityVerdicts.createdAt);
  return rows.map(verdictView);
}

export async function verdictBy(db: Database, reviewId: string, actorLabel: string) {
  const [row] = await db.select().from(qualityVerdicts).where(and(eq(qualityVerdicts.reviewId, reviewId), eq(qualityVerdicts.actorLabel, actorLabel)));
  return row ? verdictView(row) : null;
}

/** One verdict per staff member and review: a second replaces the first. */
export async function saveVerdict(db: Database, input: { reviewId: string; verdict: "agree" | "disagree"; note: string | null; actorLabel: string }) {
  const [row] = await db
    .insert(qualityVerdicts)
    .values(input)
    .onConflictDoUpdate({ target: [qualityVerdicts.reviewId, qualityVerdicts.actorLabel], set: { verdict: input.verdict, note: input.note, createdAt: new Date() } })
    .returning();
  return verdictView(row!);
}

function verdictView(row: typeof qualityVerdicts.$inferSelect) {
  return { ...row, createdAt: row.createdAt.toISOString() };
}
