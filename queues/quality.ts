import { log } from "../src/lib/log";

/** Conversation quality reviews. The reviewer (LLM judge plus code checks) comes with its issue. */
export async function handleQualityBatch(batch: MessageBatch<unknown>, _env: Env): Promise<void> {
  for (const message of batch.messages) {
    log("info", "quality.job_received", { messageId: message.id, attempts: message.attempts });
    message.ack();
  }
}
