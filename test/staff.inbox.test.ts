import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { InboxEvent } from "../src/shell/inbox-events";
import { newChatId, poll, postWebhook, query, scriptModel, scriptWazzupFailure, sentTo, textMessage, waitUntilIdle, write } from "./helpers";
import { openStream, staffFetch, staffForSuite } from "./staff-helpers";

async function conversationIdOf(chatId: string): Promise<string> {
  const result = await query((db) => db.execute(sql`select id from conversations where chat_id = ${chatId}`));
  return String(result.rows[0]!.id);
}

/** A chat with one customer message answered by the bot. */
async function answeredChat(text = "hello, do you have office chairs?") {
  const chatId = newChatId();
  await write(chatId, text);
  return { chatId, id: await conversationIdOf(chatId) };
}

/** Opens the live event stream as a signed-in staff member and collects what arrives. */
async function listen(session: string, conversationId?: string): Promise<{ events: InboxEvent[]; close: () => void }> {
  const { socket } = await openStream(session, conversationId);
  const events: InboxEvent[] = [];
  socket.addEventListener("message", (event) => {
    const parsed = JSON.parse(String(event.data)) as InboxEvent | { type: "ready" };
    if (parsed.type !== "ready") events.push(parsed as InboxEvent);
  });
  return { events, close: () => socket.close(1000, "done") };
}

type Listed = { id: string; status: string };
async function listed(session: string, filter: string): Promise<Listed[]> {
  const response = await staffFetch(`/api/v1/conversations?limit=200&${filter}`, { session });
  expect(response.status).toBe(200);
  return ((await response.json()) as { conversations: Listed[] }).conversations;
}

