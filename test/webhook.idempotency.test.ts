import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { messages } from "../src/adapters/db/schema";
import { newChatId, postWebhook, query, sentTo, textMessage, waitUntilIdle } from "./helpers";

describe("webhook idempotency", () => {
  it("the same message id posted twice at the same moment gives one stored message and one reply", async () => {
    const chatId = newChatId();
    const message = textMessage(chatId, "need 12 ergonomic chairs, budget around 800 AED each");
    const [a, b] = await Promise.all([postWebhook({ messages: [message] }), postWebhook({ messages: [message] })]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const summaries = (await Promise.all([a.json(), b.json()])) as { accepted: number; duplicates: number }[];
    expect(summaries.map((s) => s.accepted).sort()).toEqual([0, 1]);
    expect(summaries.map((s) => s.duplicates).sort()).toEqual([0, 1]);

    await waitUntilIdle(chatId);
    expect(await sentTo(chatId)).toHaveLength(1);
    const stored = await query((db) => db.select().from(messages).where(eq(messages.providerMessageId, message.messageId)));
    expect(stored).toHaveLength(1);
  });

  it("a Wazzup retry of an already answered message is acknowledged and not answered again", async () => {
    const chatId = newChatId();
    const message = textMessage(chatId, "acoustic booth for two people");
    await postWebhook({ messages: [message] });
    await waitUntilIdle(chatId);
    const retry = await postWebhook({ messages: [message] });
    expect(retry.status).toBe(200);
    expect(await retry.json()).toMatchObject({ accepted: 0, duplicates: 1 });
    await waitUntilIdle(chatId);
    expect(await sentTo(chatId)).toHaveLength(1);
  });
});
