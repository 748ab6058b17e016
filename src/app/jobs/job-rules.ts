import { ZohoError } from "../../adapters/zoho/errors";
import type { Config } from "../../core/config";
import type { ZohoJobStatus } from "../../adapters/db/zoho-jobs-repo";

/**
 * The Zoho job ledger's decisions, free of I/O so they are unit- and mutation-tested in plain
 * Node: which failures are retried, how long the queue waits, what a delivery that could not
 * claim its job answers, and which queue a job goes to.
 */

/** A failure that retrying cannot fix (bad data, a refused record): the job goes to the dead-letter state at once. */
export class PermanentJobError extends Error {
  override name = "PermanentJobError";
}

/** Retry delays stay within what a queue message allows and what Zoho asked for. */
export const MAX_RETRY_S = 15 * 60;

/** Whether a failed attempt of a Zoho job is worth another delivery. */
export function isRetryable(error: unknown): boolean {
  if (error instanceof PermanentJobError) return false;
  if (error instanceof ZohoError) return error.retryable;
  // Our own bugs and database hiccups: retrying is the safe default, the dead-letter queue the backstop.
  return true;
}

/** Whether the queue retries a message whose handler threw: everything but Zoho saying no for good. */
export function isRetryableDelivery(error: unknown): boolean {
  return !(error instanceof ZohoError) || error.retryable;
}

export type UnclaimedOutcome = "unknown" | "busy" | "already-done" | "dead";

/**
 * What a delivery that could not claim its job answers: the job does not exist, another delivery
 * is running it (the message is retried later), it already succeeded, or it is dead (waiting for
 * a manager's replay). Only the first two are not acked as settled.
 */
export function unclaimedOutcome(job: { status: ZohoJobStatus } | null): UnclaimedOutcome {
  if (!job) return "unknown";
  if (job.status === "running") return "busy";
  return job.status === "succeeded" ? "already-done" : "dead";
}

/** CRM jobs go to their own queue so CRM's pace never holds a sale order back. */
export function isCrmJob(jobId: string): boolean {
  return jobId.startsWith("crm-");
}

/** A Zoho write: Zoho's Retry-After when it gave one, else ZOHO_JOB_RETRY_MIN_S × 2^(attempt-1), capped at 15 minutes. */
export function retryDelaySeconds(config: Pick<Config, "ZOHO_JOB_RETRY_MIN_S">, attempts: number, error: unknown): number {
  const hinted = error instanceof ZohoError ? error.details.retryAfterMs : undefined;
  const backoff = config.ZOHO_JOB_RETRY_MIN_S * 2 ** Math.min(attempts - 1, 10);
  return Math.min(MAX_RETRY_S, hinted ? Math.max(Math.ceil(hinted / 1000), config.ZOHO_JOB_RETRY_MIN_S) : backoff);
}

/**
 * A catalog run keeps its checkpoint, and the cron or a new request resumes it anyway: at least
 * 5 s, Zoho's Retry-After when given, else 30 s doubling.
 */
export function catalogRetryDelaySeconds(attempts: number, error: unknown): number {
  const hinted = error instanceof ZohoError ? error.details.retryAfterMs : undefined;
  return Math.min(MAX_RETRY_S, Math.max(5, hinted ? Math.ceil(hinted / 1000) : 30 * 2 ** Math.min(attempts - 1, 4)));
}
