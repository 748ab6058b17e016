import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getProduct, type ProductSearch } from "../src/adapters/db/products-repo";
import { hybridSearch } from "../src/app/catalog/search";
import { messages, products } from "../src/adapters/db/schema";
import { statedAmounts, statedStock } from "../src/core/agent/grounding";
import { runTurn } from "../src/core/agent/turn";
import { conversation, modelRequests, newChatId, postWebhook, query, scriptModel, scriptWazzupFailure, sentTo, textMessage, waitUntilIdle, wazzupAttempts } from "./helpers";

describe("agent: grounded or clearly labelled, never silent", () => {
  it("falls back to the labelled offline reply, in the customer's language, when the LLM fails", async () => {
    const chatId = newChatId();
    const marker = `outage-${chatId}`;
    // Primary and fallback model each fail twice (the SDK retries once with backoff).
    await scriptModel(marker, Array.from({ length: 4 }, () => ({ status: 500, error: "upstream down" })));
    await postWebhook({ messages: [textMessage(chatId, `أريد كرسي مكتب شبكي ${marker}`)] });
    await waitUntilIdle(chatId);
    const [reply] = await sentTo(chatId);
    expect(reply!.text).toContain("الوضع دون اتصال");
    const turns = await query((db) => db.execute(sql`select mode, fallback_reason from agent_turns where reply_crm_message_id = ${reply!.crmMessageId}`));
    expect(turns.rows).toEqual([{ mode: "offline", fallback_reason: "LLM failed" }]);
  });

  it("retries the primary model, then answers through the fallback model", async () => {
    const chatId = newChatId();
    const marker = `primary-down-${chatId}`;
    await scriptModel(marker, [
      { status: 429, error: "rate limited" },
      { status: 502, error: "bad gateway" },
    ]);
    await postWebhook({ messages: [textMessage(chatId, `ergonomic chair ${marker}`)] });
    await waitUntilIdle(chatId);
    const [reply] = await sentTo(chatId);
    expect(reply!.text).not.toContain("offline mode");
    const turns = await query((db) => db.execute(sql`select mode from agent_turns where reply_crm_message_id = ${reply!.crmMessageId}`));
    expect(turns.rows).toEqual([{ mode: "llm" }]);
    // Two primary attempts (one SDK retry), then the fallback model took the call.
    expect((await modelRequests(marker)).slice(0, 3).map((r) => r.model)).toEqual(["test/primary-model", "test/primary-model", "test/fallback-model"]);
  });

  it("catches a reply that invents a price: corrected once, else replaced by the catalog reply", async () => {
    const chatId = newChatId();
    const marker = `invent-${chatId}`;
    // The model searches, then claims a price no tool returned, twice.
    await scriptModel(marker, [
      { toolCall: { name: "search_products", arguments: { query: "mesh chair" } } },
      { text: "The Aero Mesh chair is only 99 AED today!" },
      { text: "Sorry, it is 149 AED." },
    ]);
    await postWebhook({ messages: [textMessage(chatId, `mesh chair price? ${marker}`)] });
    await waitUntilIdle(chatId);
    const [reply] = await sentTo(chatId);
    expect(reply!.text).toContain("offline mode");
    const stated = statedAmounts(reply!.text!);
    expect(stated.length).toBeGreaterThan(0);
    const prices = await query((db) => db.select({ price: products.priceAed }).from(products));
    const catalogPrices = new Set(prices.map((p) => Number(p.price)));
    for (const amount of stated) expect(catalogPrices.has(amount), `${amount} is a catalog price`).toBe(true);
    const turns = await query((db) => db.execute(sql`select fallback_reason from agent_turns where reply_crm_message_id = ${reply!.crmMessageId}`));
    expect(turns.rows).toEqual([{ fallback_reason: "ungrounded price" }]);
  });

  it("checks a price the model states without calling any tool ('only 99 AED today!')", async () => {
    const chatId = newChatId();
    const marker = `no-tool-${chatId}`;
    await scriptModel(marker, [{ text: "Our mesh chairs are only 99 AED today!" }, { text: "Sorry: only 99 AED today, really!" }]);
    await postWebhook({ messages: [textMessage(chatId, `cheapest mesh chair? ${marker}`)] });
    await waitUntilIdle(chatId);
    const [reply] = await sentTo(chatId);
    expect(statedAmounts(reply!.text!)).not.toContain(99);
    expect(reply!.text).toContain("offline mode");
    const turns = await query((db) => db.execute(sql`select fallback_reason from agent_turns where reply_crm_message_id = ${reply!.crmMessageId}`));
    expect(turns.rows).toEqual([{ fallback_reason: "ungrounded price" }]);
  });

  it("accepts a corrected draft whose prices come from the tools", async () => {
    const chatId = newChatId();
    const marker = `correct-${chatId}`;
    const [chair] = await query(async (db) => (await hybridSearch({ db, embedder: null, index: null }, { query: "mesh ergonomic chair", limit: 1 })).products);
    await scriptModel(marker, [
      { toolCall: { name: "get_product", arguments: { product_id: chair!.sku } } },
      { text: "It costs 12 AED." },
      { text: `The ${chair!.name} is ${chair!.priceAed} AED; 12 of them come to ${(chair!.priceAed * 12).toFixed(2)} AED.` },
    ]);
    await postWebhook({ messages: [textMessage(chatId, `price for 12? ${marker}`)] });
    await waitUntilIdle(chatId);
    const [reply] = await sentTo(chatId);
    expect(reply!.text).toContain(`${chair!.priceAed} AED`);
    expect(reply!.text).not.toContain("offline mode");
  });

  it("answers without any LLM key from the catalog, labelled as offline, in English and Arabic", async () => {
    const catalog = await query(async (db) => {
      const deps = { model: null, catalog: { search: async (s: ProductSearch) => (await hybridSearch({ db, embedder: null, index: null }, s)).products, get: (id: string) => getProduct(db, id) } };
      const english = await runTurn({ history: [], pending: ["standing desk"], language: "en", customerName: null, now: new Date() }, deps);
      const arabic = await runTurn({ history: [], pending: ["مرحبا"], language: "ar", customerName: null, now: new Date() }, deps);
      return { english, arabic };
    });
    expect(catalog.english.mode).toBe("offline");
    expect(catalog.english.text).toContain("offline mode");
    expect(catalog.english.text).toMatch(/desk/i);
    expect(catalog.english.text).toMatch(/\d AED/);
    expect(catalog.arabic.text).toContain("أهلاً بك");
  });

  it("retries a Wazzup 500 with the same crmMessageId and posts the reply once", async () => {
    const chatId = newChatId();
    await scriptWazzupFailure(chatId, { status: 500, error: "INTERNAL_ERROR", times: 1 });
    const message = textMessage(chatId, "pedestal with 3 drawers");
    await postWebhook({ messages: [message] });
    await waitUntilIdle(chatId, 20_000);
    const sent = await sentTo(chatId);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.crmMessageId).toBe(`reply-${message.messageId}`);
  });

  it("counts a send Wazzup took but answered with an error as delivered: the retry is refused as repeatedCrmMessageId", async () => {
    const chatId = newChatId();
    // Wazzup sends the message, then the answer is a 500: our retry carries the same crmMessageId.
    await scriptWazzupFailure(chatId, { status: 500, error: "INTERNAL_ERROR", times: 1, afterSend: true });
    const message = textMessage(chatId, "meeting table for 8");
    await postWebhook({ messages: [message] });
    const snapshot = await waitUntilIdle(chatId, 20_000);
    expect(snapshot.consecutiveFailures).toBe(0);
    const sent = await sentTo(chatId);
    expect(sent.map((m) => m.crmMessageId)).toEqual([`reply-${message.messageId}`]);
    // The retry really happened and was refused: Wazzup's answer for it is in the request log.
    const attempts = await wazzupAttempts(`reply-${message.messageId}`);
    expect(attempts.map((a) => a.status)).toEqual([500, 400]);
    expect(attempts[1]!.error).toBe("repeatedCrmMessageId");
    // The reply is stored once, as sent, and the next message is answered normally.
    await postWebhook({ messages: [textMessage(chatId, "and chairs for it?")] });
    await waitUntilIdle(chatId);
    expect(await sentTo(chatId)).toHaveLength(2);
  });

  it("records a permanent Wazzup refusal (24-hour window) without crashing or retrying forever", async () => {
    const chatId = newChatId();
    await scriptWazzupFailure(chatId, { status: 400, error: "24_HOURS_EXCEEDED", times: 1 });
    await postWebhook({ messages: [textMessage(chatId, "whiteboard 180 cm")] });
    const snapshot = await waitUntilIdle(chatId);
    expect(snapshot.consecutiveFailures).toBe(0);
    expect(await sentTo(chatId)).toEqual([]);
    // The next customer message opens the window again and is answered normally.
    await postWebhook({ messages: [textMessage(chatId, "whiteboard please")] });
    await waitUntilIdle(chatId);
    expect(await sentTo(chatId)).toHaveLength(1);
  });

  it("answers an Arabic message in Arabic with catalog prices", async () => {
    const chatId = newChatId();
    await postWebhook({ messages: [textMessage(chatId, "أحتاج كرسي مكتب مريح")] });
    await waitUntilIdle(chatId);
    const [reply] = await sentTo(chatId);
    expect(reply!.text).toMatch(/[\u0600-\u06FF]/);
    expect(reply!.text).toContain("درهم");
    const stated = statedAmounts(reply!.text!);
    expect(stated.length).toBeGreaterThan(0);
    const catalogPrices = new Set((await query((db) => db.select({ price: products.priceAed }).from(products))).map((p) => Number(p.price)));
    expect(stated.filter((amount) => !catalogPrices.has(amount))).toEqual([]);
  });
});

