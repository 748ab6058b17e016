import { z } from "zod";
import { analyticsRunInvocation } from "../../app/analytics/service";
import { syncCatalogRun } from "../../app/catalog/service";
import { servicesFor } from "../composition";
import { catalogRetryDelaySeconds, isRetryableDelivery, retryDelaySeconds } from "../../app/jobs/job-rules";
import { jobDied, runZohoJob } from "../../app/jobs/zoho-jobs";
import { ZOHO_JOB_HANDLERS } from "./zoho-job-handlers";
import { describeError, log } from "../../lib/log";
import { runStockNotice, stockNoticeJobSchema } from "../../app/outreach/stock-notices";

/** Jobs on the zoho-sync queue: catalog sync invocations and Zoho writes (sale orders, CRM), the latter by ledger key. */
export const zohoSyncJobSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("catalog-sync"), runId: z.string().uuid() }),
  z.object({ kind: z.literal("zoho-job"), jobId: z.string().min(1).max(200) }),
  z.object({ kind: z.literal("analytics-run"), runId: z.string().uuid() }),
  ...stockNoticeJobSchema.options,
]);
export type ZohoSyncJob = z.infer<typeof zohoSyncJobSchema>;

/**
 * Acks or retries each message on its own, so one failure never redelivers the whole batch.
 * A malformed job is acknowledged (a retry cannot fix it); a retryable failure is retried with
 * Zoho's Retry-After or an exponential backoff; a permanent one is settled (run failed, job dead)
 * and acknowledged, because retrying cannot fix it either. After the queue's last retry the
 * message goes to the dead-letter queue (`handleZohoDeadLetters`).
 */
export async function handleZohoSyncBatch(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  const services = servicesFor(env);
  const { config } = services;
  for (const message of batch.messages) {
    const job = zohoSyncJobSchema.safeParse(message.body);
    if (!job.success) {
      log("error", "zoho_sync.malformed_job", { messageId: message.id });
      message.ack();
      continue;
    }
    try {
      if (job.data.kind === "catalog-sync") {
        const result = await syncCatalogRun(services, job.data.runId);
        log("info", "zoho_sync.catalog_invocation", { runId: job.data.runId, outcome: result.outcome, attempts: message.attempts });
      } else if (job.data.kind === "back-in-stock" || job.data.kind === "low-stock") {
        const stockJob = job.data;
        const later = await services.database((db) => runStockNotice(services, db, stockJob));
        if (later) {
          // A cap defers the notice: the queue brings it back when the cap lifts (at most its 12 h delay).
          message.retry({ delaySeconds: Math.min(43_200, Math.max(60, Math.ceil((later.retryAt - Date.now()) / 1000))) });
          continue;
        }
      } else if (job.data.kind === "analytics-run") {
        const result = await analyticsRunInvocation(services, job.data.runId);
        log("info", "zoho_sync.analytics_invocation", { runId: job.data.runId, outcome: result.outcome, attempts: message.attempts });
      } else {
        await runZohoJob(services, ZOHO_JOB_HANDLERS, job.data.jobId);
      }
      message.ack();
    } catch (error) {
      const retryable = isRetryableDelivery(error);
      log(retryable ? "warn" : "error", "zoho_sync.job_failed", { job: describeJob(job.data), retryable, attempts: message.attempts, ...describeError(error) });
      if (!retryable) {
        message.ack();
        continue;
      }
      message.retry({ delaySeconds: job.data.kind === "zoho-job" ? retryDelaySeconds(config, message.attempts, error) : catalogRetryDelaySeconds(message.attempts, error) });
    }
  }
}

/**
 * The dead-letter queue: messages whose retries ran out. A Zoho write becomes a `dead` job that
 * managers see and can replay (`/api/v1/admin/zoho-jobs`); a sale order's quotation is marked
 * failed and managers are notified. Catalog runs already record their own failure.
 */
export async function handleZohoDeadLetters(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  const services = servicesFor(env);
  const { config } = services;
  for (const message of batch.messages) {
    const job = zohoSyncJobSchema.safeParse(message.body);
    try {
      if (job.success && job.data.kind === "zoho-job") await jobDied(services, ZOHO_JOB_HANDLERS, job.data.jobId, null);
      log("error", "zoho_sync.dead_letter", { job: job.success ? describeJob(job.data) : "malformed" });
      message.ack();
    } catch (error) {
      log("error", "zoho_sync.dead_letter_failed", describeError(error));
      message.retry({ delaySeconds: 60 });
    }
  }
}

function describeJob(job: ZohoSyncJob): string {
  if (job.kind === "zoho-job") return job.jobId;
  if (job.kind === "back-in-stock") return `${job.kind}:${job.subscriptionId}`;
  if (job.kind === "low-stock") return `${job.kind}:${job.productId}`;
  return `${job.kind}:${job.runId}`;
}
