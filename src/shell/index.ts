import { withDatabase } from "../adapters/db/client";
import { digestCronTick } from "../app/outreach/digest-send";
import { createApp } from "./http-app";
import type { App } from "./http-types";
import type { ChannelName } from "../core/channels/registry";
import { handleQueueBatch } from "./queues";
import { analyticsCronTick } from "../app/analytics/service";
import { catalogCronTick } from "../app/catalog/service";
import { getConfig } from "../core/config";
import { resendLostZohoJobs } from "../app/jobs/zoho-jobs";
import { registerAdminKnowledge } from "./routes/admin-knowledge";
import { registerAnalytics } from "./routes/analytics";
import { registerAdminPrompts } from "./routes/admin-prompts";
import { registerAdminSettings } from "./routes/admin-settings";
import { registerConversations } from "./routes/conversations";
import { registerHealth } from "./routes/health";
import { registerInventory } from "./routes/inventory";
import { registerOrders } from "./routes/orders";
import { registerProducts } from "./routes/products";
import { registerQuality } from "./routes/quality-reviews";
import { registerQualityFindings } from "./routes/quality-findings";
import { servicesFor } from "./composition";
import { weeklyFindingsTick } from "../app/quality/findings/weekly";
import { registerTelegramWebhook } from "./routes/webhook-telegram";
import { registerStaffAuth } from "./routes/staff-auth";
import { registerCustomers } from "./routes/customers";
import { registerExports } from "./routes/exports";
import { registerStaffDocs } from "./routes/staff-docs";
import { registerMetrics } from "./routes/admin-metrics";
import { registerWazzupWebhook } from "./routes/webhook-wazzup";

export { ConversationDurableObject } from "./durable-objects/conversation";
export { ZohoGatewayDurableObject } from "./durable-objects/zoho-gateway";
export { InboxEventsDurableObject } from "./durable-objects/inbox-events";

/** Each registered channel's webhook route (src/core/channels/registry.ts); a channel missing here does not typecheck. */
const CHANNEL_WEBHOOKS: { readonly [N in ChannelName]: (app: App) => void } = {
  whatsapp: registerWazzupWebhook,
  telegram: registerTelegramWebhook,
};

const app = createApp();
registerHealth(app);
for (const register of Object.values(CHANNEL_WEBHOOKS)) register(app);
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
registerAnalytics(app);
registerExports(app);
registerStaffDocs(app);

export default {
  fetch: app.fetch,
  queue: handleQueueBatch,
  /** The cron tick starts a catalog sync when one is due; the zoho-sync queue consumer does the work. */
  async scheduled(_controller, env, ctx) {
    const config = getConfig(env);
    const services = servicesFor(env);
    ctx.waitUntil(catalogCronTick(services).then(() => undefined));
    ctx.waitUntil(resendLostZohoJobs(services));
    // Customer analytics: the nightly history sync, segments and scores (issue 23).
    ctx.waitUntil(analyticsCronTick(services));
    // The managers' morning digest (outreach): its own small hook.
    ctx.waitUntil(withDatabase(config, (db) => digestCronTick(config, db, Date.now())));
    ctx.waitUntil(weeklyFindingsTick(config, services.qualityModel()));
  },
} satisfies ExportedHandler<Env>;
