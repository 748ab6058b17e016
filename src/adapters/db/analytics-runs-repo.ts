import { and, desc, eq, inArray, sql } from "drizzle-orm";
import type { Database } from "./client";
import { analyticsRuns, type AnalyticsCheckpoint, type AnalyticsProblem } from "./analytics-schema";

export type AnalyticsRun = typeof analyticsRuns.$inferSelect;
export type AnalyticsTrigger = AnalyticsRun["trigger"];

const OPEN = ["queued", "running", "interrupted"] as const;
const MAX_PROBLEMS = 100;

/** The invocation's lease was taken over: it must stop without writing. */
export class AnalyticsLeaseLostError extends Error {
  override name = "AnalyticsLeaseLostError";
}

export interface AnalyticsLease {
  runId: string;
  token: string;
}

export interface AnalyticsCounters {
  pages: number;
  contactsSeen: number;
  customersCreated: number;
  customersMatched: number;
  ordersSeen: number;
  zohoRequests: number;
  scored: number;
  problems: AnalyticsProblem[];
}

export const NO_COUNTS: AnalyticsCounters = { pages: 0, contactsSeen: 0, customersCreated: 0, customersMatched: 0, ordersSeen: 0, zohoRequests: 0, scored: 0, problems: [] };

export async function openAnalyticsRun(db: Database): Promise<AnalyticsRun | null> {
  const rows = await db.select().from(analyticsRuns).where(inArray(analyticsRuns.status, [...OPEN])).limit(1);
  return rows[0] ?? null;
}

/** Creates a run unless one is open (the partial unique index settles a race: the loser reads the winner's run). */
export async function createAnalyticsRun(db: Database, input: { trigger: AnalyticsTrigger; modifiedSince: Date | null }): Promise<{ run: AnalyticsRun; created: boolean }> {
  const inserted = await db
    .insert(analyticsRuns)
    .values({ trigger: input.trigger, mode: input.modifiedSince ? "incremental" : "full", status: "queued", modifiedSince: input.modifiedSince })
    .onConflictDoNothing()
    .returning();
  if (inserted[0]) return { run: inserted[0], created: true };
  const existing = await openAnalyticsRun(db);
  if (!existing) throw new Error("analytics run neither created nor found open");
  return { run: existing, created: false };
}

/** Takes the run unless someone holds a live lease on it; a dead holder's run is taken over at its checkpoint. */
export async function claimAnalyticsRun(db: Database, runId: string, leaseMs: number): Promise<(AnalyticsRun & { leaseToken: string }) | null> {
  const t = analyticsRuns;
  const rows = await db
    .update(t)
    .set({
      status: "running",
      leaseToken: sql`gen_random_uuid()`,
      leaseUntil: sql`now() + ${`${Math.ceil(leaseMs / 1000)} seconds`}::interval`,
      attempts: sql`${t.attempts} + 1`,
      startedAt: sql`coalesce(${t.startedAt}, now())`,
    })
    .where(and(eq(t.id, runId), sql`(${t.status} in ('queued', 'interrupted') or (${t.status} = 'running' and ${t.leaseUntil} < now()))`))
    .returning();
  const run = rows[0];
  return run ? { ...run, leaseToken: run.leaseToken! } : null;
}

function held(lease: AnalyticsLease) {
  return and(eq(analyticsRuns.id, lease.runId), eq(analyticsRuns.leaseToken, lease.token), eq(analyticsRuns.status, "running"));
}

/** Records a step's work and moves the checkpoint, renewing the lease; counters add up across invocations. */
export async function saveAnalyticsProgress(db: Database, lease: AnalyticsLease, checkpoint: AnalyticsCheckpoint, counts: AnalyticsCounters, leaseMs: number): Promise<void> {
  const rows = await db
    .update(analyticsRuns)
    .set({ checkpoint, leaseUntil: sql`now() + ${`${Math.ceil(leaseMs / 1000)} seconds`}::interval`, ...increments(counts) })
    .where(held(lease))
    .returning({ id: analyticsRuns.id });
  if (rows.length === 0) throw new AnalyticsLeaseLostError(`analytics run ${lease.runId} was taken over`);
}

/** Ends an invocation: finished, handed on (queued) or left for a retry (interrupted). */
export async function releaseAnalyticsRun(
  db: Database,
  lease: AnalyticsLease,
  status: "queued" | "interrupted" | "succeeded" | "failed",
  counts: Partial<AnalyticsCounters> = {},
): Promise<AnalyticsRun> {
  const finished = status === "succeeded" || status === "failed";
  const rows = await db
    .update(analyticsRuns)
    .set({ status, leaseUntil: null, leaseToken: null, ...(finished ? { finishedAt: sql`now()` } : {}), ...increments({ ...NO_COUNTS, ...counts }) })
    .where(held(lease))
    .returning();
  if (!rows[0]) throw new AnalyticsLeaseLostError(`analytics run ${lease.runId} was taken over`);
  return rows[0];
}

function increments(c: AnalyticsCounters) {
  const t = analyticsRuns;
  return {
    pages: sql`${t.pages} + ${c.pages}`,
    contactsSeen: sql`${t.contactsSeen} + ${c.contactsSeen}`,
    customersCreated: sql`${t.customersCreated} + ${c.customersCreated}`,
    customersMatched: sql`${t.customersMatched} + ${c.customersMatched}`,
    ordersSeen: sql`${t.ordersSeen} + ${c.ordersSeen}`,
    zohoRequests: sql`${t.zohoRequests} + ${c.zohoRequests}`,
    scored: sql`${t.scored} + ${c.scored}`,
    errors: c.problems.length
      ? sql`(select coalesce(jsonb_agg(e order by n), '[]'::jsonb) from (select e, n from jsonb_array_elements(${t.errors} || ${JSON.stringify(c.problems)}::jsonb) with ordinality as x(e, n) order by n desc limit ${MAX_PROBLEMS}) recent)`
      : sql`${t.errors}`,
  };
}

export async function getAnalyticsRun(db: Database, runId: string): Promise<AnalyticsRun | null> {
  const rows = await db.select().from(analyticsRuns).where(eq(analyticsRuns.id, runId)).limit(1);
  return rows[0] ?? null;
}

/** When the last analytics run ended (succeeded or failed; null before any): what it scored is final from then on. */
export async function lastAnalyticsRunEnd(db: Database): Promise<string | null> {
  const [row] = await db.select({ at: sql<string | null>`max(${analyticsRuns.finishedAt})::text` }).from(analyticsRuns);
  return row?.at ?? null;
}

export async function latestAnalyticsRun(db: Database): Promise<AnalyticsRun | null> {
  const rows = await db.select().from(analyticsRuns).orderBy(desc(analyticsRuns.requestedAt)).limit(1);
  return rows[0] ?? null;
}

/** The latest successful run: its start is the next run's `last_modified_time` watermark. */
export async function latestSucceededAnalyticsRun(db: Database): Promise<AnalyticsRun | null> {
  const rows = await db.select().from(analyticsRuns).where(eq(analyticsRuns.status, "succeeded")).orderBy(desc(analyticsRuns.startedAt)).limit(1);
  return rows[0] ?? null;
}
