import { z } from "zod";
import { ZohoError } from "../src/adapters/zoho/errors";
import { syncCatalogRun } from "../src/catalog/service";
import { getConfig, type Config } from "../src/config";
import { jobDied, runZohoJob } from "../src/jobs/zoho-jobs";
import { describeError, log } from "../src/lib/log";

/** Jobs on the zoho-sync queue: catalog sync invocations and Zoho writes (sale orders, CRM), the latter by ledger key. */
export const zohoSyncJobSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("catalog-sync"), runId: z.string().uuid() }),
  z.object({ kind: z.literal("zoho-job"), jobId: z.string().min(1).max(200) }),
]);
export type ZohoSyncJob = z.infer<typeof zohoSyncJobSchema>;

/** Retry delays stay within what a queue message allows and what Zoho asked for. */
const MAX_RETRY_S = 15 * 60;

/**
 * Acks or retries each message on its own, so one failure never redelivers the whole batch.
 * A malformed job is acknowledged (a retry cannot fix it); a retryable failure is retried with
 * Zoho's Retry-After or an exponential backoff; a permanent one is settled (run failed, job dead)
 * and acknowledged, because retrying cannot fix it either. After the queue's last retry the
 * message goes to the dead-letter queue (`handleZohoDeadLetters`).
 */
export async function handleZohoSyncBatch(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  const config = getConfig(env);
  for (const message of batch.messages) {
    const job = zohoSyncJobSchema.safeParse(message.body);
    if (!job.success) {
      log("error", "zoho_sync.malformed_job", { messageId: message.id });
      message.ack();
      continue;
    }
    try {
      if (job.data.kind === "catalog-sync") {
        const result = await syncCatalogRun(env, config, job.data.runId);
        log("info", "zoho_sync.catalog_invocation", { runId: job.data.runId, outcome: result.outcome, attempts: message.attempts });
      } else {
        await runZohoJob(env, config, job.data.jobId);
      }
      message.ack();
    } catch (error) {
      const retryable = !(error instanceof ZohoError) || error.retryable;
      log(retryable ? "warn" : "error", "zoho_sync.job_failed", { job: describeJob(job.data), retryable, attempts: message.attempts, ...describeError(error) });
      if (!retryable) {
        message.ack();
        continue;
      }
      message.retry({ delaySeconds: job.data.kind === "catalog-sync" ? catalogRetryDelaySeconds(message.attempts, error) : retryDelaySeconds(config, message.attempts, error) });
    }
  }
}

/**
 * The dead-letter queue: messages whose retries ran out. A Zoho write becomes a `dead` job that
 * managers see and can replay (`/api/v1/admin/zoho-jobs`); a sale order's quotation is marked
 * failed and managers are notified. Catalog runs already record their own failure.
 */
export async function handleZohoDeadLetters(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  const config = getConfig(env);
  for (const message of batch.messages) {
    const job = zohoSyncJobSchema.safeParse(message.body);
    try {
      if (job.success && job.data.kind === "zoho-job") await jobDied(env, config, job.data.jobId, null);
      log("error", "zoho_sync.dead_letter", { job: job.success ? describeJob(job.data) : "malformed" });
      message.ack();
    } catch (error) {
      log("error", "zoho_sync.dead_letter_failed", describeError(error));
      message.retry({ delaySeconds: 60 });
    }
  }
}

/**
 * A catalog run keeps its checkpoint, and the cron or a new request resumes it anyway: at least
 * 5 s, Zoho's Retry-After when given, else 30 s doubling.
 */
function catalogRetryDelaySeconds(attempts: number, error: unknown): number {
  const hinted = error instanceof ZohoError ? error.details.retryAfterMs : undefined;
  return Math.min(MAX_RETRY_S, Math.max(5, hinted ? Math.ceil(hinted / 1000) : 30 * 2 ** Math.min(attempts - 1, 4)));
}

/** A Zoho write: Zoho's Retry-After when it gave one, else ZOHO_JOB_RETRY_MIN_S × 2^(attempt-1), capped at 15 minutes. */
export function retryDelaySeconds(config: Config, attempts: number, error: unknown): number {
  const hinted = error instanceof ZohoError ? error.details.retryAfterMs : undefined;
  const backoff = config.ZOHO_JOB_RETRY_MIN_S * 2 ** Math.min(attempts - 1, 10);
  return Math.min(MAX_RETRY_S, hinted ? Math.max(Math.ceil(hinted / 1000), config.ZOHO_JOB_RETRY_MIN_S) : backoff);
}

function describeJob(job: ZohoSyncJob): string {
  return job.kind === "catalog-sync" ? `catalog-sync:${job.runId}` : job.jobId;
}
