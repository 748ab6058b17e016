import { z } from "zod";
import { CHANNEL_NAMES } from "../../channels/registry";
import { contracts, idParams, ok, plainText, row, timestamp, visibleText } from "./types";

export const CONVERSATION_STATUSES = ["active", "handed_off", "waiting_for_human", "closed"] as const;

const conversation = z.object({
  id: z.uuid(),
  channel: z.enum(CHANNEL_NAMES),
  channelId: z.string(),
  chatType: z.string(),
  chatId: z.string(),
  status: z.enum(CONVERSATION_STATUSES),
  language: z.string().nullable(),
  lastMessageAt: timestamp.nullable(),
  customerName: z.string().nullable(),
  leadScore: z.number().int().min(0).max(100).describe("0-100: fit and intent in the chat, fading with silence"),
  lastMessage: z.object({ author: z.string(), text: z.string().nullable().describe("the first 140 characters"), type: z.string() }).nullable().describe("the newest message, for a preview"),
});

const message = z.object({
  id: z.uuid(),
  providerMessageId: z.string().nullable().describe("the channel's id (Wazzup messageId, Telegram message_id)"),
  clientMessageId: z.string().nullable().describe("our id for messages we sent"),
  direction: z.enum(["in", "out"]),
  author: z.enum(["customer", "agent", "manager", "system"]),
  type: z.string(),
  text: z.string().nullable(),
  deliveryStatus: z.string().nullable().describe("the channel's last status for an outgoing message: sent, delivered, read, error, ..."),
  proactive: z.string().nullable().describe("a message we started ourselves (follow_up, back_in_stock), or the note of one not sent; null for replies"),
  sentAt: timestamp,
  documentPath: z.string().nullable().describe("for the quotation document we sent: a link to it for staff (signed, valid a day)"),
});

const turn = z.object({
  id: z.uuid(),
  replyMessageId: z.string(),
  mode: z.enum(["llm", "offline"]),
  model: z.string().nullable(),
  language: z.string(),
  promptTokens: z.number().int(),
  completionTokens: z.number().int(),
  cachedTokens: z.number().int().describe("of promptTokens, read from the provider's prompt cache"),
  costUsd: z.number(),
  llmMs: z.number().int(),
  totalMs: z.number().int(),
  modelCalls: z
    .array(z.object({ model: z.string(), promptTokens: z.number().int(), cachedTokens: z.number().int(), completionTokens: z.number().int(), costUsd: z.number(), ms: z.number() }))
    .describe("each model call the reply cost, as the provider reported it (recorded since migration 0019)"),
  toolCalls: z.array(
    row({
      name: z.string(),
      ok: z.boolean().optional(),
      ms: z.number().optional(),
      args: z.record(z.string(), z.unknown()).optional().describe("the arguments the model gave"),
      prefetched: z.boolean().optional().describe("run before the model's first call (retrieval before the model)"),
    }),
  ),
  productsShown: z.array(z.string()).describe("SKUs the reply names"),
  fallbackReason: z.string().nullable(),
  createdAt: timestamp,
});

const handoff = z.object({ ok: z.literal(true), handoff: row({ reason: z.string(), summary: z.string() }).nullable() });
const page = { limit: z.coerce.number().int().min(1).max(200).default(50), offset: z.coerce.number().int().min(0).max(1_000_000).default(0) };

export const conversationsContract = contracts({
  listConversations: {
    method: "get", path: "/api/v1/conversations", tag: "inbox", permission: "staff.read",
    summary: "Conversations, most recent first, with filters",
    query: z.object({
      status: z.enum(CONVERSATION_STATUSES).optional().describe("handed_off: a manager has written since the handoff; waiting_for_human: not yet"),
      language: z.enum(["en", "ar"]).optional(),
      channel: z.enum(CHANNEL_NAMES).optional(),
      q: plainText(100).pipe(z.string().trim().min(1)).optional().describe("part of the customer's name or phone number"),
      sort: z.enum(["recent", "leadScore"]).default("recent").describe("most recent first, or highest lead score first"),
      ...page,
    }),
    response: z.object({ conversations: z.array(conversation), waitingForHuman: z.number().int().describe("conversations waiting for a person, whatever the filters"), limit: z.number(), offset: z.number() }),
  },
  listMessages: {
    method: "get", path: "/api/v1/conversations/:id/messages", tag: "inbox", permission: "staff.read",
    summary: "A conversation's messages, oldest first, with delivery status", params: idParams,
    query: z.object({ ...page, latest: z.stringbool().optional().describe("true: the newest `limit` messages (still oldest first), so a long conversation opens at its end") }),
    response: z.object({ messages: z.array(message) }),
  },
  listTurns: {
    method: "get", path: "/api/v1/conversations/:id/turns", tag: "inbox", permission: "staff.read",
    summary: "The trace of each bot reply: tools and timings, products shown, model, tokens, cost, latency, fallback reason",
    params: idParams, query: z.object({ limit: page.limit }), response: z.object({ turns: z.array(turn) }),
  },
  takeOver: {
    method: "post", path: "/api/v1/conversations/:id/handoff", tag: "inbox", permission: "conversations.write",
    summary: "Take the conversation over: the bot goes quiet", params: idParams,
    body: z.object({ summary: z.string().min(1).max(500).default("Taken over from the admin panel.") }).strict(), response: handoff,
  },
  resume: { method: "post", path: "/api/v1/conversations/:id/resume", tag: "inbox", permission: "conversations.write", summary: "Hand back to the bot", params: idParams, response: handoff },
  reply: {
    method: "post", path: "/api/v1/conversations/:id/messages", tag: "inbox", permission: "conversations.write", status: 202,
    summary: "Reply to the customer as a manager, through the chat's channel; the bot stays quiet as when a manager writes from the app",
    params: idParams,
    body: z.object({ text: visibleText(1, 4000).pipe(z.string().trim()), clientId: z.uuid().optional().describe("makes a retried request send once") }).strict(),
    response: z.object({ messageId: z.string() }),
  },
  close: { method: "post", path: "/api/v1/conversations/:id/close", tag: "inbox", permission: "conversations.write", summary: "Close the conversation (the customer's next message reopens it)", params: idParams, response: ok },
  events: {
    method: "get", path: "/api/v1/events", tag: "inbox", permission: "staff.read",
    summary: "Live events over a WebSocket (send `Upgrade: websocket`)",
    description: "Each message is one JSON event: {type: message.new | message.sent | handoff | resume | order.placed | conversation.closed, conversationId, at, data}. Without `conversation`, every event of the inbox.",
    query: z.object({ conversation: z.uuid().optional() }), status: 101, response: z.object({}),
  },
});
