import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import worker from "../src/index";
import { newChatId, postWebhook, textMessage, waitUntilIdle } from "./helpers";
import { conversationIdOf, reviewsOf } from "./quality-helpers";

describe("the quality-reviews consumer", () => {
  it("acks each message on its own: malformed, unknown conversation, and the same version twice making one review", async () => {
    const chatId = newChatId();
    expect((await postWebhook({ messages: [textMessage(chatId, "hello, looking for a standing desk")] })).status).toBe(200);
    await waitUntilIdle(chatId);
    const conversationId = await conversationIdOf(chatId);
    const job = { conversationId, version: 2, trigger: "manual" };
    const batch = createMessageBatch<unknown>("quality-reviews", [
      { id: "malformed", timestamp: new Date(), attempts: 1, body: { conversationId: "not-a-uuid", version: -1 } },
      { id: "unknown", timestamp: new Date(), attempts: 1, body: { conversationId: crypto.randomUUID(), version: 1 } },
      { id: "first", timestamp: new Date(), attempts: 1, body: job },
      { id: "again", timestamp: new Date(), attempts: 2, body: job },
    ]);
    const ctx = createExecutionContext();
    await worker.queue(batch, env, ctx);
    const result = await getQueueResult(batch, ctx);
    expect(result.explicitAcks.sort()).toEqual(["again", "first", "malformed", "unknown"]);
    expect(result.retryMessages).toEqual([]);
    const reviews = await reviewsOf(chatId);
    expect(reviews).toHaveLength(1);
    expect(reviews[0]).toMatchObject({ messagesVersion: 2, trigger: "manual", status: "done", judgeStatus: "done" });
  });
});
