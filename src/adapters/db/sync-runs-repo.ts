import { and, desc, eq, inArray, sql } from "drizzle-orm";
import type { Database } from "./client";
import { catalogSyncRuns, type SyncProblem } from "./schema";

export type SyncRun = typeof catalogSyncRuns.$inferSelect;
export type SyncMode = SyncRun["mode"];
export type SyncTrigger = SyncRun["trigger"];

const OPEN = ["queued", "running", "interrupted"] as const;
/** Problems kept per run: enough to diagnose, bounded so a broken catalog cannot bloat the row. */
const MAX_PROBLEMS = 200;

export async function openRun(db: Database): Promise<SyncRun | null> {
  const rows = await db.select().from(catalogSyncRuns).where(inArray(catalogSyncRuns.status, [...OPEN])).limit(1);
  return rows[0] ?? null;
}

/**
 * Creates a run unless one is open; the partial unique index makes this safe when two requests
 * race (the loser inserts nothing and reads the winner's run).
 */
export async function createRun(db: Database, input: { trigger: SyncTrigger; mode: SyncMode; modifiedSince: Date | null }): Promise<{ run: SyncRun; created: boolean }> {
  const inserted = await db
    .insert(catalogSyncRuns)
    .values({ trigger: input.trigger, mode: input.mode, status: "queued", modifiedSince: input.modifiedSince })
    .onConflictDoNothing()
    .returning();
  if (inserted[0]) return { run: inserted[0], created: true };
  const existing = await openRun(db);
  if (!existing) throw new Error("sync run neither created nor found open");
  return { run: existing, created: false };
}

/** What an invocation holds while it works on a run: every write it makes is conditional on it. */
export interface Lease {
  runId: string;
  token: string;
}

/** The invocation's lease was taken over (it stalled past its lease): it must stop without writing. */
export class LeaseLostError extends Error {
  override name = "LeaseLostError";
}

/**
 * Takes the run for this invocation if nobody holds a live lease on it. A run whose holder died
 * (lease expired) is taken over and continues from its checkpoint; the new lease token makes
 * any late write by the old holder fail instead of corrupting the run.
 */
export async function claimRun(db: Database, runId: string, leaseMs: number): Promise<(SyncRun & { leaseToken: string }) | null> {
  const rows = await db
    .update(catalogSyncRuns)
    .set({
      status: "running",
      leaseToken: sql`gen_random_uuid()`,
      leaseUntil: sql`now() + ${`${Math.ceil(leaseMs / 1000)} seconds`}::interval`,
      attempts: sql`${catalogSyncRuns.attempts} + 1`,
      startedAt: sql`coalesce(${catalogSyncRuns.startedAt}, now())`,
    })
    .where(
      and(
        eq(catalogSyncRuns.id, runId),
        sql`(${catalogSyncRuns.status} in ('queued', 'interrupted') or (${catalogSyncRuns.status} = 'running' and ${catalogSyncRuns.leaseUntil} < now()))`,
      ),
    )
    .returning();
  const run = rows[0];
  return run ? { ...run, leaseToken: run.leaseToken! } : null;
}

function held(lease: Lease) {
  return and(eq(catalogSyncRuns.id, lease.runId), eq(catalogSyncRuns.leaseToken, lease.token), eq(catalogSyncRuns.status, "running"));
}

/** Extends the lease during long steps; throws when another invocation has taken the run over. */
export async function renewLease(db: Database, lease: Lease, leaseMs: number): Promise<void> {
  const rows = await db
    .update(catalogSyncRuns)
    .set({ leaseUntil: sql`now() + ${`${Math.ceil(leaseMs / 1000)} seconds`}::interval` })
    .where(held(lease))
    .returning({ id: catalogSyncRuns.id });
  if (rows.length === 0) throw new LeaseLostError(`sync run ${lease.runId} was taken over by another invocation`);
}

export interface RunProgress {
  nextPage: number;
  pages: number;
  itemsSeen: number;
  itemsChanged: number;
  itemsRemoved: number;
  itemsSkipped: number;
  embedded: number;
  zohoRequests: number;
  embeddingRequests: number;
  problems: SyncProblem[];
}

