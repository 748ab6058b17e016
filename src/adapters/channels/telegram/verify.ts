import type { MiddlewareHandler } from "hono";
import { getConfig } from "../../../core/config";
import { ApiError } from "../../../core/errors";
import { secretsMatch } from "../../../lib/secure-compare";

/** The header in which Telegram repeats setWebhook's `secret_token` on every webhook request. */
export const TELEGRAM_SECRET_HEADER = "x-telegram-bot-api-secret-token";

/**
 * Authenticates a Telegram webhook request by `X-Telegram-Bot-Api-Secret-Token` against
 * TELEGRAM_WEBHOOK_SECRET, compared in constant time. 401 when it is missing or wrong, before the
 * body is read; 503 while the secret is not configured, so the endpoint is never open by accident.
 */
export function verifyTelegramSecret(): MiddlewareHandler {
  return async function telegramSecretMiddleware(c, next) {
    const expected = getConfig(c.env as object).TELEGRAM_WEBHOOK_SECRET;
    if (!expected) {
      throw new ApiError(503, "NOT_CONFIGURED", "TELEGRAM_WEBHOOK_SECRET is not set; this endpoint refuses all requests until it is");
    }
    const presented = c.req.header(TELEGRAM_SECRET_HEADER);
    if (!presented || !(await secretsMatch(presented, expected))) {
      throw new ApiError(401, "UNAUTHORIZED", "Missing or invalid X-Telegram-Bot-Api-Secret-Token");
    }
    await next();
  };
}
