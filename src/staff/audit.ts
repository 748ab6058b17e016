import { and, desc, eq, lt, type SQL } from "drizzle-orm";
import type { Database } from "../adapters/db/client";
import { auditLog } from "../adapters/db/staff-schema";
import { actorLabel, type ServiceContext } from "./context";

/** One change to record: what was done to which thing, and the thing before and after. */
export interface AuditEntry {
  action: string;
  targetType: string;
  targetId?: string | null;
  before?: unknown;
  after?: unknown;
}

/** Field names that hold credentials: anything about passwords, secrets, salts, cookies or API keys, and names ending in token or hash. */
const SECRET_KEY = /password|secret|salt|cookie|api_?key|(token|hash)$/i;

/** Copies a value with every secret-looking field replaced, so the log never holds a credential. */
export function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value && typeof value === "object" && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, SECRET_KEY.test(key) ? "[redacted]" : redact(inner)]));
  }
  return value;
}

/**
 * Appends one audit row with `ctx.db`: pass the transaction that makes the change, and the row
 * commits or rolls back with it.
 */
export async function recordAudit(ctx: ServiceContext, entry: AuditEntry): Promise<void> {
  const { actor } = ctx;
  await ctx.db.insert(auditLog).values({
    actorType: actor.kind,
    actorId: actor.kind === "user" ? actor.userId : null,
    actorLabel: actorLabel(actor),
    role: actor.role,
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId ?? null,
    before: entry.before === undefined ? null : redact(entry.before),
    after: entry.after === undefined ? null : redact(entry.after),
    requestId: ctx.requestId,
    address: ctx.address,
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
