import { z } from "zod";
import { configSchema } from "../src/config";
import { TelegramBotApi } from "../src/channels/telegram/api";
import { telegramWebhookInfoSchema } from "../src/channels/telegram/wire";

/**
 * `npm run telegram:webhook`: points the bot's webhook at this deployment. Calls setWebhook with
 * `{PUBLIC_BASE_URL}/api/v1/webhook/telegram`, the secret Telegram will send back in
 * X-Telegram-Bot-Api-Secret-Token, and only the update kinds we read; then prints getWebhookInfo.
 * Reads TELEGRAM_BOT_TOKEN, TELEGRAM_WEBHOOK_SECRET, PUBLIC_BASE_URL and optionally
 * TELEGRAM_API_URL from the environment. `--delete` removes the webhook instead.
 */
const ALLOWED_UPDATES = ["message", "edited_message"];
const settings = configSchema.pick({ TELEGRAM_API_URL: true, TELEGRAM_BOT_TOKEN: true, TELEGRAM_WEBHOOK_SECRET: true, PUBLIC_BASE_URL: true });

function fail(message: string): never {
  console.error(`telegram:webhook: ${message}`);
  process.exit(1);
}

const parsed = settings.safeParse(process.env);
if (!parsed.success) fail(parsed.error.issues.map((issue) => `${issue.path.join(".")} ${issue.message}`).join("; "));
const { TELEGRAM_API_URL, TELEGRAM_BOT_TOKEN, TELEGRAM_WEBHOOK_SECRET, PUBLIC_BASE_URL } = parsed.data;
const missing = Object.entries({ TELEGRAM_BOT_TOKEN, TELEGRAM_WEBHOOK_SECRET, PUBLIC_BASE_URL })
  .filter(([, value]) => !value)
  .map(([name]) => name);
if (missing.length > 0) fail(`set ${missing.join(", ")} in the environment (the same values the Worker has)`);

const api = new TelegramBotApi({ apiUrl: TELEGRAM_API_URL, token: TELEGRAM_BOT_TOKEN! });
const webhookUrl = new URL("/api/v1/webhook/telegram", PUBLIC_BASE_URL).toString();

const changed = process.argv.includes("--delete")
  ? await api.call("deleteWebhook", {}, z.literal(true))
  : await api.call("setWebhook", { url: webhookUrl, secret_token: TELEGRAM_WEBHOOK_SECRET, allowed_updates: ALLOWED_UPDATES }, z.literal(true));
if (!changed.ok) fail(`Telegram refused: ${changed.kind === "error" ? `${changed.errorCode} ${changed.description}` : changed.description}`);
console.log(process.argv.includes("--delete") ? "Webhook removed." : `Webhook set to ${webhookUrl} (updates: ${ALLOWED_UPDATES.join(", ")}).`);

const info = await api.call("getWebhookInfo", {}, telegramWebhookInfoSchema);
if (!info.ok) fail(`getWebhookInfo failed: ${info.description}`);
const { url, pending_update_count, last_error_date, last_error_message, allowed_updates } = info.result;
console.log(JSON.stringify({ url, pending_update_count, allowed_updates, ...(last_error_date ? { last_error_at: new Date(last_error_date * 1000).toISOString(), last_error_message } : {}) }, null, 2));
