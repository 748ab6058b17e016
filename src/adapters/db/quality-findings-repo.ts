import { and, desc, eq, gte, inArray, lt, sql } from "drizzle-orm";
import type { Comparison } from "../../core/quality/findings/comparison";
import type { Finding, ReviewSignal } from "../../core/quality/findings/grouping";
import type { Database } from "./client";
import { qualityFindingRuns, qualityFindings, qualityProposals, type KnowledgeEdit } from "./quality-findings-schema";
import { qualityReviews, qualityVerdicts } from "./quality-schema";
import { messages } from "./schema";

export type FindingRun = typeof qualityFindingRuns.$inferSelect;
export type FindingRow = typeof qualityFindings.$inferSelect;
export type ProposalRow = typeof qualityProposals.$inferSelect;

/** Finished reviews made in [from, to), with the verdicts managers gave them: what the grouping reads. */
export async function reviewSignals(db: Database, from: Date, to: Date): Promise<ReviewSignal[]> {
  const rows = await db
    .select({ id: qualityReviews.id, conversationId: qualityReviews.conversationId, overallScore: qualityReviews.overallScore, scores: qualityReviews.scores, flags: qualityReviews.flags })
    .from(qualityReviews)
    .where(and(eq(qualityReviews.status, "done"), gte(qualityReviews.createdAt, from), lt(qualityReviews.createdAt, to)))
    .orderBy(qualityReviews.createdAt)
    .limit(5000);
  const verdicts = rows.length
    ? await db.select({ reviewId: qualityVerdicts.reviewId, verdict: qualityVerdicts.verdict }).from(qualityVerdicts).where(inArray(qualityVerdicts.reviewId, rows.map((r) => r.id)))
    : [];
  return rows.map((r) => ({
    reviewId: r.id,
    conversationId: r.conversationId,
    overallScore: r.overallScore === null ? null : Number(r.overallScore),
    scores: r.scores,
    flags: r.flags,
    verdicts: verdicts.filter((v) => v.reviewId === r.id).map((v) => ({ verdict: v.verdict })),
  }));
}

export async function startRun(db: Database, input: { from: Date; to: Date; trigger: "manual" | "weekly"; budgetUsd: number; createdBy: string }): Promise<FindingRun> {
  const [row] = await db.insert(qualityFindingRuns).values({ fromAt: input.from, toAt: input.to, trigger: input.trigger, budgetUsd: String(input.budgetUsd), createdBy: input.createdBy }).returning();
  return row!;
}

export async function finishRun(db: Database, id: string, result: { status: "done" | "budget_spent" | "failed"; reviews: number; findings: number; proposals: number; costUsd: number; note: string | null }): Promise<FindingRun> {
  const [row] = await db.update(qualityFindingRuns).set({ ...result, costUsd: String(result.costUsd), completedAt: new Date() }).where(eq(qualityFindingRuns.id, id)).returning();
  return row!;
}

/** Stores a finding under its key: a pattern seen again is refreshed, not duplicated. */
export async function upsertFinding(db: Database, finding: Finding, runId: string): Promise<FindingRow> {
  const values = { pattern: finding.pattern, cause: finding.cause, conversations: finding.conversations, conversationIds: finding.conversationIds, exampleMessageIds: finding.exampleMessageIds, lastRunId: runId };
  const [row] = await db
    .insert(qualityFindings)
    .values({ key: finding.key, ...values })
    .onConflictDoUpdate({ target: qualityFindings.key, set: { ...values, updatedAt: sql`now()` } })
    .returning();
  return row!;
}

export async function listFindings(db: Database): Promise<(FindingRow & { proposalIds: string[] })[]> {
  const rows = await db.select().from(qualityFindings).orderBy(desc(qualityFindings.updatedAt), desc(qualityFindings.conversations)).limit(200);
  if (!rows.length) return [];
  const proposals = await db.select({ id: qualityProposals.id, findingId: qualityProposals.findingId }).from(qualityProposals).where(inArray(qualityProposals.findingId, rows.map((r) => r.id))).orderBy(desc(qualityProposals.createdAt));
  return rows.map((r) => ({ ...r, proposalIds: proposals.filter((p) => p.findingId === r.id).map((p) => p.id) }));
}

export async function findFinding(db: Database, id: string): Promise<FindingRow | null> {
  const [row] = await db.select().from(qualityFindings).where(eq(qualityFindings.id, id));
  return row ?? null;
}

/** The finding's proposal still waiting for a decision, if any: a run drafts no second one. */
export async function openProposalOf(db: Database, findingId: string): Promise<ProposalRow | null> {
  const [row] = await db.select().from(qualityProposals).where(and(eq(qualityProposals.findingId, findingId), eq(qualityProposals.status, "draft"))).limit(1);
  return row ?? null;
}

export async function insertProposal(
  db: Database,
  input: { findingId: string; runId: string; kind: "prompt" | "knowledge"; basePromptVersion: number | null; content: string; knowledge: KnowledgeEdit | null; reasoning: string; scripted: boolean; model: string | null; costUsd: number },
): Promise<ProposalRow> {
  const [row] = await db.insert(qualityProposals).values({ ...input, costUsd: String(input.costUsd) }).returning();
  return row!;
}

export async function findProposal(db: Database, id: string, forUpdate = false): Promise<ProposalRow | null> {
  const query = db.select().from(qualityProposals).where(eq(qualityProposals.id, id));
  const [row] = forUpdate ? await query.for("update") : await query;
  return row ?? null;
}

export async function saveComparison(db: Database, id: string, comparison: Comparison): Promise<ProposalRow | null> {
  const [row] = await db.update(qualityProposals).set({ comparison, comparisonStatus: comparison.status }).where(and(eq(qualityProposals.id, id), eq(qualityProposals.status, "draft"))).returning();
  return row ?? null;
}

export async function decideProposal(db: Database, id: string, decision: { status: "dismissed" | "activated"; decidedBy: string; dismissReason?: string; activatedVersion?: number | null }): Promise<ProposalRow> {
  const [row] = await db.update(qualityProposals).set({ ...decision, decidedAt: new Date() }).where(eq(qualityProposals.id, id)).returning();
  return row!;
}

/** The cited messages, in the order given (unknown ids dropped). */
export async function messagesByIds(db: Database, ids: string[]): Promise<{ id: string; conversationId: string; author: string; text: string | null }[]> {
  if (!ids.length) return [];
  const rows = await db.select({ id: messages.id, conversationId: messages.conversationId, author: messages.author, text: messages.text }).from(messages).where(inArray(messages.id, ids));
  return ids.flatMap((id) => rows.filter((r) => r.id === id));
}

/** The newest run (a weekly one when `trigger` is given). */
export async function lastRun(db: Database, trigger?: "manual" | "weekly"): Promise<FindingRun | null> {
  const [row] = await db.select().from(qualityFindingRuns).where(trigger ? eq(qualityFindingRuns.trigger, trigger) : undefined).orderBy(desc(qualityFindingRuns.createdAt)).limit(1);
  return row ?? null;
}

/** The customer's messages of a conversation, oldest first: the words a persona made from it repeats. */
export async function customerLinesOf(db: Database, conversationId: string, limit: number): Promise<string[]> {
  const rows = await db
    .select({ text: messages.text })
    .from(messages)
    .where(and(eq(messages.conversationId, conversationId), eq(messages.direction, "in"), eq(messages.author, "customer")))
    .orderBy(messages.sentAt)
    .limit(limit);
  return rows.flatMap((r) => (r.text ? [r.text] : []));
}
