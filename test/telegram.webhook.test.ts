import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { conversations, customerIdentities, messages, quotations } from "../src/adapters/db/schema";
import { newTelegramChatId, startUpdate, textUpdate, voiceUpdate } from "../stand-ins/telegram-updates";
import { control, query, say, scriptModel, until, waitUntilStubIdle } from "./helpers";
import { postTelegramUpdate, scriptTelegramFailure, TELEGRAM_BOT_ID, telegramChat, telegramConversation, telegramSends, uploadTelegramFile } from "./telegram-helpers";

describe("Telegram: the same agent on a second channel", () => {
  it("greets /start and takes a customer from greeting to a confirmed sale order in Zoho", async () => {
    const chatId = newTelegramChatId();
    const greeting = await postTelegramUpdate(startUpdate({ chatId, firstName: "Omar" }));
    expect(greeting.status).toBe(200);
    await waitUntilStubIdle(telegramConversation(chatId), String(chatId));
    const [hello] = await telegramSends(chatId);
    expect(hello).toMatchObject({ method: "sendMessage", chatId: String(chatId) });
    expect(hello!.text!.length).toBeGreaterThan(0);

    const marker = `tg-intro-${chatId}`;
    await scriptModel(marker, [{ toolCall: { name: "update_customer_profile", arguments: { name: "Omar Haddad", city: "Abu Dhabi" } } }, { text: "Thank you, noted." }]);
    await say(telegramChat(chatId), `we are furnishing an office ${marker}`);
    const quoted = await say(telegramChat(chatId), "please quote 2 x CH-SWG-1001");
    const number = /Q-\d{6}/.exec(quoted)?.[0];
    expect(number, quoted).toBeTruthy();
    expect(quoted).toContain("CH-SWG-1001) × 2 @ 540.00 AED = 1,080.00 AED");

    const confirmation = await say(telegramChat(chatId), "Yes, confirm");
    expect(confirmation).toContain(`Quotation ${number} is confirmed`);
    const ordered = await until("the quotation ordered", async () => {
      const [row] = await query((db) => db.select().from(quotations).where(eq(quotations.number, number!)));
      return row?.state === "ordered" ? row : null;
    });
    const { salesorders } = await control<{ salesorders: { salesorder_number: string; line_items: { sku: string; quantity: number }[] }[] }>("zohoUrl", `/__control/salesorders?reference_number=${number}`);
    expect(salesorders).toHaveLength(1);
    expect(salesorders[0]!.line_items).toMatchObject([{ sku: "CH-SWG-1001", quantity: 2 }]);
    expect(ordered.buyer).toMatchObject({ name: "Omar Haddad", city: "Abu Dhabi" });
    expect(ordered.buyer).not.toHaveProperty("phone");
    // The order number reaches the Telegram chat, and the document goes too.
    const sends = await until("the order message", async () => {
      const sent = await telegramSends(chatId, { count: 0 });
      return sent.some((m) => m.text?.includes(salesorders[0]!.salesorder_number)) && sent.some((m) => m.method === "sendDocument" || m.text?.includes("/document?sig=")) ? sent : null;
    });
    expect(sends.every((m) => m.chatId === String(chatId))).toBe(true);

    // The customer is a Telegram identity with no phone number; the conversation names its channel.
    const [identity] = await query((db) => db.select().from(customerIdentities).where(eq(customerIdentities.externalId, String(chatId))));
    expect(identity).toMatchObject({ channel: "telegram" });
    const [row] = await query((db) => db.select().from(conversations).where(eq(conversations.chatId, String(chatId))));
    expect(row).toMatchObject({ channel: "telegram", channelId: TELEGRAM_BOT_ID, chatType: "private" });
  });

  it("answers a repeated update once, even when the copies arrive together", async () => {
    const chatId = newTelegramChatId();
    const update = textUpdate({ chatId, text: "do you have standing desks?" });
    const responses = await Promise.all([postTelegramUpdate(update), postTelegramUpdate(update), postTelegramUpdate(update)]);
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200]);
    const bodies = (await Promise.all(responses.map((r) => r.json()))) as { accepted: number; duplicates: number }[];
    expect(bodies.reduce((n, b) => n + b.accepted, 0)).toBe(1);
    expect(bodies.reduce((n, b) => n + b.duplicates, 0)).toBe(2);
    await waitUntilStubIdle(telegramConversation(chatId), String(chatId));
    expect((await postTelegramUpdate(update)).status).toBe(200);
    await waitUntilStubIdle(telegramConversation(chatId), String(chatId));
    expect(await telegramSends(chatId, { count: 0 })).toHaveLength(1);
  });

  it("refuses a bad secret with 401 and stores nothing", async () => {
    const chatId = newTelegramChatId();
    for (const secret of [null, "wrong-secret-wrong-secret"]) {
      const response = await postTelegramUpdate(textUpdate({ chatId, text: "hello" }), { secret });
      expect(response.status).toBe(401);
    }
    expect((await telegramConversation(chatId).snapshot()).messages).toBe(0);
    const stored = await query((db) => db.select().from(conversations).where(eq(conversations.chatId, String(chatId))));
    expect(stored).toEqual([]);
    expect(await telegramSends(chatId, { count: 0 })).toEqual([]);
  });

  it("answers 400 to a malformed update and acknowledges update kinds it does not read", async () => {
    expect((await postTelegramUpdate(null, { raw: '{"update_id":"x"}' })).status).toBe(400);
    const ignored = await postTelegramUpdate({ update_id: 77, callback_query: { id: "1" } });
    expect(ignored.status).toBe(200);
    expect(await ignored.json()).toMatchObject({ accepted: 0 });
  });

  it("transcribes a voice note fetched through getFile and answers it", async () => {
    const chatId = newTelegramChatId();
    const file = await uploadTelegramFile("stand-in-audio:do you have meeting tables for ten people?");
    expect((await postTelegramUpdate(voiceUpdate({ chatId, fileId: file.file_id }))).status).toBe(200);
    await waitUntilStubIdle(telegramConversation(chatId), String(chatId), 20_000);
    expect(await telegramSends(chatId, { count: 0 })).toHaveLength(1);
    const [stored] = await query((db) =>
      db.select({ text: messages.text, contentUri: messages.contentUri }).from(messages).innerJoin(conversations, eq(conversations.id, messages.conversationId)).where(and(eq(conversations.chatId, String(chatId)), eq(messages.direction, "in"))),
    );
    expect(stored!.text).toBe("do you have meeting tables for ten people?");
    // The download URL carries the bot token: only the file reference is stored.
    expect(stored!.contentUri).toBe(`tg-file:${file.file_id}`);
  });

  it("splits a long reply on paragraphs into messages of at most 4096 characters, about a second apart", async () => {
    const chatId = newTelegramChatId();
    const marker = `tg-long-${chatId}`;
    const paragraph = "Our ergonomic range suits long working days. ".repeat(40).trim();
    const long = Array.from({ length: 4 }, () => paragraph).join("\n\n");
    expect(long.length).toBeGreaterThan(4096);
    await scriptModel(marker, [{ text: long }]);
    await say(telegramChat(chatId), `tell me everything about chairs ${marker}`);
    const sent = await telegramSends(chatId, { count: 0 });
    expect(sent.length).toBe(2);
    expect(sent.every((m) => m.text!.length <= 4096)).toBe(true);
    expect(sent.map((m) => m.text).join("\n\n")).toBe(long);
    expect(sent[1]!.receivedAt - sent[0]!.receivedAt).toBeGreaterThanOrEqual(950);
  });

  it("honours a 429's retry_after and then delivers the reply", async () => {
    const chatId = newTelegramChatId();
    await scriptTelegramFailure(chatId, { errorCode: 429, description: "Too Many Requests: retry after 1", retryAfter: 1, times: 1 });
    const started = Date.now();
    expect((await postTelegramUpdate(textUpdate({ chatId, text: "hello, chairs?" }))).status).toBe(200);
    const [reply] = await telegramSends(chatId, { count: 1, waitMs: 15_000 });
    expect(reply).toBeDefined();
    expect(reply!.receivedAt - started).toBeGreaterThanOrEqual(1000);
    await waitUntilStubIdle(telegramConversation(chatId), String(chatId));
  });
});
