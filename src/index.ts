import { createApp } from "./app";
import { handleQueueBatch } from "../queues";
import { catalogCronTick } from "./catalog/service";
import { getConfig } from "./config";
import { resendLostZohoJobs } from "./jobs/zoho-jobs";
import { registerAdminKnowledge } from "./routes/admin-knowledge";
import { registerAdminPrompts } from "./routes/admin-prompts";
import { registerAdminSettings } from "./routes/admin-settings";
import { registerConversations } from "./routes/conversations";
import { registerHealth } from "./routes/health";
import { registerInventory } from "./routes/inventory";
import { registerOrders } from "./routes/orders";
import { registerProducts } from "./routes/products";
import { registerQuality } from "./routes/quality";
import { registerQualityFindings } from "./routes/quality-findings";
import { servicesFor } from "./composition";
import { weeklyFindingsTick } from "./quality/findings/weekly";
import { registerTelegramWebhook } from "./routes/webhook-telegram";
import { registerStaffAuth } from "./routes/staff-auth";
import { registerCustomers } from "./routes/customers";
import { registerStaffDocs } from "./routes/staff-docs";
import { registerMetrics } from "./routes/admin-metrics";
import { registerWazzupWebhook } from "./routes/webhook-wazzup";

export { ConversationDurableObject } from "../durable-objects/conversation";
export { ZohoGatewayDurableObject } from "../durable-objects/zoho-gateway";
export { InboxEventsDurableObject } from "./staff/inbox-events-object";

const app = createApp();
registerHealth(app);
registerWazzupWebhook(app);
registerTelegramWebhook(app);
registerConversations(app);
registerProducts(app);
registerInventory(app);
registerOrders(app);
registerAdminSettings(app);
registerAdminPrompts(app);
registerAdminKnowledge(app);
registerStaffAuth(app);
registerMetrics(app);
registerQuality(app);
registerQualityFindings(app);
registerCustomers(app);
registerStaffDocs(app);

export default {
  fetch: app.fetch,
  queue: handleQueueBatch,
  /** The cron tick starts a catalog sync when one is due; the zoho-sync queue consumer does the work. */
  async scheduled(_controller, env, ctx) {
    const config = getConfig(env);
    ctx.waitUntil(catalogCronTick(env, config).then(() => undefined));
    ctx.waitUntil(resendLostZohoJobs(env, config));
    ctx.waitUntil(weeklyFindingsTick(config, servicesFor(env).qualityModel()));
  },
} satisfies ExportedHandler<Env>;
