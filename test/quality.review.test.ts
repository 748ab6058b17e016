import { runDurableObjectAlarm } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { conversation, newChatId, postWebhook, sentTo, textMessage, waitUntilIdle, write } from "./helpers";
import { finishedReview, judgeRequests, reviewsOf, scriptJudge } from "./quality-helpers";

describe("a handoff is reviewed at once: code checks and the judge", () => {
  it("reviews a handed-off conversation with scores for every criterion and the tool evidence in the transcript", async () => {
    const chatId = newChatId();
    await write(chatId, "hi, I need 12 ergonomic mesh chairs for our office");
    await write(chatId, "I want to speak to a manager please");
    const review = await finishedReview(chatId);
    expect(review).toMatchObject({ status: "done", trigger: "handoff", judgeStatus: "done", model: "test/primary-model", channel: "whatsapp", language: "en" });
    expect(review.scores.map((s) => s.criterion)).toEqual(["needs_discovery", "product_fit", "accuracy", "tone_language", "next_step", "handoff"]);
    expect(review.scores.find((s) => s.criterion === "handoff")!.score).toBe(5);
    expect(Number(review.overallScore)).toBeGreaterThanOrEqual(3);
    // What the judge used is kept with the review: tokens and the charge OpenRouter reports.
    expect(review.judgePromptTokens).toBeGreaterThan(0);
    expect(review.judgeCompletionTokens).toBeGreaterThan(0);
    expect(Number(review.judgeCostUsd)).toBeCloseTo((review.judgePromptTokens * 0.15 + review.judgeCompletionTokens * 0.6) / 1_000_000, 6);
    expect(review.flags.map((f) => f.flag)).not.toContain("handoff_missed");
    const [request] = await judgeRequests("12 ergonomic mesh chairs");
    expect(request!.responseFormat).toMatchObject({ type: "json_schema", json_schema: { name: "quality_judgment", strict: true } });
    expect(request!.transcript).toContain("evidence: model reply; tools: search_products(");
    expect((await sentTo(chatId)).length).toBeGreaterThan(0);
  });

  it("records a judge that keeps answering malformed JSON as a failed review with the error, flags kept, no scores", async () => {
    const chatId = newChatId();
    const marker = `broken-judge-${chatId}`;
    await scriptJudge(marker, [{ text: "not json at all" }, { text: JSON.stringify({ reasoning: "x", criteria: [], overall: 9 }) }, { status: 500, error: "judge down" }, { status: 500, error: "judge still down" }]);
    await write(chatId, `hello ${marker}, can I talk to a human`);
    const review = await finishedReview(chatId);
    expect(review).toMatchObject({ status: "failed", judgeStatus: "failed", judgeAttempts: 3, overallScore: null, scores: [] });
    // The last attempt's error is kept; the SDK itself retried the 500 once (four requests in all).
    expect(review.error).toMatch(/^judge call failed: OpenRouter at \S+ failed \(HTTP 500\)/);
    expect(await judgeRequests(marker)).toHaveLength(4);
    expect((await reviewsOf(chatId)).length).toBe(1);
  });
});

describe("the quiet review with the default 30 minutes", () => {
  it("reviews an answered chat once it has been quiet 30 minutes, and never a group chat the agent does not answer", async () => {
    const customer = newChatId();
    const group = newChatId();
    await write(customer, "hello, do you sell filing cabinets?");
    expect((await postWebhook({ messages: [textMessage(group, "hello everyone", { chatType: "whatsgroup" })] })).status).toBe(200);
    await waitUntilIdle(group);
    const stub = conversation(customer);
    expect((await stub.snapshot()).alarmAt).toBeGreaterThan(Date.now() + 29 * 60_000);
    await stub.ageMessages(31 * 60_000);
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect(await finishedReview(customer)).toMatchObject({ trigger: "quiet", messagesVersion: 2 });
    // The group chat's object has no review alarm at all: nothing is due, however long it is quiet.
    const groupStub = conversation(group);
    expect((await groupStub.snapshot()).alarmAt).toBeNull();
    await groupStub.ageMessages(31 * 60_000);
    expect(await runDurableObjectAlarm(groupStub)).toBe(false);
    expect(await reviewsOf(group)).toEqual([]);
  });
});
