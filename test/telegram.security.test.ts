import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createApp } from "../src/shell/http-app";
import { redactBotToken } from "../src/adapters/channels/telegram/api";
import { describeError } from "../src/lib/log";
import { TELEGRAM_SECRET_HEADER, verifyTelegramSecret } from "../src/adapters/channels/telegram/verify";
import { TEST_SECRETS } from "./setup/secrets";

const SECRET = TEST_SECRETS.TELEGRAM_WEBHOOK_SECRET;

/** A fresh app with the middleware in front of a handler that counts the requests it gets and reads their bodies. */
function appWithCounter() {
  const app = createApp();
  const seen: unknown[] = [];
  app.post("/hook", verifyTelegramSecret(), async (c) => {
    seen.push(await c.req.json());
    return c.json({ ok: true });
  });
  const post = (headers: Record<string, string>, bindings: object = env) =>
    app.request("/hook", { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify({ update_id: 1 }) }, bindings);
  return { seen, post };
}

describe("Telegram webhook secret", () => {
  it("lets a request with the right secret through", async () => {
    const { seen, post } = appWithCounter();
    const response = await post({ [TELEGRAM_SECRET_HEADER]: SECRET });
    expect(response.status).toBe(200);
    expect(seen).toEqual([{ update_id: 1 }]);
  });

  it("answers 401 to a missing or wrong secret, and the handler never runs", async () => {
    const { seen, post } = appWithCounter();
    const wrong = ["", "wrong", SECRET.slice(0, -1), `${SECRET}x`, SECRET.toUpperCase(), ` ${SECRET}`.slice(0, SECRET.length), "x".repeat(8000)];
    const missing = await post({});
    expect(missing.status).toBe(401);
    const body = (await missing.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("UNAUTHORIZED");
    for (const presented of wrong) {
      const response = await post({ [TELEGRAM_SECRET_HEADER]: presented });
      expect(response.status, presented.slice(0, 40)).toBe(401);
      expect(await response.text()).not.toContain(SECRET);
    }
    // Another provider's credential in another header does not count either.
    expect((await post({ authorization: `Bearer ${SECRET}` })).status).toBe(401);
    expect(seen).toEqual([]);
  });

  it("answers 503 while TELEGRAM_WEBHOOK_SECRET is not set, whatever is presented", async () => {
    const { seen, post } = appWithCounter();
    const unconfigured = { ...env, TELEGRAM_WEBHOOK_SECRET: undefined };
    const attempts: Record<string, string>[] = [{}, { [TELEGRAM_SECRET_HEADER]: SECRET }, { [TELEGRAM_SECRET_HEADER]: "" }];
    for (const headers of attempts) {
      const response = await post(headers, unconfigured);
      expect(response.status).toBe(503);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe("NOT_CONFIGURED");
    }
    expect(seen).toEqual([]);
  });
});

describe("bot token redaction", () => {
  it("removes the token from any text, exact or by its shape", () => {
    const token = TEST_SECRETS.TELEGRAM_BOT_TOKEN;
    const error = `fetch failed for https://api.telegram.org/bot${token}/sendMessage and bot123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw`;
    const redacted = redactBotToken(error, token);
    expect(redacted).toBe("fetch failed for https://api.telegram.org/bot***/sendMessage and bot***");
    expect(redacted).not.toContain(token.split(":")[1]);
  });

  it("keeps the token out of logged errors too", () => {
    const token = TEST_SECRETS.TELEGRAM_BOT_TOKEN;
    const logged = JSON.stringify(describeError(new TypeError(`fetch failed: https://api.telegram.org/file/bot${token}/voice/file_1.oga`)));
    expect(logged).not.toContain(token.split(":")[1]);
    expect(logged).toContain("/file/bot***/voice/file_1.oga");
  });
});
