import { describe, expect, it } from "vitest";
import { conversation, modelRequests, newChatId, postWebhook, scriptModel, sentTo, textMessage, waitForModelRequest, waitUntilIdle } from "./helpers";

describe("conversation engine: bursts and messages during generation", () => {
  it("answers a burst of three short messages once, covering all three", async () => {
    const chatId = newChatId();
    const burst = [textMessage(chatId, "hi"), textMessage(chatId, "need a desk"), textMessage(chatId, "L-shaped, walnut")];
    for (const message of burst) expect((await postWebhook({ messages: [message] })).status).toBe(200);
    await waitUntilIdle(chatId);
    const sent = await sentTo(chatId);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.crmMessageId).toBe(`reply-${burst[2]!.messageId}`);
  });

  it("a message arriving while the reply is generated is answered once, by a reply that covers it", async () => {
    const chatId = newChatId();
    const marker = `slow-${chatId}`;
    await scriptModel(marker, [{ delayMs: 1500, then: { text: "draft that must not be sent" } }]);
    const first = textMessage(chatId, `looking for a reception desk ${marker}`);
    await postWebhook({ messages: [first] });
    // The race this test is about: the second message arrives while the model works on the first.
    await waitForModelRequest(marker);
    expect((await conversation(chatId).snapshot()).turnRunning).toBe(true);
    const second = textMessage(chatId, "white gloss finish please");
    await postWebhook({ messages: [second] });

    await waitUntilIdle(chatId, 20_000);
    const sent = await sentTo(chatId);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.crmMessageId).toBe(`reply-${second.messageId}`);
    expect(sent[0]!.text).not.toContain("draft that must not be sent");
    // The turn continued: one more call, made with the first message's turn and the new message after it.
    const started = await modelRequests(marker);
    const continued = await modelRequests("white gloss finish please");
    expect(started).toHaveLength(1);
    expect(continued).toHaveLength(1);
    expect(continued[0]!.messageCount).toBeGreaterThan(started[0]!.messageCount);
  });

  it("keeps order: a later burst is answered after the earlier one, never before", async () => {
    const chatId = newChatId();
    const a = textMessage(chatId, "first question: meeting table for 6");
    await postWebhook({ messages: [a] });
    await waitUntilIdle(chatId);
    const b = textMessage(chatId, "second question: matching chairs");
    await postWebhook({ messages: [b] });
    await waitUntilIdle(chatId);
    const sent = await sentTo(chatId);
    expect(sent.map((m) => m.crmMessageId)).toEqual([`reply-${a.messageId}`, `reply-${b.messageId}`]);
  });
});
