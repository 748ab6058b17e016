import type { WazzupMessage } from "../../src/adapters/channels/wazzup/wire";
import type { RecordedSend } from "../../stand-ins/wazzup";
import { inboundTextMessage } from "../../stand-ins/wazzup-messages";
import type { Chat } from "./chat";
import { until } from "./poll";
import { callWorker, type WorkerTarget } from "./target";

/** A fresh WhatsApp chat id (digits, like a UAE mobile number) so no two tests share a conversation. */
export function newChatId(): string {
  return `9715${Math.floor(Math.random() * 1e8).toString().padStart(8, "0")}`;
}

/** Who writes: the contact name Wazzup reports, and the message's id (a fresh one unless given). */
export interface Sender {
  name?: string;
  messageId?: string;
}

/** A customer's text message exactly as Wazzup's webhook carries it, on the target's channel. */
export function wazzupText(target: WorkerTarget, chatId: string, text: string, from: Sender = {}): WazzupMessage {
  return inboundTextMessage({ channelId: target.channelId, chatId, text, name: from.name ?? "Test Customer", ...(from.messageId ? { messageId: from.messageId } : {}) });
}

export interface WebhookPost {
  /** The webhook token; the target's by default, null for none. */
  token?: string | null;
  /** These bytes instead of the JSON of the body. */
  raw?: string;
  headers?: Record<string, string>;
}

/** POSTs a body to the Wazzup webhook as Wazzup does, and returns the worker's answer. */
export function postWazzup(target: WorkerTarget, body: unknown, options: WebhookPost = {}): Promise<Response> {
  const token = options.token === undefined ? target.webhookToken : options.token;
  const url = new URL(`${target.origin}/api/v1/webhook/wazzup`);
  if (token !== null) url.searchParams.set("token", token);
  return callWorker(target, `${url.pathname}${url.search}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...options.headers },
    body: options.raw ?? JSON.stringify(body),
  });
}

/** A customer's text reaches the Wazzup webhook; fails unless the worker accepted it (200). */
export async function postText(target: WorkerTarget, chatId: string, text: string, from: Sender = {}): Promise<void> {
  const response = await postWazzup(target, { messages: [wazzupText(target, chatId, text, from)] });
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`the Wazzup webhook answered ${response.status} to "${text}"`);
}

/** What the Wazzup stand-in was asked to send (to one chat; after a seq; waiting up to `waitMs` for a first one). */
export async function wazzupSent(target: WorkerTarget, query: { chatId?: string; after?: number; waitMs?: number } = {}): Promise<RecordedSend[]> {
  if (!target.wazzupUrl) throw new Error("this stack runs no Wazzup stand-in");
  const params = new URLSearchParams(Object.entries(query).filter(([, value]) => value !== undefined).map(([key, value]) => [key, String(value)]));
  const response = await fetch(`${target.wazzupUrl}/__control/messages?${params}`);
  return ((await response.json()) as { messages: RecordedSend[] }).messages;
}

/**
 * A customer's WhatsApp chat through the Wazzup webhook. Without `settle` the conversation counts
 * as settled at the agent's first new message (up to `replyWithinMs`, 20 s): over the network
 * nothing else tells when a turn is over.
 */
export function wazzupChat(target: WorkerTarget, chatId: string, options: Sender & { settle?: (before: number) => Promise<void>; replyWithinMs?: number } = {}): Chat {
  const sent = () => wazzupSent(target, { chatId });
  return {
    post: (text) => postText(target, chatId, text, { name: options.name }),
    sent,
    settle:
      options.settle ??
      (async (before) => {
        const after = (await sent())[before - 1]?.seq ?? 0;
        await until(`a reply in chat ${chatId}`, async () => (await wazzupSent(target, { chatId, after, waitMs: 5_000 })).length > 0, { timeoutMs: options.replyWithinMs ?? 20_000, everyMs: 0 });
      }),
  };
}
