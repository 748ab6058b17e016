import { z } from "zod";
import { log } from "../src/lib/log";

/** Jobs on the zoho-sync queue. Catalog sync, sale orders and CRM writes arrive in later issues. */
export const zohoSyncJobSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("catalog-sync"), requestedAt: z.string(), trigger: z.enum(["cron", "api"]) }),
]);
export type ZohoSyncJob = z.infer<typeof zohoSyncJobSchema>;

/**
 * Acks or retries each message on its own. Until the Zoho client lands a catalog-sync job is
 * acknowledged and logged; a malformed job is acknowledged (a retry cannot fix it) and logged.
 */
export async function handleZohoSyncBatch(batch: MessageBatch<unknown>, _env: Env): Promise<void> {
  for (const message of batch.messages) {
    const job = zohoSyncJobSchema.safeParse(message.body);
    if (!job.success) {
      log("error", "zoho_sync.malformed_job", { messageId: message.id });
      message.ack();
      continue;
    }
    log("info", "zoho_sync.job_received", { kind: job.data.kind, trigger: job.data.trigger, attempts: message.attempts });
    message.ack();
  }
}