describe("the WhatsApp 24-hour window", () => {
  it("does not attempt a free-form reply when the customer's message is older than 24 hours, and records why", async () => {
    const chatId = newChatId();
    const late = textMessage(chatId, "do you have sofas?", { dateTime: new Date(Date.now() - 25 * 60 * 60_000).toISOString() });
    const response = await postWebhook({ messages: [late] });
    expect(response.status).toBe(200);
    await waitUntilIdle(chatId);
    expect(await sentTo(chatId)).toEqual([]);
    const [record] = await query((db) => db.select().from(messages).where(eq(messages.clientMessageId, `reply-${late.messageId}`)));
    expect(record?.meta).toMatchObject({ error: "WINDOW_CLOSED" });
    const [stored] = await query((db) => db.select().from(messages).where(eq(messages.providerMessageId, late.messageId)));
    expect(stored).toBeDefined();

    // A fresh message reopens the window and is answered.
    await postWebhook({ messages: [textMessage(chatId, "hello again, sofas please")] });
    await waitUntilIdle(chatId);
    expect(await sentTo(chatId)).toHaveLength(1);
  });
});

describe("stock figures are grounded too", () => {
  it("a reply inventing a stock figure is corrected", async () => {
    const chatId = newChatId();
    const marker = `stock-${chatId}`;
    await scriptModel(marker, [
      { toolCall: { name: "search_products", arguments: { query: "mesh chair" } } },
      { text: "We have 9999 in stock, order as many as you like!" },
    ]);
    await postWebhook({ messages: [textMessage(chatId, `how many mesh chairs do you have ${marker}`)] });
    await waitUntilIdle(chatId);
    const [reply] = await sentTo(chatId);
    expect(reply!.text).not.toContain("9999");
    // Instead the customer reads the stock figures the catalog has.
    const figures = statedStock(reply!.text!);
    expect(figures.length).toBeGreaterThan(0);
    const stock = new Set((await query((db) => db.select({ stock: products.stockAvailable }).from(products))).map((p) => p.stock));
    expect(figures.filter((figure) => !stock.has(figure))).toEqual([]);
  });
});

