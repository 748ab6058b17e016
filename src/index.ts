import { createApp } from "./app";
import { handleQueueBatch } from "../queues";
import type { ZohoSyncJob } from "../queues/zoho-sync";
import { registerAdminPrompts } from "./routes/admin-prompts";
import { registerAdminSettings } from "./routes/admin-settings";
import { registerConversations } from "./routes/conversations";
import { registerHealth } from "./routes/health";
import { registerProducts } from "./routes/products";
import { registerWazzupWebhook } from "./routes/webhook-wazzup";

export { ConversationDurableObject } from "../durable-objects/conversation";

const app = createApp();
registerHealth(app);
registerWazzupWebhook(app);
registerConversations(app);
registerProducts(app);
registerAdminSettings(app);
registerAdminPrompts(app);

export default {
  fetch: app.fetch,
  queue: handleQueueBatch,
  /** The cron tick enqueues a catalog sync; the queue consumer does the work. */
  async scheduled(_controller, env, ctx) {
    const job: ZohoSyncJob = { kind: "catalog-sync", requestedAt: new Date().toISOString(), trigger: "cron" };
    ctx.waitUntil(env.ZOHO_SYNC_QUEUE.send(job));
  },
} satisfies ExportedHandler<Env>;
