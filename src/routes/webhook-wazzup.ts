import { withDatabase } from "../adapters/db/client";
import { applyDeliveryStatuses } from "../adapters/db/conversations-repo";
import type { App } from "../app";
import { getConfig } from "../config";
import { deliverMessages, type ConversationInbox } from "../domain/ingest";
import { wazzupWebhookSchema } from "../domain/wazzup-webhook";
import { ApiError } from "../errors";
import { describeError, log } from "../lib/log";
import { readJsonBody } from "../middleware/json-body";
import { tokenAuth } from "../middleware/token-auth";

/** Wazzup batches messages; 1 MiB holds hundreds of them and stops abuse early. */
export const WEBHOOK_MAX_BYTES = 1024 * 1024;

/**
 * `POST /api/v1/webhook/wazzup`: authenticated by WAZZUP_WEBHOOK_TOKEN (query `token` or Bearer).
 * Answers 200 only after every inbound message is stored by its conversation, 503 otherwise.
 */
export function registerWazzupWebhook(app: App): void {
  app.post("/api/v1/webhook/wazzup", tokenAuth({ setting: "WAZZUP_WEBHOOK_TOKEN", queryParam: "token" }), async (c) => {
    const payload = await readJsonBody(c, wazzupWebhookSchema, WEBHOOK_MAX_BYTES);
    if (payload.test === true && !payload.messages && !payload.statuses) return c.json({ ok: true, test: true });

    const inbox: ConversationInbox = {
      receive: (key, messages) => c.env.CONVERSATIONS.get(c.env.CONVERSATIONS.idFromName(key)).receive(messages),
    };
    let summary;
    try {
      summary = await deliverMessages(payload, inbox);
    } catch (error) {
      log("error", "webhook.store_failed", { requestId: c.get("requestId"), ...describeError(error) });
      throw new ApiError(503, "STORAGE_UNAVAILABLE", "Messages could not be stored; retry the delivery");
    }

    const statuses = payload.statuses ?? [];
    const config = getConfig(c.env);
    if (statuses.length > 0 && config.DATABASE_URL) {
      // Delivery statuses are informational: applied after the acknowledgement, never blocking it.
      c.executionCtx.waitUntil(
        withDatabase(config, (db) => applyDeliveryStatuses(db, statuses)).catch((error: unknown) =>
          log("warn", "webhook.statuses_failed", { count: statuses.length, ...describeError(error) }),
        ),
      );
    }
    return c.json({ ok: true, ...summary, statuses: statuses.length });
  });
}