describe("a reply whose send failed is not answered again", () => {
  it("resends the recorded reply and answers only what came after it", async () => {
    const chatId = newChatId();
    // Two refusals: the outbox backs off 1 s, then 2 s, so the second message lands in between.
    await scriptWazzupFailure(chatId, { status: 500, error: "INTERNAL_ERROR", times: 2 });
    const first = textMessage(chatId, `first question about lockers ${chatId}-a`);
    await postWebhook({ messages: [first] });
    let refused: { status: number }[] = [];
    for (let i = 0; i < 1500 && refused.length === 0; i++) {
      refused = await wazzupAttempts(`reply-${first.messageId}`);
      if (refused.length === 0) await new Promise((r) => setTimeout(r, 10));
    }
    expect(refused.map((a) => a.status)).toEqual([500]);
    const second = textMessage(chatId, `second question about pedestals ${chatId}-b`);
    await postWebhook({ messages: [second] });
    const secondAcceptedAt = Date.now();
    await waitUntilIdle(chatId, 20_000);
    const sent = await sentTo(chatId);
    expect(sent.map((m) => m.crmMessageId)).toEqual([`reply-${first.messageId}`, `reply-${second.messageId}`]);
    // The race this test is about happened: the first reply went out only after the second message was in.
    expect(sent[0]!.receivedAt).toBeGreaterThan(secondAcceptedAt);
    const secondTurn = await modelRequests(`${chatId}-b`);
    expect(secondTurn.length).toBeGreaterThan(0);
    expect(secondTurn.filter((request) => request.lastUserText.includes(`${chatId}-a`))).toEqual([]);
  });
});
