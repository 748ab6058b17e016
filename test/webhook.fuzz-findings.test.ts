import { describe, expect, it } from "vitest";
import { postTelegramUpdate, telegramConversation, telegramSends } from "./telegram-helpers";
import { newTelegramChatId, textUpdate } from "../stand-ins/telegram-updates";
import { conversation, newChatId, postWebhook, sentTo, textMessage, waitUntilIdle, waitUntilStubIdle } from "./helpers";

/** Inputs the property tests (test/property/) found, kept as plain regressions. */
describe("found by the webhook fuzzing", () => {
  it.each(["-154394-03-14T16:34:11.456Z", "9883-04-02T23:56:05.116Z", "+275760-09-13T00:00:00.000Z"])(
    "a message dated %s is stored, answered, and does not fail the chat's turns",
    async (dateTime) => {
      const chatId = newChatId();
      const message = textMessage(chatId, "do you have office chairs?", { dateTime });
      expect((await postWebhook({ messages: [message] })).status).toBe(200);
      await waitUntilIdle(chatId);
      expect((await conversation(chatId).snapshot()).consecutiveFailures).toBe(0);
      expect((await sentTo(chatId)).map((m) => m.crmMessageId)).toEqual([`reply-${message.messageId}`]);
    },
  );

  it("a Telegram update dated far in the future is answered", async () => {
    const chatId = newTelegramChatId();
    expect((await postTelegramUpdate(textUpdate({ chatId, text: "do you have desks?", date: 9_000_000_000_000 }))).status).toBe(200);
    await waitUntilStubIdle(telegramConversation(chatId), String(chatId));
    expect((await telegramConversation(chatId).snapshot()).consecutiveFailures).toBe(0);
    expect(await telegramSends(chatId, { count: 1, waitMs: 5000 })).toHaveLength(1);
  });
});
