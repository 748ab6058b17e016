import type { Database } from "../../adapters/db/client";
import { transitionQuotation } from "../../adapters/db/quotations-repo";
import { claimJob, failAttempt, finishJob, getJob, markDead, reviveJob, staleJobs, touchJob, type ZohoJobKind, type ZohoJobRow } from "../../adapters/db/zoho-jobs-repo";
import type { Services } from "../services";
import { describeError, errorText, log } from "../../lib/log";
import type { JobContext } from "./enqueue";
import { isRetryable, unclaimedOutcome } from "./job-rules";

export { enqueueZohoJob } from "./enqueue";

export type JobOutcome = "succeeded" | "already-done" | "unknown" | "dead" | "busy";

/**
 * What each kind of job does, and what a dead one means. The ledger runs jobs it does not know:
 * the shell's queue consumer hands it the table (src/shell/queues/zoho-job-handlers.ts), so the
 * ledger imports neither the sale order nor the CRM code that uses it.
 */
export interface ZohoJobHandlers {
  readonly run: { readonly [K in ZohoJobKind]: (context: JobContext) => Promise<void> };
  /** Called once a job of this kind is dead (a sale order's quotation fails and managers are told). */
  readonly died: { readonly [K in ZohoJobKind]?: (services: Services, db: Database, job: ZohoJobRow) => Promise<void> };
}

/** How long one delivery owns a job: longer than any run (a queue invocation has 15 minutes). */
const JOB_LEASE_MS = 15 * 60_000;

/** Thrown when another delivery holds the job: the queue tries this message again later. */
export class JobBusyError extends Error {
  override name = "JobBusyError";
}

/**
 * One delivery of a job. Success and permanent failure are settled here (the message is then
 * acked); a retryable failure is recorded and rethrown so the queue redelivers with backoff. A
 * job another delivery is running is retried later; a succeeded or dead one is acked untouched.
 */
export async function runZohoJob(services: Services, handlers: ZohoJobHandlers, jobId: string): Promise<JobOutcome> {
  return services.database(async (db) => {
    const claim = await claimJob(db, jobId, JOB_LEASE_MS);
    if (!claim.claimed) {
      const outcome = unclaimedOutcome(claim.job);
      if (outcome === "unknown") log("warn", "zoho_job.unknown", { job: jobId });
      if (outcome === "busy") throw new JobBusyError(`job ${jobId} is running in another delivery`);
      return outcome;
    }
    const job = claim.job;
    const requests = { count: 0 };
    const context: JobContext = { services, config: services.config, db, job, requests };
    try {
      await handlers.run[job.kind](context);
      await finishJob(db, jobId, requests.count);
      log("info", "zoho_job.succeeded", { job: jobId, attempts: job.attempts, zohoRequests: requests.count });
      return "succeeded";
    } catch (error) {
      // Kept in the ledger and shown to staff: a failed query without its parameters.
      const message = errorText(error);
      await failAttempt(db, jobId, message, requests.count);
      if (isRetryable(error)) throw error;
      log("error", "zoho_job.permanent_failure", { job: jobId, ...describeError(error) });
      await settleDead(services, handlers, db, jobId, message);
      return "dead";
    }
  });
}

/** Called for a message the queue gave up on (dead-letter queue) and for permanent failures. */
export async function jobDied(services: Services, handlers: ZohoJobHandlers, jobId: string, reason: string | null): Promise<void> {
  await services.database((db) => settleDead(services, handlers, db, jobId, reason));
}

async function settleDead(services: Services, handlers: ZohoJobHandlers, db: Database, jobId: string, reason: string | null): Promise<void> {
  const dead = await markDead(db, jobId, reason);
  if (!dead) return; // succeeded meanwhile, or unknown
  log("error", "zoho_job.dead", { job: jobId, kind: dead.kind, attempts: dead.attempts });
  await handlers.died[dead.kind]?.(services, db, dead);
}

export type ReplayResult = { ok: true; job: ZohoJobRow } | { ok: false; reason: "not_found" | "not_dead"; job?: ZohoJobRow };

/** A manager's replay of a dead job: it runs again, once; the ledger keeps it from writing twice. */
export async function replayZohoJob(services: Services, db: Database, jobId: string): Promise<ReplayResult> {
  const existing = await getJob(db, jobId);
  if (!existing) return { ok: false, reason: "not_found" };
  // Revived job and quotation back to confirmed together, or neither.
  const revived = await db.transaction(async (tx) => {
    const job = await reviveJob(tx as unknown as Database, jobId);
    if (job?.kind === "sale-order") {
      await transitionQuotation(tx as unknown as Database, job.subjectId, { from: "failed", to: "confirmed", actor: "manager", reason: "replayed from the dead-letter state" });
    }
    return job;
  });
  if (!revived) return { ok: false, reason: "not_dead", job: existing };
  await services.sendZohoJob(jobId);
  log("info", "zoho_job.replayed", { job: jobId, replays: revived.replays });
  return { ok: true, job: revived };
}

/** The cron's sweep; it never throws (a failed sweep is retried by the next tick). */
export async function resendLostZohoJobs(services: Services): Promise<void> {
  if (!services.config.DATABASE_URL) return;
  try {
    await services.database((db) => resendStaleJobs(services, db));
  } catch (error) {
    log("error", "zoho_job.sweep_failed", describeError(error));
  }
}

/** Cron: jobs whose queue message went missing (queued or running, untouched for 30 minutes) are sent again. */
export async function resendStaleJobs(services: Pick<Services, "sendZohoJob">, db: Database): Promise<number> {
  const stale = await staleJobs(db, 30 * 60_000, 50);
  for (const job of stale) {
    await touchJob(db, job.id);
    await services.sendZohoJob(job.id);
  }
  if (stale.length > 0) log("warn", "zoho_job.resent_stale", { count: stale.length });
  return stale.length;
}
