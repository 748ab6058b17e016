import { z } from "zod";
import { ZohoError } from "../src/adapters/zoho/errors";
import { syncCatalogRun } from "../src/catalog/service";
import { getConfig } from "../src/config";
import { describeError, log } from "../src/lib/log";

/** Jobs on the zoho-sync queue. Sale orders and CRM writes arrive with their issue. */
export const zohoSyncJobSchema = z.discriminatedUnion("kind", [z.object({ kind: z.literal("catalog-sync"), runId: z.string().uuid() })]);
export type ZohoSyncJob = z.infer<typeof zohoSyncJobSchema>;

/** Retry delays stay within what a queue message allows and what Zoho asked for. */
const MIN_RETRY_S = 5;
const MAX_RETRY_S = 15 * 60;

/**
 * Acks or retries each message on its own, so one failure never redelivers the whole batch.
 * A malformed job is acknowledged (a retry cannot fix it); a retryable Zoho failure is retried
 * with Zoho's Retry-After or the queue's backoff; a permanent one (credentials, configuration)
 * is acknowledged with the run marked failed, because retrying cannot fix it either.
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
      const result = await syncCatalogRun(env, config, job.data.runId);
      log("info", "zoho_sync.catalog_invocation", { runId: job.data.runId, outcome: result.outcome, attempts: message.attempts });
      message.ack();
    } catch (error) {
      const retryable = !(error instanceof ZohoError) || error.retryable;
      log(retryable ? "warn" : "error", "zoho_sync.catalog_failed", { runId: job.data.runId, retryable, attempts: message.attempts, ...describeError(error) });
      if (!retryable) {
        message.ack();
        continue;
      }
      const hinted = error instanceof ZohoError ? error.details.retryAfterMs : undefined;
      const delaySeconds = Math.min(MAX_RETRY_S, Math.max(MIN_RETRY_S, hinted ? Math.ceil(hinted / 1000) : 30 * 2 ** Math.min(message.attempts - 1, 4)));
      message.retry({ delaySeconds });
    }
  }
}
