import { z } from "zod";
import { configSchema } from "../src/core/config";
import { TelegramBotApi } from "../src/adapters/channels/telegram/api";
import { setTelegramWebhook, TELEGRAM_ALLOWED_UPDATES } from "../src/adapters/channels/telegram/webhook-setup";
import { telegramWebhookInfoSchema } from "../src/adapters/channels/telegram/wire";

/**
 * `npm run telegram:webhook`: points the bot's webhook at this deployment. Calls setWebhook with
 * `{PUBLIC_BASE_URL}/api/v1/webhook/telegram`, the secret Telegram will send back in
 * X-Telegram-Bot-Api-Secret-Token, and only the update kinds we read; then prints getWebhookInfo.
 * Reads TELEGRAM_BOT_TOKEN, TELEGRAM_WEBHOOK_SECRET, PUBLIC_BASE_URL and optionally
 * TELEGRAM_API_URL from the environment. `--delete` removes the webhook instead.
 */
const settings = configSchema.pick({ TELEGRAM_API_URL: true, TELEGRAM_BOT_TOKEN: true, TELEGRAM_WEBHOOK_SECRET: true, PUBLIC_BASE_URL: true });

function fail(message: string): never {
  console.error(`telegram:webhook: ${message}`);
  process.exit(1);
}

const parsed = settings.safeParse(process.env);
if (!parsed.success) fail(parsed.error.issues.map((issue) => `${issue.path.join(".")} ${issue.message}`).join("; "));
const { TELEGRAM_API_URL, TELEGRAM_BOT_TOKEN, TELEGRAM_WEBHOOK_SECRET, PUBLIC_BASE_URL } = parsed.data;
const deleting = process.argv.includes("--delete");
const required = deleting ? { TELEGRAM_BOT_TOKEN } : { TELEGRAM_BOT_TOKEN, TELEGRAM_WEBHOOK_SECRET, PUBLIC_BASE_URL };
const missing = Object.entries(required)
  .filter(([, value]) => !value)
  .map(([name]) => name);
if (missing.length > 0) fail(`set ${missing.join(", ")} in the environment (the same values the Worker has)`);

const api = new TelegramBotApi({ apiUrl: TELEGRAM_API_URL, token: TELEGRAM_BOT_TOKEN! });

if (deleting) {
  const removed = await api.call("deleteWebhook", {}, z.literal(true));
  if (!removed.ok) fail(`Telegram refused: ${removed.kind === "error" ? `${removed.errorCode} ${removed.description}` : removed.description}`);
  const info = await api.call("getWebhookInfo", {}, telegramWebhookInfoSchema);
  console.log(`Webhook removed${info.ok && info.result.url === "" ? "" : " (getWebhookInfo still names one: check again)"}.`);
} else {
  const result = await setTelegramWebhook(api, PUBLIC_BASE_URL!, TELEGRAM_WEBHOOK_SECRET!);
  if (!result.ok) fail(result.error);
  console.log(`Webhook set to ${result.url} (updates: ${TELEGRAM_ALLOWED_UPDATES.join(", ")}).`);
  const { url, pending_update_count, last_error_date, last_error_message, allowed_updates } = result.info;
  const lastError = last_error_date ? { last_error_at: new Date(last_error_date * 1000).toISOString(), last_error_message } : {};
  console.log(JSON.stringify({ url, pending_update_count, allowed_updates, ...lastError }, null, 2));
}
