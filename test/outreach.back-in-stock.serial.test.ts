import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { generateZohoItems, zohoTime } from "../stand-ins/zoho-catalog";
import { STAND_IN_TEMPLATES } from "../stand-ins/wazzup";
import { adminFetch, control, conversation, until, newChatId, query, say, scriptModel, sentTo, syncCatalog, waitUntilIdle } from "./helpers";

/**
 * Back-in-stock notices end to end: the customer asks for an item the Zoho stand-in has none of,
 * accepts the offer (the scripted model calls notify_when_back_in_stock; the offline salesperson
 * does the same without a model), the stand-in's stock returns, a catalog sync runs, and the
 * zoho-sync queue's job per subscriber has the conversation object send the notice within the
 * proactive rules. Serial: it changes global settings (the token cap, the template) and restores them.
 */
const HOUR = 60 * 60_000;
const TEMPLATE = STAND_IN_TEMPLATES.find((t) => t.name === "back_in_stock")!;
const patch = (body: unknown) => adminFetch("/api/v1/admin/settings", { method: "PATCH", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

/** An item of our own in the stand-in, out of stock; `stock` puts a new figure there (as a Zoho edit). */
function probeItem(index: number) {
  const item = { ...generateZohoItems(1, { seed: 24, startIndex: 97_000 + index })[0]!, status: "active" as const };
  const put = (available: number) =>
    control("zohoUrl", "/__control/items", { body: { items: [{ ...item, available_stock: available, actual_available_stock: available, stock_on_hand: available, last_modified_time: zohoTime(new Date()) }] } });
  return { item, put };
}

async function subscriptions(chatId: string) {
  const result = await query((db) =>
    db.execute(sql`select s.status, s.reason from back_in_stock_subscriptions s join conversations c on c.id = s.conversation_id where c.chat_id = ${chatId} order by s.created_at`),
  );
  return result.rows as { status: string; reason: string | null }[];
}

async function proactiveRows(chatId: string) {
  const result = await query((db) =>
    db.execute(sql`select p.kind, p.status, p.reason, p.template_id from proactive_messages p join conversations c on c.id = p.conversation_id where c.chat_id = ${chatId} order by p.created_at`),
  );
  return result.rows as { kind: string; status: string; reason: string | null; template_id: string | null }[];
}

async function customerView(chatId: string) {
  const row = (await query((db) => db.execute(sql`select customer_id from conversations where chat_id = ${chatId}`))).rows[0] as { customer_id: string };
  const response = await adminFetch(`/api/v1/customers/${row.customer_id}`);
  expect(response.status).toBe(200);
  return (await response.json()) as { customer: { backInStock: { sku: string; name: string; status: string; reason: string | null }[] } };
}

/**
 * The customer asks for the item, is offered a notice, and accepts it: through the model (the
 * OpenRouter stand-in scripted to look the item up and call notify_when_back_in_stock, as the
 * prompt's rule 9 asks), or through the offline salesperson (no model: the daily token cap is 0).
 */
async function subscribe(chatId: string, sku: string, via: "model" | "offline" = "model"): Promise<void> {
  if (via === "model") {
    const marker = `bis-${chatId}`;
    await scriptModel(marker, [
      { toolCall: { name: "get_product", arguments: { product_id: sku } } },
      { text: "Sorry, it is out of stock right now. Shall I message you when it is back in stock?" },
      { toolCall: { name: "notify_when_back_in_stock", arguments: { product_id: sku } } },
      { text: "Done: I will message you here once it is back in stock." },
    ]);
    const first = await say(chatId, `do you have ${sku}? ${marker}`);
    expect(first).toContain("out of stock");
    expect(await say(chatId, "yes please")).toContain("I will message you here once");
    const [turn] = (await query((db) => db.execute(sql`select a.tool_calls from agent_turns a join conversations c on c.id = a.conversation_id where c.chat_id = ${chatId} order by a.created_at desc limit 1`))).rows as { tool_calls: { name: string; ok: boolean; result: string }[] }[];
    expect(turn!.tool_calls).toMatchObject([{ name: "notify_when_back_in_stock", ok: true, result: expect.stringContaining('"status":"subscribed"') }]);
  } else {
    const offer = await say(chatId, `please quote 2 x ${sku}`);
    expect(offer).toContain("out of stock");
    expect(offer).toContain("Shall I message you once when it is back in stock");
    expect(await say(chatId, "yes please")).toContain("I will message you here once");
  }
  expect(await subscriptions(chatId)).toEqual([{ status: "waiting", reason: null }]);
}

const probes = [probeItem(0), probeItem(1), probeItem(2)];
const MANAGER = "971500000001";

beforeAll(async () => {
  await probes[0]!.put(0);
  await probes[1]!.put(0);
  await probes[2]!.put(8);
  await syncCatalog({ mode: "incremental" });
});
afterAll(async () => {
  await patch({ dailyTokenCap: 20_000_000, backInStockTemplateId: null });
  for (const { item } of probes) await control("zohoUrl", `/__control/items/${item.item_id}`, { method: "DELETE" }).catch(() => undefined);
  // A full sync retires them, so later files do not find our probes in the shared catalog.
  await syncCatalog({ mode: "full" });
});

describe("back in stock", () => {
  it("the model and the offline salesperson both subscribe; one sync sends each subscriber one notice with name and price, a second sends nothing; STOP and a closed window get none, and staff see why", async () => {
    const { item, put } = probes[0]!;
    const viaModel = newChatId();
    const optedOut = newChatId();
    const outsideWindow = newChatId();
    const offline = newChatId();
    await subscribe(viaModel, item.sku);
    await subscribe(optedOut, item.sku);
    await say(optedOut, "STOP");
    await subscribe(outsideWindow, item.sku);
    expect((await patch({ dailyTokenCap: 0 })).status).toBe(200);
    try {
      await subscribe(offline, item.sku, "offline");
      // Asking twice keeps one subscription.
      await say(offline, `please quote 2 x ${item.sku}`);
      await say(offline, "notify me");
      expect(await subscriptions(offline)).toEqual([{ status: "waiting", reason: null }]);
    } finally {
      expect((await patch({ dailyTokenCap: 20_000_000 })).status).toBe(200);
    }
    // The last customer message of this chat is 25 h old, for us and for WhatsApp (the stand-in).
    await conversation(outsideWindow).ageOutreach(25 * HOUR);
    await fetch(`${inject("wazzupUrl")}/__control/customer-wrote`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ chatId: outsideWindow, at: Date.now() - 25 * HOUR }) });
    const before = new Map(await Promise.all([viaModel, optedOut, outsideWindow, offline].map(async (chat) => [chat, (await sentTo(chat)).length] as const)));

    await put(7);
    await syncCatalog({ mode: "incremental" });
    for (const chat of [viaModel, optedOut, outsideWindow, offline]) await until(`${chat}'s notice handled`, async () => (await subscriptions(chat))[0]!.status !== "waiting");

    const price = item.rate.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    for (const chat of [viaModel, offline]) {
      await waitUntilIdle(chat);
      const sent = (await sentTo(chat)).slice(before.get(chat));
      expect(sent).toHaveLength(1);
      expect(sent[0]!.text).toContain(item.name);
      expect(sent[0]!.text).toContain(`${price} AED`);
      expect(sent[0]!.crmMessageId).toMatch(/^proactive-back_in_stock:/);
      expect(await subscriptions(chat)).toEqual([{ status: "notified", reason: null }]);
      expect(await proactiveRows(chat)).toEqual([{ kind: "back_in_stock", status: "sent", reason: null, template_id: null }]);
    }
    for (const [chat, reason, says] of [
      [optedOut, "opted_out", "opted out"],
      [outsideWindow, "no_template", "no approved template"],
    ] as const) {
      await waitUntilIdle(chat);
      expect(await sentTo(chat)).toHaveLength(before.get(chat)!);
      expect(await subscriptions(chat)).toEqual([{ status: "skipped", reason }]);
      expect(await proactiveRows(chat)).toEqual([{ kind: "back_in_stock", status: "skipped", reason, template_id: null }]);
      const note = (await query((db) => db.execute(sql`select m.text, m.delivery_status from messages m join conversations c on c.id = m.conversation_id where c.chat_id = ${chat} and m.meta->>'proactive' = 'back_in_stock'`))).rows;
      expect(note).toEqual([{ text: expect.stringContaining(says), delivery_status: "failed" }]);
      // Staff see the subscription and why it ended on the customer.
      expect((await customerView(chat)).customer.backInStock).toEqual([{ productId: expect.any(String), sku: item.sku, name: item.name, status: "skipped", reason, createdAt: expect.any(String), endedAt: expect.any(String) }]);
    }
    expect((await customerView(viaModel)).customer.backInStock).toMatchObject([{ sku: item.sku, status: "notified" }]);

    // A second sync (the stock moves again, still in stock) sends nothing more.
    await put(9);
    await syncCatalog({ mode: "incremental" });
    for (const chat of [viaModel, offline]) {
      await waitUntilIdle(chat);
      expect(await sentTo(chat)).toHaveLength(before.get(chat)! + 1);
      expect(await proactiveRows(chat)).toHaveLength(1);
    }
  });

  it("outside the window with the approved template chosen in settings: the template goes with the item's name and price", async () => {
    const { item, put } = probes[1]!;
    const chatId = newChatId();
    await subscribe(chatId, item.sku);
    expect((await patch({ backInStockTemplateId: TEMPLATE.templateGuid })).status).toBe(200);
    try {
      await conversation(chatId).ageOutreach(25 * HOUR);
      await fetch(`${inject("wazzupUrl")}/__control/customer-wrote`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ chatId, at: Date.now() - 25 * HOUR }) });
      const before = (await sentTo(chatId)).length;
      await put(3);
      await syncCatalog({ mode: "incremental" });
      await until("the notice handled", async () => (await subscriptions(chatId))[0]!.status !== "waiting");
      await waitUntilIdle(chatId);
      const sent = (await sentTo(chatId)).slice(before);
      const price = item.rate.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
      expect(sent).toHaveLength(1);
      expect(sent[0]).toMatchObject({ templateId: TEMPLATE.templateGuid, templateValues: [item.name, `${price} AED`] });
      expect(await subscriptions(chatId)).toEqual([{ status: "notified", reason: null }]);
    } finally {
      expect((await patch({ backInStockTemplateId: null })).status).toBe(200);
    }
  });

  it("managers get one low-stock alert when a sync sees an item fall below what an open quotation quotes, not one per sync", async () => {
    const { item, put } = probes[2]!;
    const chatId = newChatId();
    await say(chatId, `please quote 5 x ${item.sku}`);
    const [quotation] = (await query((db) => db.execute(sql`select q.number, q.state from quotations q join conversations c on c.id = q.conversation_id where c.chat_id = ${chatId}`))).rows as { number: string; state: string }[];
    expect(["draft", "shown"]).toContain(quotation!.state);
    const alerts = async () => (await sentTo(MANAGER)).filter((m) => m.text?.startsWith("Low stock:") && m.text.includes(item.sku));
    expect(await alerts()).toHaveLength(0);

    await put(3);
    await syncCatalog({ mode: "incremental" });
    const [alert] = await until("the low-stock alert", async () => {
      const found = await alerts();
      return found.length > 0 ? found : null;
    });
    expect(alert!.text).toContain(`fell from 8 to 3`);
    expect(alert!.text).toContain(`${quotation!.number} (5)`);

    // Still short on the next sync (and lower): no new drop across the quoted quantity, no new alert.
    await put(2);
    await syncCatalog({ mode: "incremental" });
    await put(1);
    await syncCatalog({ mode: "incremental" });
    await waitUntilIdle(chatId);
    expect(await alerts()).toHaveLength(1);
  });
});
