import { handleQualityBatch, handleQualityDeadLetters } from "./quality-reviews";
import { handleZohoDeadLetters, handleZohoSyncBatch } from "./zoho-sync";

/** Routes a batch to its consumer by queue name (environments may suffix names, e.g. zoho-sync-staging). */
export async function handleQueueBatch(batch: MessageBatch<unknown>, env: Env, _ctx?: ExecutionContext): Promise<void> {
  const zoho = batch.queue.startsWith("zoho-sync") || batch.queue.startsWith("zoho-crm");
  if (zoho && batch.queue.endsWith("-dlq")) return handleZohoDeadLetters(batch, env);
  if (zoho) return handleZohoSyncBatch(batch, env);
  if (batch.queue.startsWith("quality-reviews")) return batch.queue.endsWith("-dlq") ? handleQualityDeadLetters(batch, env) : handleQualityBatch(batch, env);
  throw new Error(`no consumer for queue ${batch.queue}`);
}
