import { applyDeliveryStatuses } from "../../adapters/db/conversations-repo";
import type { App } from "../http-types";
import { deliverMessages } from "../../core/channels/ingest";
import { parseWazzupDelivery } from "../../adapters/channels/wazzup/ingress";
import { wazzupWebhookSchema } from "../../adapters/channels/wazzup/wire";
import { servicesFor } from "../composition";
import { ApiError } from "../../core/errors";
import { describeError, log } from "../../lib/log";
import { readJsonBody } from "../middleware/json-body";
import { requireJsonContentType } from "../middleware/json-content-type";
import { tokenAuth } from "../middleware/token-auth";

/** Wazzup batches messages; 1 MiB holds hundreds of them and stops abuse early. */
export const WEBHOOK_MAX_BYTES = 1024 * 1024;

/**
 * `POST /api/v1/webhook/wazzup`: authenticated by WAZZUP_WEBHOOK_TOKEN (query `token` or Bearer).
 * Answers 200 only after every inbound message is stored by its conversation, 503 otherwise.
 */
export function registerWazzupWebhook(app: App): void {
  app.post("/api/v1/webhook/wazzup", tokenAuth({ setting: "WAZZUP_WEBHOOK_TOKEN", queryParam: "token" }), requireJsonContentType(), async (c) => {
    const payload = await readJsonBody(c, wazzupWebhookSchema, WEBHOOK_MAX_BYTES);
    if (payload.test === true && !payload.messages && !payload.statuses) return c.json({ ok: true, test: true });
    const services = servicesFor(c.env);
    const delivery = parseWazzupDelivery(payload, services.config.WAZZUP_CHANNEL_ID);
    if (delivery.foreignChannel > 0) log("warn", "webhook.foreign_channel", { count: delivery.foreignChannel });

    let summary;
    try {
      summary = await deliverMessages(delivery.messages, services.inbox);
    } catch (error) {
      log("error", "webhook.store_failed", { requestId: c.get("requestId"), ...describeError(error) });
      throw new ApiError(503, "STORAGE_UNAVAILABLE", "Messages could not be stored; retry the delivery");
    }

    const statuses = delivery.statuses;
    if (statuses.length > 0 && services.config.DATABASE_URL) {
      // Delivery statuses are informational: applied after the acknowledgement, never blocking it.
      c.executionCtx.waitUntil(
        services.database((db) => applyDeliveryStatuses(db, "whatsapp", statuses)).catch((error: unknown) =>
          log("warn", "webhook.statuses_failed", { count: statuses.length, ...describeError(error) }),
        ),
      );
    }
    return c.json({ ok: true, ...summary, ignored: delivery.foreignChannel, statuses: statuses.length });
  });
}