describe("the inbox API", () => {
  const staff = staffForSuite({ manager: "sara", viewer: "viewer" });

  it("a manager's reply reaches the customer through Wazzup, silences the bot, and is streamed live", async () => {
    const { chatId, id } = await answeredChat();
    const botReplies = (await sentTo(chatId)).length;
    expect(botReplies).toBe(1);
    const live = await listen(staff.viewer.session, id);
    const inbox = await listen(staff.viewer.session);

    const reply = await staffFetch(`/api/v1/conversations/${id}/messages`, { method: "POST", session: staff.manager.session, body: { text: "Hi, Sara from sales here. Which model do you like?" } });
    expect(reply.status).toBe(202);
    const { messageId } = (await reply.json()) as { messageId: string };
    await waitUntilIdle(chatId);
    const sent = await sentTo(chatId);
    expect(sent).toHaveLength(botReplies + 1);
    expect(sent.at(-1)).toMatchObject({ text: "Hi, Sara from sales here. Which model do you like?", crmMessageId: messageId });

    // The customer answers: the manager has the chat, the bot says nothing.
    await postWebhook({ messages: [textMessage(chatId, "the black mesh one please")] });
    await waitUntilIdle(chatId);
    expect(await sentTo(chatId)).toHaveLength(botReplies + 1);

    const types = (events: InboxEvent[]): string[] => events.map((e) => e.type);
    await poll("conversation events", async () => types(live.events), (t) => ["handoff", "message.sent", "message.new"].every((type) => t.includes(type)));
    await poll("inbox events", async () => types(inbox.events), (t) => t.includes("message.sent") && t.includes("message.new"));
    expect(live.events.every((e) => e.conversationId === id)).toBe(true);
    live.close();
    inbox.close();

    // Stored as the manager's message, in order after the bot's reply.
    const messages = await poll(
      "manager message mirrored",
      async () => ((await (await staffFetch(`/api/v1/conversations/${id}/messages`, { session: staff.viewer.session })).json()) as { messages: { author: string; text: string; providerMessageId: string | null; deliveryStatus: string | null }[] }).messages,
      (list) => list.some((m) => m.author === "manager" && m.providerMessageId !== null),
    );
    expect(messages.map((m) => m.author)).toEqual(["customer", "agent", "manager", "customer"]);

    // Wazzup's statuses show on the message, and a late "delivered" does not undo "read".
    const manager_ = messages.find((m) => m.author === "manager")!;
    const at = new Date().toISOString();
    await postWebhook({ statuses: [{ messageId: manager_.providerMessageId!, timestamp: at, status: "delivered" }, { messageId: manager_.providerMessageId!, timestamp: at, status: "read" }] });
    await poll("read status", async () => ((await (await staffFetch(`/api/v1/conversations/${id}/messages`, { session: staff.viewer.session })).json()) as { messages: typeof messages }).messages.find((m) => m.author === "manager")!.deliveryStatus, (s) => s === "read");
    await postWebhook({ statuses: [{ messageId: manager_.providerMessageId!, timestamp: at, status: "delivered" }] });
    const after = await query((db) => db.execute(sql`select delivery_status from messages where provider_message_id = ${manager_.providerMessageId}`));
    expect(after.rows[0]!.delivery_status).toBe("read");

    // A retried request with the same clientId sends once.
    const clientId = crypto.randomUUID();
    for (let i = 0; i < 2; i++) expect((await staffFetch(`/api/v1/conversations/${id}/messages`, { method: "POST", session: staff.manager.session, body: { text: "One more thing", clientId } })).status).toBe(202);
    await waitUntilIdle(chatId);
    expect((await sentTo(chatId)).filter((m) => m.text === "One more thing")).toHaveLength(1);
  });

  it("filters by status, channel, language and name or phone, and closing is undone by the customer's next message", async () => {
    const waiting = await answeredChat();
    const replied = await answeredChat();
    expect((await staffFetch(`/api/v1/conversations/${waiting.id}/handoff`, { method: "POST", session: staff.manager.session, body: {} })).status).toBe(200);
    expect((await staffFetch(`/api/v1/conversations/${replied.id}/messages`, { method: "POST", session: staff.manager.session, body: { text: "Hello from a human" } })).status).toBe(202);
    await waitUntilIdle(waiting.chatId);
    await waitUntilIdle(replied.chatId);

    const ids = (list: Listed[]) => list.map((c) => c.id);
    expect(ids(await listed(staff.viewer.session, "status=waiting_for_human"))).toContain(waiting.id);
    expect(ids(await listed(staff.viewer.session, "status=handed_off"))).toContain(replied.id);
    expect(ids(await listed(staff.viewer.session, "status=handed_off"))).not.toContain(waiting.id);
    expect(ids(await listed(staff.viewer.session, `q=${waiting.chatId.slice(-7)}`))).toEqual([waiting.id]);
    expect(ids(await listed(staff.viewer.session, `channel=whatsapp&language=en&q=${replied.chatId}`))).toEqual([replied.id]);
    expect(ids(await listed(staff.viewer.session, `channel=telegram&q=${replied.chatId}`))).toEqual([]);

    expect((await staffFetch(`/api/v1/conversations/${waiting.id}/close`, { method: "POST", session: staff.manager.session })).status).toBe(200);
    expect(ids(await listed(staff.viewer.session, "status=closed"))).toContain(waiting.id);
    expect(ids(await listed(staff.viewer.session, "status=waiting_for_human"))).not.toContain(waiting.id);
    await postWebhook({ messages: [textMessage(waiting.chatId, "one more question about delivery")] });
    await waitUntilIdle(waiting.chatId);
    await poll("reopened", async () => ids(await listed(staff.viewer.session, "status=closed")), (list) => !list.includes(waiting.id));
    // The handoff ended with the close: the bot answers the new question.
    expect((await sentTo(waiting.chatId)).length).toBe(2);
  });

  it("previews each row's last message, counts the chats waiting for a person, and opens a conversation at its newest messages", async () => {
    const chat = await answeredChat("hello, do you have office chairs?");
    const body = async (filter: string) => (await (await staffFetch(`/api/v1/conversations?limit=200&${filter}`, { session: staff.viewer.session })).json()) as { conversations: { id: string; lastMessage: { author: string; text: string | null } | null }[]; waitingForHuman: number };
    const before = await body(`q=${chat.chatId}`);
    const [row] = before.conversations;
    const bot = (await sentTo(chat.chatId)).at(-1)!;
    expect(row!.lastMessage).toMatchObject({ author: "agent" });
    expect(bot.text!.startsWith(row!.lastMessage!.text!)).toBe(true);
    expect(row!.lastMessage!.text!.length).toBeLessThanOrEqual(140);

    await postWebhook({ messages: [textMessage(chat.chatId, "I'd like to talk to a real person please")] });
    await waitUntilIdle(chat.chatId);
    const waiting = await poll("the chat waits for a person", () => body(`q=${chat.chatId}`), (b) => b.conversations[0]!.lastMessage !== null && b.waitingForHuman > 0);
    // The count is the inbox's, whatever the filter; this chat is one of them.
    expect(waiting.waitingForHuman).toBeGreaterThanOrEqual(1);
    expect((await body("status=waiting_for_human")).conversations.map((c) => c.id)).toContain(chat.id);
    const filteredOut = await body(`status=active&q=${chat.chatId}`);
    expect(filteredOut.conversations).toEqual([]);
    expect(filteredOut.waitingForHuman).toBeGreaterThanOrEqual(1);

    const messages = async (query: string) => ((await (await staffFetch(`/api/v1/conversations/${chat.id}/messages?${query}`, { session: staff.viewer.session })).json()) as { messages: { text: string; sentAt: string }[] }).messages;
    const all = await messages("limit=200");
    expect(all.length).toBeGreaterThanOrEqual(3);
    const latest = await messages("limit=2&latest=true");
    expect(latest.map((m) => m.text)).toEqual(all.slice(-2).map((m) => m.text));
    expect((await messages("limit=2")).map((m) => m.text)).toEqual(all.slice(0, 2).map((m) => m.text));
    expect((await staffFetch(`/api/v1/conversations/${chat.id}/messages?latest=perhaps`, { session: staff.viewer.session })).status).toBe(400);
  });

  it("shows each bot reply's trace and every quotation", async () => {
    const marker = `trace-${newChatId()}`;
    await scriptModel(marker, [{ toolCall: { name: "search_products", arguments: { query: "mesh chair" } } }, { text: "We have mesh chairs in stock." }]);
    const { id } = await answeredChat(`do you have mesh chairs? ${marker}`);
    const turns = ((await (await staffFetch(`/api/v1/conversations/${id}/turns`, { session: staff.viewer.session })).json()) as { turns: { mode: string; model: string | null; toolCalls: { name: string; ok: boolean; ms: number; args?: Record<string, unknown> }[]; totalMs: number; productsShown: string[] }[] }).turns;
    expect(turns).toHaveLength(1);
    expect(turns[0]!.totalMs).toBeGreaterThan(0);
    expect(turns[0]).toMatchObject({ mode: "llm", model: "test/primary-model" });
    // Each tool call with its arguments and how long it took: the search run before the model, then the model's own.
    expect(turns[0]!.toolCalls).toEqual([
      expect.objectContaining({ name: "search_products", ok: true, prefetched: true, args: expect.objectContaining({ category: "chairs" }) }),
      expect.objectContaining({ name: "search_products", ok: true, args: { query: "mesh chair" } }),
    ]);
    expect(turns[0]!.toolCalls[1]!.ms).toBeGreaterThanOrEqual(0);
    // Each model call the reply cost, with its tokens (cached and not) and cost.
    expect((turns[0] as unknown as { modelCalls: unknown[] }).modelCalls).toEqual([
      expect.objectContaining({ model: "test/primary-model", promptTokens: 350, cachedTokens: 0, costUsd: expect.any(Number) }),
      expect.objectContaining({ model: "test/primary-model", promptTokens: 350, cachedTokens: 0 }),
    ]);

    const all = await staffFetch("/api/v1/quotations?limit=5", { session: staff.viewer.session });
    expect(all.status).toBe(200);
    const drafts = (await (await staffFetch("/api/v1/quotations?state=draft&limit=50", { session: staff.viewer.session })).json()) as { quotations: { state: string }[] };
    expect(drafts.quotations.every((q) => q.state === "draft")).toBe(true);
    expect((await staffFetch("/api/v1/quotations?state=bogus", { session: staff.viewer.session })).status).toBe(400);
  });

  it("a manager's reply whose echo beats Wazzup's answer is recorded once, and the chat's copy in Postgres keeps up", async () => {
    const { chatId, id } = await answeredChat();
    const before = (await sentTo(chatId)).length;
    // Wazzup sends it but its answer is lost, so the echo (which carries no crmMessageId) is the first the chat hears of its provider id.
    await scriptWazzupFailure(chatId, { status: 500, error: "INTERNAL_ERROR", times: 1, afterSend: true });
    const text = "Sara here: the black one is in stock, shall I reserve it?";
    const reply = await staffFetch(`/api/v1/conversations/${id}/messages`, { method: "POST", session: staff.manager.session, body: { text } });
    expect(reply.status).toBe(202);
    const sent = await poll("the send at Wazzup", () => sentTo(chatId), (all) => all.length > before);
    const providerId = sent.at(-1)!.messageId;
    await postWebhook({ messages: [textMessage(chatId, text, { isEcho: true, messageId: providerId })] });
    await waitUntilIdle(chatId);

    await postWebhook({ messages: [textMessage(chatId, "yes please, reserve it")] });
    await waitUntilIdle(chatId);
    const mirrored = (what: string) => query(async (db) => (await db.execute(sql`select m.author, m.provider_message_id from messages m join conversations c on c.id = m.conversation_id where c.chat_id = ${chatId} and m.text = ${what}`)).rows);
    // Once, as ours, with the provider id the echo taught us; and what the customer wrote next still reaches Postgres.
    await poll("the customer's next message in Postgres", () => mirrored("yes please, reserve it"), (rows) => rows.length === 1);
    expect(await mirrored(text)).toEqual([{ author: "manager", provider_message_id: providerId }]);
  });

  it("refuses a WebSocket from another origin", async () => {
    const response = await staffFetch("/api/v1/events", { session: staff.viewer.session, origin: "https://evil.example", headers: { upgrade: "websocket" } });
    expect(response.status).toBe(403);
  });
});
