import { desc, sql } from "drizzle-orm";
import type { DigestFigures } from "../../core/outreach/digest";
import type { Database } from "./client";
import { computeMetrics } from "./metrics-repo";
import { digests } from "./outreach-schema";

/** Yesterday's figures from the same SQL as the dashboard, plus what waits now. */
export async function digestFigures(db: Database, from: Date, to: Date): Promise<DigestFigures> {
  const metrics = await computeMetrics(db, { from, to, bucket: "day" });
  const result = await db.execute<{ waiting: number; hot: number }>(sql`
    SELECT (SELECT count(*)::int FROM conversations WHERE status = 'handoff') AS waiting,
           (SELECT count(*)::int FROM quotations WHERE state = 'shown') AS hot`);
  const t = metrics.totals;
  return {
    conversations: t.conversations,
    replies: t.outboundMessages,
    firstResponseP50Ms: t.firstResponseMs.p50,
    quotationsShown: t.funnel.quotationShown,
    saleOrders: t.funnel.saleOrder,
    revenueAed: t.revenueAed,
    handoffsWaiting: Number(result.rows[0]?.waiting ?? 0),
    qualityScore: t.quality.averageScore,
    hotLeads: Number(result.rows[0]?.hot ?? 0),
    proactiveSent: t.proactive.sent,
  };
}

/** Records a digest under its key; false when that key was sent before (another cron tick). */
export async function claimDigest(db: Database, row: { key: string; day: string; trigger: "scheduled" | "manual"; text: string; figures: DigestFigures; recipients: number }): Promise<boolean> {
  const inserted = await db
    .insert(digests)
    .values({ ...row, figures: row.figures as unknown as Record<string, unknown> })
    .onConflictDoNothing()
    .returning({ id: digests.id });
  return inserted.length > 0;
}

export async function lastDigest(db: Database) {
  const [row] = await db.select().from(digests).orderBy(desc(digests.createdAt)).limit(1);
  return row ? { day: row.day, trigger: row.trigger, text: row.text, figures: row.figures, recipients: row.recipients, sentAt: row.createdAt.toISOString() } : null;
}

export async function lastScheduledDay(db: Database): Promise<string | null> {
  const result = await db.execute<{ day: string | null }>(sql`SELECT max(day) AS day FROM ${digests} WHERE trigger = 'scheduled'`);
  return result.rows[0]?.day ?? null;
}
