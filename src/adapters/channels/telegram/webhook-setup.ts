import { z } from "zod";
import type { TelegramBotApi } from "./api";
import { telegramWebhookInfoSchema, type TelegramWebhookInfo } from "./wire";

/** The update kinds the webhook asks for: the ones `parseTelegramUpdate` reads. */
export const TELEGRAM_ALLOWED_UPDATES = ["message", "edited_message"];

/** Where Telegram posts updates for a deployment whose public origin is `publicBaseUrl`. */
export function telegramWebhookUrl(publicBaseUrl: string): string {
  return new URL("/api/v1/webhook/telegram", publicBaseUrl).toString();
}

/**
 * Points the bot at this deployment (setWebhook with the secret Telegram sends back in
 * X-Telegram-Bot-Api-Secret-Token and only the update kinds we read), then reads getWebhookInfo.
 * Used by `npm run telegram:webhook` and by the local stack against the stand-in.
 */
export async function setTelegramWebhook(api: TelegramBotApi, publicBaseUrl: string, secretToken: string): Promise<{ ok: true; url: string; info: TelegramWebhookInfo } | { ok: false; error: string }> {
  const url = telegramWebhookUrl(publicBaseUrl);
  const set = await api.call("setWebhook", { url, secret_token: secretToken, allowed_updates: TELEGRAM_ALLOWED_UPDATES }, z.literal(true));
  if (!set.ok) return { ok: false, error: `setWebhook refused: ${set.kind === "error" ? `${set.errorCode} ${set.description}` : set.description}` };
  const info = await api.call("getWebhookInfo", {}, telegramWebhookInfoSchema);
  if (!info.ok) return { ok: false, error: `getWebhookInfo failed: ${info.description}` };
  return { ok: true, url, info: info.result };
}
