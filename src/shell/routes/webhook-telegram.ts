import type { App } from "../http-types";
import { deliverMessages } from "../../core/channels/ingest";
import type { TelegramChannel } from "../../adapters/channels/telegram/channel";
import { parseTelegramUpdate } from "../../adapters/channels/telegram/ingress";
import { verifyTelegramSecret } from "../../adapters/channels/telegram/verify";
import { telegramUpdateSchema } from "../../adapters/channels/telegram/wire";
import { servicesFor } from "../composition";
import { ApiError } from "../../core/errors";
import { describeError, log } from "../../lib/log";
import { readJsonBody } from "../middleware/json-body";
import { requireJsonContentType } from "../middleware/json-content-type";

/** One update is one message; 1 MiB is far above any of them. */
const UPDATE_MAX_BYTES = 1024 * 1024;

/**
 * `POST /api/v1/webhook/telegram`: authenticated by `X-Telegram-Bot-Api-Secret-Token` (set with
 * setWebhook). Answers 200 only after the update's message is stored by its conversation, 503
 * otherwise, so Telegram's retry loses nothing. A repeated update (same chat, same message id),
 * even a concurrent one, is stored once and answered once: the conversation object deduplicates.
 */
export function registerTelegramWebhook(app: App): void {
  app.post("/api/v1/webhook/telegram", verifyTelegramSecret(), requireJsonContentType(), async (c) => {
    const update = await readJsonBody(c, telegramUpdateSchema, UPDATE_MAX_BYTES);
    const services = servicesFor(c.env);
    const bot = services.channel("telegram") as TelegramChannel;
    const messages = parseTelegramUpdate(update, { id: bot.botId });
    try {
      const summary = await deliverMessages(messages, services.inbox);
      return c.json({ ok: true, ...summary });
    } catch (error) {
      log("error", "webhook.store_failed", { channel: "telegram", requestId: c.get("requestId"), ...describeError(error) });
      throw new ApiError(503, "STORAGE_UNAVAILABLE", "The update could not be stored; Telegram will retry it");
    }
  });
}
