import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { newTelegramChatId, textUpdate } from "../stand-ins/telegram-updates";
import { TELEGRAM_SECRET_HEADER } from "../src/adapters/channels/telegram/verify";
import { TEST_SECRETS } from "./setup/secrets";
import { conversation, newChatId, postWebhook, sentTo, textMessage, waitUntilIdle } from "./helpers";
import { telegramConversation, telegramSends } from "./telegram-helpers";

/** Issue 11: a webhook body that does not say it is JSON was parsed and stored anyway. */
describe("webhooks take JSON only", () => {
  it.each([
    ["no content type", undefined],
    ["text/plain", "text/plain"],
    ["a form", "application/x-www-form-urlencoded"],
    ["a look-alike", "application/jsonp"],
  ])("Wazzup: %s is a 415 and nothing is stored", async (_name, type) => {
    const chatId = newChatId();
    const body = JSON.stringify({ messages: [textMessage(chatId, "I need a desk")] });
    const url = `https://agent.test/api/v1/webhook/wazzup?token=${TEST_SECRETS.WAZZUP_WEBHOOK_TOKEN}`;
    const response = await exports.default.fetch(new Request(url, { method: "POST", headers: type ? { "content-type": type } : {}, body }));
    expect(response.status).toBe(415);
    const error = ((await response.json()) as { error: { code: string; message: string } }).error;
    expect(error.code).toBe("UNSUPPORTED_MEDIA_TYPE");
    expect(error.message).toContain("application/json");
    expect((await conversation(chatId).snapshot()).messages).toBe(0);
  });

  it("Telegram: an update sent as text/plain is a 415 and nothing is stored", async () => {
    const chatId = newTelegramChatId();
    const response = await exports.default.fetch(
      new Request("https://agent.test/api/v1/webhook/telegram", {
        method: "POST",
        headers: { "content-type": "text/plain", [TELEGRAM_SECRET_HEADER]: TEST_SECRETS.TELEGRAM_WEBHOOK_SECRET },
        body: JSON.stringify(textUpdate({ chatId, text: "hello" })),
      }),
    );
    expect(response.status).toBe(415);
    expect((await telegramConversation(chatId).snapshot()).messages).toBe(0);
    expect(await telegramSends(chatId, { count: 0 })).toEqual([]);
  });

  it("JSON with a charset is still JSON, and is answered", async () => {
    const chatId = newChatId();
    const message = textMessage(chatId, "do you have standing desks?");
    expect((await postWebhook({ messages: [message] }, { headers: { "content-type": "application/json; charset=utf-8" } })).status).toBe(200);
    await waitUntilIdle(chatId);
    expect((await sentTo(chatId)).map((m) => m.crmMessageId)).toEqual([`reply-${message.messageId}`]);
  });
});
