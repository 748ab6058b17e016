import type { Database } from "../../adapters/db/client";
import { forbidden } from "../../core/staff/errors";
import { can, type Permission, type Role } from "../../core/staff/roles";

/** Who is acting: a signed-in staff member, or the ADMIN_API_TOKEN machine credential (role admin). */
export type Actor =
  | { kind: "user"; userId: string; email: string; name: string; role: Role; sessionHash: string | null }
  | { kind: "token"; role: "admin"; label: "ADMIN_API_TOKEN" };

/** What every staff service receives besides its input: the actor and where the request came from. */
export interface ServiceContext {
  actor: Actor;
  db: Database;
  requestId: string | null;
  address: string | null;
}

/** The one role check: throws `forbidden` naming the permission the actor's role lacks. */
export function requirePermission(actor: Actor, permission: Permission): void {
  if (!can(actor.role, permission)) throw forbidden(`Your role (${actor.role}) may not ${permission}`);
}

/** How the actor appears in the audit log. */
export function actorLabel(actor: Actor): string {
  return actor.kind === "user" ? actor.email : actor.label;
}

/**
 * Runs `work` in one Postgres transaction. drizzle's transaction object has the same query API
 * as the database (nested `transaction` calls become savepoints), so repositories written for
 * `Database` take part in it unchanged.
 */
export function inTransaction<T>(db: Database, work: (tx: Database) => Promise<T>): Promise<T> {
  return db.transaction((tx) => work(tx as unknown as Database));
}
