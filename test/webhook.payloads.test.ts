import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { messages } from "../src/adapters/db/schema";
import { conversation, newChatId, postWebhook, query, sentTo, textMessage, waitUntilIdle } from "./helpers";

describe("webhook: the payload shapes Wazzup sends", () => {
  it("answers the registration ping {test:true} with 200", async () => {
    const response = await postWebhook({ test: true });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, test: true });
  });

  it("accepts a statuses-only payload and applies the status to our stored reply", async () => {
    const chatId = newChatId();
    await postWebhook({ messages: [textMessage(chatId, "sofa for reception")] });
    await waitUntilIdle(chatId);
    const [reply] = await sentTo(chatId);
    const [stored] = await query((db) => db.select().from(messages).where(eq(messages.clientMessageId, reply!.crmMessageId!)));
    expect(stored?.providerMessageId).toBeTruthy();

    const response = await postWebhook({ statuses: [{ messageId: stored!.providerMessageId, timestamp: new Date().toISOString(), status: "read" }] });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ ok: true, accepted: 0, statuses: 1 });
    let status: string | null = null;
    for (let i = 0; i < 100 && status !== "read"; i++) {
      const [row] = await query((db) => db.select({ s: messages.deliveryStatus }).from(messages).where(eq(messages.id, stored!.id)));
      status = row?.s ?? null;
      if (status !== "read") await new Promise((r) => setTimeout(r, 20));
    }
    expect(status).toBe("read");
  });

  it("ignores the echo of our own reply: no new message, no new turn", async () => {
    const chatId = newChatId();
    await postWebhook({ messages: [textMessage(chatId, "L-shaped desk")] });
    await waitUntilIdle(chatId);
    const [reply] = await sentTo(chatId);
    const before = await conversation(chatId).snapshot();
    const echo = { ...textMessage(chatId, reply!.text!), messageId: crypto.randomUUID(), isEcho: true };
    // Wazzup knows our message by the id it returned; the stand-in recorded it.
    const [stored] = await query((db) => db.select().from(messages).where(eq(messages.clientMessageId, reply!.crmMessageId!)));
    echo.messageId = stored!.providerMessageId!;
    const response = await postWebhook({ messages: [echo] });
    expect(await response.json()).toMatchObject({ accepted: 0, ownEchoes: 1 });
    await waitUntilIdle(chatId);
    expect((await conversation(chatId).snapshot()).messages).toBe(before.messages);
    expect(await sentTo(chatId)).toHaveLength(1);
  });

  it("stores a manager's message typed in the WhatsApp app without answering it", async () => {
    const chatId = newChatId();
    const echo = { ...textMessage(chatId, "Hello, this is Omar from the showroom"), isEcho: true };
    const response = await postWebhook({ messages: [echo] });
    expect(await response.json()).toMatchObject({ accepted: 1, ownEchoes: 0 });
    await waitUntilIdle(chatId);
    expect(await sentTo(chatId)).toEqual([]);
    expect((await conversation(chatId).snapshot()).messages).toBe(1);
    const [stored] = await query((db) => db.select().from(messages).where(eq(messages.providerMessageId, echo.messageId)));
    expect(stored).toMatchObject({ direction: "out", author: "manager", text: echo.text });
  });

  it("acknowledges group chats without answering them", async () => {
    const chatId = newChatId();
    const response = await postWebhook({ messages: [textMessage(chatId, "hi all", { chatType: "whatsgroup" })] });
    expect(await response.json()).toMatchObject({ accepted: 1 });
    await waitUntilIdle(chatId);
    expect(await sentTo(chatId)).toEqual([]);
  });

  it("handles messages and statuses for several chats in one request, each chat answered once", async () => {
    const chats = [newChatId(), newChatId(), newChatId()];
    const response = await postWebhook({
      messages: chats.map((chatId) => textMessage(chatId, "looking for storage cabinets")),
      statuses: [{ messageId: crypto.randomUUID(), timestamp: new Date().toISOString(), status: "delivered" }],
    });
    expect(await response.json()).toMatchObject({ accepted: 3, duplicates: 0, statuses: 1 });
    for (const chatId of chats) {
      await waitUntilIdle(chatId);
      expect(await sentTo(chatId)).toHaveLength(1);
    }
  });
});
