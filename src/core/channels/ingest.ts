import { conversationKey } from "./address";
import type { InboundMessage } from "./channel";

export interface IngestSummary {
  accepted: number;
  duplicates: number;
  ownEchoes: number;
}

/** Where a chat's messages go: the conversation's Durable Object in production. */
export interface ConversationInbox {
  receive(key: string, messages: InboundMessage[]): Promise<IngestSummary>;
}

/**
 * Delivers a webhook's messages to their conversations, whatever the channel. Messages of one
 * chat travel together and in the order the provider sent them; different chats are delivered in
 * parallel. Resolves only when every conversation has stored its messages; rejects if any could
 * not, so the caller answers 5xx and the provider's retry (deduplicated downstream) loses nothing.
 */
export async function deliverMessages(messages: InboundMessage[], inbox: ConversationInbox): Promise<IngestSummary> {
  const byChat = new Map<string, InboundMessage[]>();
  for (const message of messages) {
    const key = conversationKey(message.chat);
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
