import { and, desc, eq, lt, sql, type SQL } from "drizzle-orm";
import type { Database } from "../../adapters/db/client";
import { auditLog } from "../../adapters/db/staff-schema";
import { auditRow, type AuditEntry } from "./audit-row";
import type { ServiceContext } from "./context";

export { redact, type AuditEntry } from "./audit-row";

/**
 * Appends one audit row with `ctx.db`: pass the transaction that makes the change, and the row
 * commits or rolls back with it.
 */
export async function recordAudit(ctx: ServiceContext, entry: AuditEntry): Promise<void> {
  await appendAuditRow(ctx.db, auditRow(ctx, entry));
}

/**
 * Inserts a row as `audit_writer`, the role that may only insert into and read the audit log
 * (migration 0016, ADR 0015): in a transaction of its own, or a savepoint of the caller's, the
 * role is taken for the insert alone and given back before anything else runs.
 */
export async function appendAuditRow(db: Database, row: typeof auditLog.$inferInsert): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute(sql`set local role audit_writer`);
    await tx.insert(auditLog).values(row);
    await tx.execute(sql`reset role`);
  });
}

export interface AuditFilter {
  actor?: string | undefined;
  action?: string | undefined;
  /** `type` or `type:id`. */
  target?: string | undefined;
  /** Rows with a smaller id than this (the previous page's `nextBefore`). */
  before?: number | undefined;
  limit: number;
}

/** Newest first, one page at a time. */
export async function listAudit(db: Database, filter: AuditFilter) {
  const where: SQL[] = [];
  if (filter.actor) where.push(eq(auditLog.actorLabel, filter.actor.toLowerCase() === "admin_api_token" ? "ADMIN_API_TOKEN" : filter.actor.toLowerCase()));
  if (filter.action) where.push(eq(auditLog.action, filter.action));
  if (filter.target) {
    const [type, ...rest] = filter.target.split(":");
    where.push(eq(auditLog.targetType, type!));
    if (rest.length > 0) where.push(eq(auditLog.targetId, rest.join(":")));
  }
  if (filter.before !== undefined) where.push(lt(auditLog.id, filter.before));
  const rows = await db.select().from(auditLog).where(and(...where)).orderBy(desc(auditLog.id)).limit(filter.limit);
  const last = rows[rows.length - 1];
  return { entries: rows, nextBefore: rows.length === filter.limit && last ? last.id : null };
}
