import { and, desc, eq, gt, sql } from "drizzle-orm";
import type { Database } from "./client";
import { proactiveMessages } from "./outreach-schema";
import { customers, handoffs, quotations } from "./schema";

/** Records a customer's opt-out (a time) or opt-in (null). */
export async function setCustomerOptOut(db: Database, customerId: string, at: Date | null): Promise<void> {
  await db.update(customers).set({ proactiveOptOutAt: at, updatedAt: sql`now()` }).where(eq(customers.id, customerId));
}

/** What the proactive rules need from Postgres: the customer's opt-out (on any chat), their last proactive message, the shop's count today. */
export async function proactiveContext(db: Database, customerId: string, day: string): Promise<{ optedOut: boolean; lastProactiveAt: number | null; sentToday: number }> {
  const result = await db.execute<{ opted_out: boolean; last_at: string | null; today: number }>(sql`
    SELECT
      (SELECT proactive_opt_out_at IS NOT NULL FROM ${customers} WHERE id = ${customerId}) AS opted_out,
      (SELECT max(created_at) FROM ${proactiveMessages} WHERE customer_id = ${customerId} AND status = 'sent') AS last_at,
      (SELECT count(*)::int FROM ${proactiveMessages} WHERE day = ${day} AND status = 'sent') AS today`);
  const row = result.rows[0];
  return { optedOut: row?.opted_out === true, lastProactiveAt: row?.last_at ? new Date(row.last_at).getTime() : null, sentToday: Number(row?.today ?? 0) };
}

export interface ProactiveRecord {
  key: string;
  kind: "follow_up" | "back_in_stock";
  conversationId: string;
  customerId: string | null;
  status: "sent" | "skipped";
  reason: string | null;
  templateId: string | null;
  day: string;
}

/**
 * Records one proactive message under its key; false when the key was recorded before (a repeated
 * alarm), so the caller src/shell/queues nothing twice. A `sent` row is refused when the shop's daily cap is
 * already reached, checked in the same statement.
 */
export async function recordProactive(db: Database, row: ProactiveRecord, dailyCap: number): Promise<boolean> {
  const capCheck = row.status === "sent" ? sql`(SELECT count(*) FROM ${proactiveMessages} WHERE day = ${row.day} AND status = 'sent') < ${dailyCap}` : sql`true`;
  const result = await db.execute(sql`
    INSERT INTO ${proactiveMessages} (key, kind, conversation_id, customer_id, status, reason, template_id, day)
    SELECT ${row.key}, ${row.kind}, ${row.conversationId}, ${row.customerId}, ${row.status}, ${row.reason}, ${row.templateId}, ${row.day}
    WHERE ${capCheck}
    ON CONFLICT (key) DO NOTHING RETURNING id`);
  return result.rows.length > 0;
}

export async function proactiveRecorded(db: Database, key: string): Promise<boolean> {
  const rows = await db.select({ id: proactiveMessages.id }).from(proactiveMessages).where(eq(proactiveMessages.key, key));
  return rows.length > 0;
}

/** The conversation's latest quotation shown and still open (neither confirmed nor declined). */
export async function openShownQuotation(db: Database, conversationId: string): Promise<{ id: string; number: string; version: number; shownAt: number } | null> {
  const [row] = await db
    .select({ id: quotations.id, number: quotations.number, version: quotations.version, shownVersion: quotations.shownVersion, shownAt: quotations.shownAt })
    .from(quotations)
    .where(and(eq(quotations.conversationId, conversationId), eq(quotations.state, "shown")))
    .orderBy(desc(quotations.shownAt))
    .limit(1);
  if (!row || row.shownAt === null || row.shownVersion !== row.version) return null;
  return { id: row.id, number: row.number, version: row.version, shownAt: row.shownAt.getTime() };
}

/** Whether a manager took the conversation at or after `since`. */
export async function handoffSince(db: Database, conversationId: string, since: number): Promise<boolean> {
  const rows = await db.select({ id: handoffs.id }).from(handoffs).where(and(eq(handoffs.conversationId, conversationId), gt(handoffs.createdAt, new Date(since)))).limit(1);
  return rows.length > 0;
}

/** Proactive messages per status for one UTC day (the dashboard's figure). */
export async function proactiveCounts(db: Database, day: string): Promise<{ sent: number; skipped: number }> {
  const result = await db.execute<{ sent: number; skipped: number }>(sql`
    SELECT count(*) FILTER (WHERE status = 'sent')::int AS sent, count(*) FILTER (WHERE status = 'skipped')::int AS skipped
    FROM ${proactiveMessages} WHERE day = ${day}`);
  return { sent: Number(result.rows[0]?.sent ?? 0), skipped: Number(result.rows[0]?.skipped ?? 0) };
}
