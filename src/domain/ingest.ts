import { chatKey, toIncomingMessage, type IncomingMessage } from "./message";
import type { WazzupWebhook } from "./wazzup-webhook";

export interface IngestSummary {
  accepted: number;
  duplicates: number;
  ownEchoes: number;
}

/** Where a chat's messages go: the conversation's Durable Object in production. */
export interface ConversationInbox {
  receive(chat: string, messages: IncomingMessage[]): Promise<IngestSummary>;
}

/**
 * Delivers a webhook's messages to their conversations. Messages of one chat travel together and
 * in the order Wazzup sent them; different chats are delivered in parallel. Resolves only when
 * every conversation has stored its messages; rejects if any could not, so the caller answers 5xx
 * and Wazzup's retry (deduplicated downstream) loses nothing.
 */
export async function deliverMessages(payload: WazzupWebhook, inbox: ConversationInbox): Promise<IngestSummary> {
  const byChat = new Map<string, IncomingMessage[]>();
  for (const raw of payload.messages ?? []) {
    const message = toIncomingMessage(raw);
    const key = chatKey(message.chat);
    const group = byChat.get(key);
    if (group) group.push(message);
    else byChat.set(key, [message]);
  }
  const results = await Promise.all([...byChat].map(([key, group]) => inbox.receive(key, group)));
  return results.reduce(
    (sum, r) => ({ accepted: sum.accepted + r.accepted, duplicates: sum.duplicates + r.duplicates, ownEchoes: sum.ownEchoes + r.ownEchoes }),
    { accepted: 0, duplicates: 0, ownEchoes: 0 },
  );
}