/** Records a page's work, moves the checkpoint and renews the lease; counters add up across invocations. */
export async function saveProgress(db: Database, lease: Lease, progress: RunProgress, leaseMs: number): Promise<void> {
  const rows = await db
    .update(catalogSyncRuns)
    .set({
      checkpoint: { nextPage: progress.nextPage },
      leaseUntil: sql`now() + ${`${Math.ceil(leaseMs / 1000)} seconds`}::interval`,
      ...counterIncrements(progress),
    })
    .where(held(lease))
    .returning({ id: catalogSyncRuns.id });
  if (rows.length === 0) throw new LeaseLostError(`sync run ${lease.runId} was taken over by another invocation`);
}

/** Ends an invocation: finished (succeeded/failed) or handed on (queued for the continuation, interrupted for a retry). */
export async function releaseRun(
  db: Database,
  lease: Lease,
  status: "queued" | "interrupted" | "succeeded" | "failed",
  extra: Partial<RunProgress> = {},
): Promise<SyncRun> {
  const finished = status === "succeeded" || status === "failed";
  const rows = await db
    .update(catalogSyncRuns)
    .set({
      status,
      leaseUntil: null,
      leaseToken: null,
      releasedAt: sql`now()`,
      ...(finished ? { finishedAt: sql`now()` } : {}),
      ...counterIncrements({ pages: 0, itemsSeen: 0, itemsChanged: 0, itemsRemoved: 0, itemsSkipped: 0, embedded: 0, zohoRequests: 0, embeddingRequests: 0, problems: [], ...extra }),
    })
    .where(held(lease))
    .returning();
  if (!rows[0]) throw new LeaseLostError(`sync run ${lease.runId} was taken over by another invocation`);
  return rows[0];
}

function counterIncrements(p: Omit<RunProgress, "nextPage">) {
  const t = catalogSyncRuns;
  return {
    pages: sql`${t.pages} + ${p.pages}`,
    itemsSeen: sql`${t.itemsSeen} + ${p.itemsSeen}`,
    itemsChanged: sql`${t.itemsChanged} + ${p.itemsChanged}`,
    itemsRemoved: sql`${t.itemsRemoved} + ${p.itemsRemoved}`,
    itemsSkipped: sql`${t.itemsSkipped} + ${p.itemsSkipped}`,
    embedded: sql`${t.embedded} + ${p.embedded}`,
    zohoRequests: sql`${t.zohoRequests} + ${p.zohoRequests}`,
    embeddingRequests: sql`${t.embeddingRequests} + ${p.embeddingRequests}`,
    errors: p.problems.length
      ? sql`(select coalesce(jsonb_agg(e order by n), '[]'::jsonb) from (select e, n from jsonb_array_elements(${t.errors} || ${JSON.stringify(p.problems)}::jsonb) with ordinality as x(e, n) order by n desc limit ${MAX_PROBLEMS}) recent)`
      : sql`${t.errors}`,
  };
}

export async function getRun(db: Database, runId: string): Promise<SyncRun | null> {
  const rows = await db.select().from(catalogSyncRuns).where(eq(catalogSyncRuns.id, runId)).limit(1);
  return rows[0] ?? null;
}

export async function listRuns(db: Database, limit: number): Promise<SyncRun[]> {
  return db.select().from(catalogSyncRuns).orderBy(desc(catalogSyncRuns.requestedAt)).limit(limit);
}

/** The latest run (any status), for the cron's interval check. */
export async function latestRun(db: Database): Promise<SyncRun | null> {
  return (await listRuns(db, 1))[0] ?? null;
}

/** The latest successful run of a mode (or any mode), for choosing full vs incremental and the watermark. */
export async function latestSucceeded(db: Database, mode?: SyncMode): Promise<SyncRun | null> {
  const rows = await db
    .select()
    .from(catalogSyncRuns)
    .where(and(eq(catalogSyncRuns.status, "succeeded"), mode ? eq(catalogSyncRuns.mode, mode) : undefined))
    .orderBy(desc(catalogSyncRuns.startedAt))
    .limit(1);
  return rows[0] ?? null;
}
