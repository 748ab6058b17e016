import { and, desc, eq, lt, sql } from "drizzle-orm";
import type { Database } from "./client";
import { zohoJobs } from "./schema";

export type ZohoJobRow = typeof zohoJobs.$inferSelect;
export type ZohoJobKind = ZohoJobRow["kind"];
export type ZohoJobStatus = ZohoJobRow["status"];

/**
 * Records a job under its idempotency key. Returns false when the key exists already (the same
 * write was asked for before): the caller must not enqueue a second copy of it.
 */
export async function recordJob(db: Database, job: { id: string; kind: ZohoJobKind; subjectId: string }): Promise<boolean> {
  const inserted = await db.insert(zohoJobs).values(job).onConflictDoNothing().returning({ id: zohoJobs.id });
  return inserted.length > 0;
}

export async function getJob(db: Database, id: string): Promise<ZohoJobRow | null> {
  const rows = await db.select().from(zohoJobs).where(eq(zohoJobs.id, id));
  return rows[0] ?? null;
}

export type Claim = { claimed: true; job: ZohoJobRow } | { claimed: false; job: ZohoJobRow | null };

/**
 * A delivery takes the job for `leaseMs`: only a queued job, or a running one whose lease ran out
 * (its worker died), can be taken, in one statement, so two deliveries of the same job (a queue
 * redelivery, the stale sweep, a replay) never run it at the same time. Dead jobs wait for a replay.
 */
export async function claimJob(db: Database, id: string, leaseMs: number): Promise<Claim> {
  const rows = await db
    .update(zohoJobs)
    .set({ status: "running", leaseUntil: new Date(Date.now() + leaseMs), attempts: sql`${zohoJobs.attempts} + 1`, updatedAt: sql`now()` })
    .where(and(eq(zohoJobs.id, id), sql`(${zohoJobs.status} = 'queued' OR (${zohoJobs.status} = 'running' AND (${zohoJobs.leaseUntil} IS NULL OR ${zohoJobs.leaseUntil} < now())))`))
    .returning();
  if (rows[0]) return { claimed: true, job: rows[0] };
  return { claimed: false, job: await getJob(db, id) };
}

/** Merges one step's result into the job (written right after the Zoho call it records). */
export async function recordStep(db: Database, id: string, step: Record<string, unknown>): Promise<void> {
  await db
    .update(zohoJobs)
    .set({ steps: sql`${zohoJobs.steps} || ${JSON.stringify(step)}::jsonb`, updatedAt: sql`now()` })
    .where(eq(zohoJobs.id, id));
}

export async function finishJob(db: Database, id: string, zohoRequests: number): Promise<void> {
  await db
    .update(zohoJobs)
    .set({ status: "succeeded", lastError: null, leaseUntil: null, finishedAt: sql`now()`, updatedAt: sql`now()`, zohoRequests: sql`${zohoJobs.zohoRequests} + ${zohoRequests}` })
    .where(eq(zohoJobs.id, id));
}

/** A failed attempt that will be retried: the job stays visible as `queued` with its error. */
export async function failAttempt(db: Database, id: string, error: string, zohoRequests: number): Promise<void> {
  await db
    .update(zohoJobs)
    .set({ status: "queued", lastError: error.slice(0, 1000), leaseUntil: null, updatedAt: sql`now()`, zohoRequests: sql`${zohoJobs.zohoRequests} + ${zohoRequests}` })
    .where(and(eq(zohoJobs.id, id), eq(zohoJobs.status, "running")));
}

/**
 * Retries are spent or the failure is permanent: the job waits in the dead-letter state for a
 * manager. Not while another delivery is running it (a redelivered copy ran out, not the job), and
 * never once succeeded. A job already dead is returned again, so its follow-ups can be re-issued.
 */
export async function markDead(db: Database, id: string, error: string | null): Promise<ZohoJobRow | null> {
  const rows = await db
    .update(zohoJobs)
    .set({ status: "dead", leaseUntil: null, ...(error ? { lastError: error.slice(0, 1000) } : {}), updatedAt: sql`now()` })
    .where(
      and(
        eq(zohoJobs.id, id),
        sql`(${zohoJobs.status} IN ('queued', 'dead') OR (${zohoJobs.status} = 'running' AND (${zohoJobs.leaseUntil} IS NULL OR ${zohoJobs.leaseUntil} < now())))`,
      ),
    )
    .returning();
  return rows[0] ?? null;
}

/** A manager's replay: a dead job becomes queued again. Null when it is not dead (nothing to replay). */
export async function reviveJob(db: Database, id: string): Promise<ZohoJobRow | null> {
  const rows = await db
    .update(zohoJobs)
    .set({ status: "queued", replays: sql`${zohoJobs.replays} + 1`, updatedAt: sql`now()` })
    .where(and(eq(zohoJobs.id, id), eq(zohoJobs.status, "dead")))
    .returning();
  return rows[0] ?? null;
}

export async function listJobs(db: Database, options: { status?: ZohoJobStatus | undefined; kind?: ZohoJobKind | undefined; subjectId?: string; limit: number }): Promise<ZohoJobRow[]> {
  return db
    .select()
    .from(zohoJobs)
    .where(
      and(
        options.status ? eq(zohoJobs.status, options.status) : sql`true`,
        options.kind ? eq(zohoJobs.kind, options.kind) : sql`true`,
        options.subjectId ? eq(zohoJobs.subjectId, options.subjectId) : sql`true`,
      ),
    )
    .orderBy(desc(zohoJobs.updatedAt))
    .limit(options.limit);
}

/**
 * Jobs whose queue message may be lost (a failed send, a crash): queued with no progress for
 * `olderThanMs`, or running with an expired lease. Resending one is safe: the claim lets one
 * delivery run it.
 */
export async function staleJobs(db: Database, olderThanMs: number, limit: number): Promise<ZohoJobRow[]> {
  return db
    .select()
    .from(zohoJobs)
    .where(
      and(
        lt(zohoJobs.updatedAt, new Date(Date.now() - olderThanMs)),
        sql`(${zohoJobs.status} = 'queued' OR (${zohoJobs.status} = 'running' AND ${zohoJobs.leaseUntil} < now()))`,
      ),
    )
    .orderBy(zohoJobs.updatedAt)
    .limit(limit);
}

/** Touches a job so the stale sweep leaves it alone for another period. */
export async function touchJob(db: Database, id: string): Promise<void> {
  await db.update(zohoJobs).set({ updatedAt: sql`now()` }).where(eq(zohoJobs.id, id));
}
