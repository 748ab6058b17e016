import { and, eq, gt, isNull, sql } from "drizzle-orm";
import type { Database } from "../../adapters/db/client";
import { staffSessions, staffUsers } from "../../adapters/db/staff-schema";
import type { Actor } from "./context";
import { toBase64 } from "../../core/staff/passwords";
import type { Role } from "../../core/staff/roles";

/** `__Host-`: the browser keeps it only if Secure, Path=/ and without Domain, so no subdomain can plant or shadow it. */
export const SESSION_COOKIE = "__Host-staff_session";

export interface SessionLimits {
  idleMinutes: number;
  maxHours: number;
}

/** The stored form of a session id: its SHA-256, so the table alone never signs anyone in. */
export async function hashSessionId(id: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(id));
  return toBase64(new Uint8Array(digest));
}

/** Starts a session for a user and returns the random id the cookie carries. */
export async function createSession(db: Database, userId: string, limits: SessionLimits, address: string | null): Promise<{ id: string; expiresAt: Date }> {
  const id = toBase64(crypto.getRandomValues(new Uint8Array(32))).replace(/[+/=]/g, (c) => ({ "+": "-", "/": "_", "=": "" })[c]!);
  const expiresAt = new Date(Date.now() + limits.maxHours * 3_600_000);
  await db.insert(staffSessions).values({ idHash: await hashSessionId(id), userId, expiresAt, address });
  return { id, expiresAt };
}

/**
 * The actor behind a session cookie, or null when the session is unknown, revoked, idle too long,
 * past its absolute expiry, or its user is disabled. Activity is written at most once a minute.
 */
export async function resolveSession(db: Database, id: string, limits: SessionLimits): Promise<Actor | null> {
  const idHash = await hashSessionId(id);
  const rows = await db
    .select({ userId: staffUsers.id, email: staffUsers.email, name: staffUsers.name, role: staffUsers.role, lastSeenAt: staffSessions.lastSeenAt })
    .from(staffSessions)
    .innerJoin(staffUsers, eq(staffUsers.id, staffSessions.userId))
    .where(
      and(
        eq(staffSessions.idHash, idHash),
        isNull(staffSessions.revokedAt),
        isNull(staffUsers.disabledAt),
        gt(staffSessions.expiresAt, sql`now()`),
        gt(staffSessions.lastSeenAt, sql`now() - make_interval(mins => ${limits.idleMinutes})`),
      ),
    );
  const row = rows[0];
  if (!row) return null;
  if (Date.now() - row.lastSeenAt.getTime() > 60_000) {
    await db.update(staffSessions).set({ lastSeenAt: sql`now()` }).where(eq(staffSessions.idHash, idHash));
  }
  return { kind: "user", userId: row.userId, email: row.email, name: row.name, role: row.role as Role, sessionHash: idHash };
}

/** Ends one session (sign-out). */
export async function revokeSession(db: Database, idHash: string): Promise<void> {
  await db.update(staffSessions).set({ revokedAt: sql`now()` }).where(and(eq(staffSessions.idHash, idHash), isNull(staffSessions.revokedAt)));
}

/** Ends every session of a user except, optionally, the one making the request. */
export async function revokeUserSessions(db: Database, userId: string, keepHash: string | null = null): Promise<number> {
  const rows = await db
    .update(staffSessions)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(staffSessions.userId, userId), isNull(staffSessions.revokedAt), keepHash ? sql`${staffSessions.idHash} <> ${keepHash}` : undefined))
    .returning({ idHash: staffSessions.idHash });
  return rows.length;
}

/** When a session ends if nothing else happens: its absolute expiry and its idle deadline (ms since the epoch). */
export async function sessionDeadlines(db: Database, idHash: string, limits: SessionLimits): Promise<{ expiresAt: number; idleAt: number } | null> {
  const [row] = await db.select({ expiresAt: staffSessions.expiresAt, lastSeenAt: staffSessions.lastSeenAt }).from(staffSessions).where(eq(staffSessions.idHash, idHash));
  if (!row) return null;
  return { expiresAt: row.expiresAt.getTime(), idleAt: row.lastSeenAt.getTime() + limits.idleMinutes * 60_000 };
}
