import { describe, expect, it } from "vitest";
import { WEBHOOK_MAX_BYTES } from "../src/shell/routes/webhook-wazzup";
import { conversation, newChatId, postWebhook, sentTo, textMessage, waitUntilIdle } from "./helpers";

describe("webhook: bad input is refused clearly and stores nothing", () => {
  it("answers malformed JSON with 400 INVALID_JSON", async () => {
    const response = await postWebhook(null, { raw: '{"messages": [' });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { code: string; message: string; requestId: string } };
    expect(body.error.code).toBe("INVALID_JSON");
    expect(body.error.requestId).toBeTruthy();
  });

  it("answers a schema violation with 400 naming the field, and stores none of the batch", async () => {
    const chatId = newChatId();
    const good = textMessage(chatId, "I need a desk");
    const bad = { ...textMessage(chatId, "and a chair"), messageId: undefined };
    const response = await postWebhook({ messages: [good, bad] });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { code: string; message: string; details: { issues: { path: string }[] } } };
    expect(body.error.code).toBe("VALIDATION_FAILED");
    expect(body.error.message).toContain("messages.1.messageId");
    expect((await conversation(chatId).snapshot()).messages).toBe(0);
    expect(await sentTo(chatId)).toEqual([]);
  });

  it("refuses a wrong type for messages with 400", async () => {
    const response = await postWebhook({ messages: "not-a-list" });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { message: string } }).error.message).toContain("messages");
  });

  it("refuses an oversized body with 413 before reading it all", async () => {
    const chatId = newChatId();
    const huge = textMessage(chatId, "x".repeat(10_000));
    const messages = Array.from({ length: Math.ceil(WEBHOOK_MAX_BYTES / 10_000) + 5 }, () => ({ ...huge, messageId: crypto.randomUUID() }));
    const response = await postWebhook({ messages });
    expect(response.status).toBe(413);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("PAYLOAD_TOO_LARGE");
    expect((await conversation(chatId).snapshot()).messages).toBe(0);
  });

  it("answers 503 when the conversation cannot store the message, and the retry is answered once", async () => {
    const chatId = newChatId();
    const stub = conversation(chatId);
    await stub.breakStorage(true);
    const message = textMessage(chatId, "do you have meeting tables for 8 people?");
    const failed = await postWebhook({ messages: [message] });
    expect(failed.status).toBe(503);
    expect(((await failed.json()) as { error: { code: string } }).error.code).toBe("STORAGE_UNAVAILABLE");
    expect((await stub.snapshot()).messages).toBe(0);

    // Wazzup retries the same delivery once storage is back: it is stored and answered exactly once.
    await stub.breakStorage(false);
    const retried = await postWebhook({ messages: [message] });
    expect(retried.status).toBe(200);
    await waitUntilIdle(chatId);
    const again = await postWebhook({ messages: [message] });
    expect(await again.json()).toMatchObject({ accepted: 0, duplicates: 1 });
    await waitUntilIdle(chatId);
    expect(await sentTo(chatId)).toHaveLength(1);
  });
});
