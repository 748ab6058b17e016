import type { auditLog } from "../../adapters/db/staff-schema";
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

/** What happened at the sign-in door: no actor is signed in yet, so the row names the email tried. */
export interface SignInEvent {
  action: "auth.login" | "auth.login_failed" | "auth.login_throttled" | "auth.login_burst" | "auth.logout";
  /** The email as typed (lower-cased, cut to 200 characters). */
  email: string;
  /** The user it belongs to, when one does. */
  user?: { id: string; role: string } | null;
  after?: unknown;
  requestId: string | null;
  address: string | null;
}

/**
 * The audit row of a sign-in event. A success or sign-out is the user's own act; a failure,
 * throttle or burst is an anonymous caller's, labelled with the email tried (never the password).
 */
export function signInAuditRow(event: SignInEvent): typeof auditLog.$inferInsert {
  const own = event.action === "auth.login" || event.action === "auth.logout";
  const email = event.email.toLowerCase().slice(0, 200);
  return {
    actorType: own && event.user ? "user" : "anonymous",
    actorId: own && event.user ? event.user.id : null,
    actorLabel: email,
    role: own && event.user ? event.user.role : "none",
    action: event.action,
    targetType: "staff_user",
    targetId: event.user?.id ?? null,
    before: null,
    after: event.after === undefined ? null : redact(event.after),
    requestId: event.requestId,
    address: event.address,
  };
}

/** The row of the first admin's creation from ADMIN_BOOTSTRAP_EMAIL, done by the system itself. */
export function bootstrapAuditRow(user: { id: string; email: string }): typeof auditLog.$inferInsert {
  return {
    actorType: "system",
    actorId: null,
    actorLabel: "ADMIN_BOOTSTRAP_EMAIL",
    role: "system",
    action: "user.bootstrap",
    targetType: "staff_user",
    targetId: user.id,
    before: null,
    after: { email: user.email, role: "admin" },
    requestId: null,
    address: null,
  };
}
