import { eq } from "drizzle-orm";
import { runDurableObjectAlarm } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { conversations, messages } from "../src/adapters/db/schema";
import { conversation, newChatId, postWebhook, query, sentTo, textMessage, waitUntilIdle } from "./helpers";

async function storedInbound(chatId: string) {
  return query((db) =>
    db
      .select({ id: messages.providerMessageId, meta: messages.meta })
      .from(messages)
      .innerJoin(conversations, eq(conversations.id, messages.conversationId))
      .where(eq(conversations.chatId, chatId)),
  );
}

describe("conversation engine: per-customer limits", () => {
  it("a flood from one number gets one polite notice, then silence; every message is kept", async () => {
    const chatId = newChatId();
    const flood = Array.from({ length: 26 }, () => textMessage(chatId, "do you have chairs?"));
    // Wazzup may batch; send in a few requests, as fast as possible.
    for (let i = 0; i < flood.length; i += 5) expect((await postWebhook({ messages: flood.slice(i, i + 5) })).status).toBe(200);
    await waitUntilIdle(chatId, 20_000);
    const sent = await sentTo(chatId);
    const notices = sent.filter((m) => m.crmMessageId?.startsWith("notice-rate-"));
    const replies = sent.filter((m) => m.crmMessageId?.startsWith("reply-"));
    expect(notices).toHaveLength(1);
    expect(notices[0]!.text).toContain("faster than we can answer");
    expect(replies.length).toBeGreaterThanOrEqual(1);
    // Replies only cover messages within the limit (the first 20 of the minute).
    const allowed = new Set(flood.slice(0, 20).map((m) => `reply-${m.messageId}`));
    for (const reply of replies) expect(allowed.has(reply.crmMessageId!)).toBe(true);

    // Still over the limit: more messages are kept but not answered, and no second notice.
    await postWebhook({ messages: [textMessage(chatId, "hello??")] });
    await waitUntilIdle(chatId);
    expect(await sentTo(chatId)).toHaveLength(sent.length);

    // When the window reopens, the latest held-back messages get one answer.
    const latest = textMessage(chatId, "can you deliver to Sharjah?");
    await postWebhook({ messages: [latest] });
    await waitUntilIdle(chatId);
    const stub = conversation(chatId);
    await stub.expireRateWindow();
    await runDurableObjectAlarm(stub);
    await waitUntilIdle(chatId);
    const afterReopen = (await sentTo(chatId)).slice(sent.length);
    expect(afterReopen.map((m) => m.crmMessageId)).toEqual([`reply-${latest.messageId}`]);

    const stored = await storedInbound(chatId);
    expect(stored.filter((m) => flood.some((f) => f.messageId === m.id))).toHaveLength(26);
    // Six of the flood, "hello??" and the question answered when the window reopened.
    expect(stored.filter((m) => (m.meta as { limited?: boolean }).limited)).toHaveLength(8);
  });

  it("a chat over its daily budget of turns gets one notice and keeps its messages", async () => {
    const chatId = newChatId();
    await postWebhook({ messages: [textMessage(chatId, "hi, do you sell lockers?")] });
    await waitUntilIdle(chatId);
    await conversation(chatId).seedTurnsToday(200);
    const over = [textMessage(chatId, "and pedestals?"), textMessage(chatId, "and whiteboards?")];
    await postWebhook({ messages: [over[0]] });
    await waitUntilIdle(chatId);
    await postWebhook({ messages: [over[1]] });
    await waitUntilIdle(chatId);
    const sent = await sentTo(chatId);
    expect(sent.filter((m) => m.crmMessageId?.startsWith("reply-"))).toHaveLength(1);
    const notices = sent.filter((m) => m.crmMessageId?.startsWith("notice-daily-"));
    expect(notices).toHaveLength(1);
    expect(notices[0]!.text).toContain("today's limit");
    const stored = await storedInbound(chatId);
    expect(stored.map((m) => m.id)).toEqual(expect.arrayContaining(over.map((m) => m.messageId)));
  });
});
