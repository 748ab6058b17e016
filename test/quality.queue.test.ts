import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import worker from "../src/shell/index";
import { until, newChatId, postWebhook, textMessage, waitUntilIdle } from "./helpers";
import { conversationIdOf, judgeRequests, reviewsOf, scriptJudge } from "./quality-helpers";

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

describe("the quality-reviews dead-letter consumer", () => {
  it("records a review the queue gave up on as failed, leaves a finished one alone, and acks what it cannot place", async () => {
    const chatId = newChatId();
    expect((await postWebhook({ messages: [textMessage(chatId, "hello, looking for a meeting table")] })).status).toBe(200);
    await waitUntilIdle(chatId);
    const conversationId = await conversationIdOf(chatId);
    // Version 2 is reviewed normally first; versions 7 and 8 only ever reach the dead-letter queue.
    const reviewed = createMessageBatch<unknown>("quality-reviews", [{ id: "ok", timestamp: new Date(), attempts: 1, body: { conversationId, version: 2, trigger: "manual" } }]);
    const first = createExecutionContext();
    await worker.queue(reviewed, env, first);
    await getQueueResult(reviewed, first);
    const dead = createMessageBatch<unknown>("quality-reviews-dlq", [
      { id: "finished", timestamp: new Date(), attempts: 1, body: { conversationId, version: 2, trigger: "manual" } },
      { id: "never-done", timestamp: new Date(), attempts: 1, body: { conversationId, version: 7, trigger: "quiet" } },
      { id: "unknown", timestamp: new Date(), attempts: 1, body: { conversationId: crypto.randomUUID(), version: 1 } },
      { id: "malformed", timestamp: new Date(), attempts: 1, body: { nonsense: true } },
    ]);
    const ctx = createExecutionContext();
    await worker.queue(dead, env, ctx);
    const result = await getQueueResult(dead, ctx);
    expect(result.explicitAcks.sort()).toEqual(["finished", "malformed", "never-done", "unknown"]);
    const byVersion = new Map((await reviewsOf(chatId)).map((r) => [r.messagesVersion, r]));
    expect(byVersion.get(2)).toMatchObject({ status: "done", error: null });
    expect(byVersion.get(7)).toMatchObject({ status: "failed", judgeStatus: "failed", trigger: "quiet", channel: "whatsapp", error: expect.stringContaining("dead-lettered") });
    expect(byVersion.get(7)?.completedAt).not.toBeNull();
  });
});

describe("two deliveries of one review at once", () => {
  it("call the judge once: the second waits for the first instead of judging again", async () => {
    const chatId = newChatId();
    const marker = `twice-${chatId}`;
    expect((await postWebhook({ messages: [textMessage(chatId, `${marker}: do you have lockers?`)] })).status).toBe(200);
    await waitUntilIdle(chatId);
    const conversationId = await conversationIdOf(chatId);
    // The first judge call is slow (then malformed, so the judge asks once more): the deliveries overlap.
    await scriptJudge(marker, [{ delayMs: 1500 }]);
    const deliver = async (id: string, trigger: string) => {
      const batch = createMessageBatch<unknown>("quality-reviews", [{ id, timestamp: new Date(), attempts: 1, body: { conversationId, version: 2, trigger } }]);
      const ctx = createExecutionContext();
      await worker.queue(batch, env, ctx);
      return getQueueResult(batch, ctx);
    };
    const quiet = deliver("quiet", "quiet");
    // The manual request arrives while the quiet one is being judged.
    await until("the first judge call", async () => (await judgeRequests(marker)).length === 1);
    const manual = await deliver("manual", "manual");
    expect(manual.retryMessages.map((m) => m.msgId)).toEqual(["manual"]);
    expect((await quiet).explicitAcks).toEqual(["quiet"]);
    expect(await judgeRequests(marker)).toHaveLength(2);
    const reviews = await reviewsOf(chatId);
    expect(reviews.map((r) => [r.messagesVersion, r.status, r.judgeStatus])).toEqual([[2, "done", "done"]]);
  });
});
