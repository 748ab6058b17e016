import { describe, expect, it } from "vitest";
import { postTelegramUpdate, telegramConversation, telegramSends } from "./telegram-helpers";
import { newTelegramChatId, textUpdate } from "../stand-ins/telegram-updates";
import { conversation, newChatId, postWebhook, query, scriptModel, sentTo, textMessage, waitUntilIdle, waitUntilStubIdle } from "./helpers";
import { sql } from "drizzle-orm";

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

  it("a tool argument with a NUL from the model is recorded in the turn's trace without failing the turn", async () => {
    const chatId = newChatId();
    const marker = `nulargs-${chatId}`;
    await scriptModel(marker, [{ toolCall: { name: "search_products", arguments: { query: "chair\u0000 mesh" } } }, { text: "Here are our mesh chairs." }]);
    const message = textMessage(chatId, `${marker} mesh chairs?`);
    await postWebhook({ messages: [message] });
    await waitUntilIdle(chatId);
    expect((await conversation(chatId).snapshot()).consecutiveFailures).toBe(0);
    expect((await sentTo(chatId)).map((m) => m.text)).toEqual(["Here are our mesh chairs."]);
    const [turn] = await query((db) => db.execute(sql`select t.tool_calls from agent_turns t join conversations c on c.id = t.conversation_id where c.chat_id = ${chatId}`)).then((r) => r.rows as { tool_calls: { args?: { query?: string }; prefetched?: boolean }[] }[]);
    // The model's own call (a search run before the model, with the customer's words, may come first).
    expect(turn?.tool_calls.filter((call) => !call.prefetched)[0]?.args?.query).toBe("chair mesh");
  });
});
