import type { auditLog } from "../adapters/db/staff-schema";
import { actorLabel, type ServiceContext } from "./context";

/**
 * What one audit row says, free of the database so it is unit- and mutation-tested in plain
 * Node: who acted (and in which role), what they did to which thing, the thing before and after
 * with every credential redacted, and which request did it.
 */

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

/** The audit row for `entry` done by `ctx.actor` in the request `ctx` describes. */
export function auditRow(ctx: Pick<ServiceContext, "actor" | "requestId" | "address">, entry: AuditEntry): typeof auditLog.$inferInsert {
  const { actor } = ctx;
  return {
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
  };
}
