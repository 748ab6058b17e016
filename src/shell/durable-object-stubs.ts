import { conversationKey } from "../core/channels/address";
import type { ChatAddress } from "../core/channels/channel";

/** A chat as its conversation object is named: by channel, channel id and chat id. */
export type ConversationName = Pick<ChatAddress, "channel" | "channelId" | "chatId">;

type StubOf<B extends "CONVERSATIONS" | "INBOX_EVENTS" | "ZOHO_GATEWAY"> = ReturnType<Env[B]["get"]>;

/**
 * The one place that turns a name into a Durable Object stub. `Services.stubs` (composition.ts)
 * carries it; code below the composition that still receives `env` (the Zoho gateway's clients,
 * the inbox events, the sale-order job) reaches the same instance through `durableObjectStubs`.
 */
export interface DurableObjectStubs {
  /** A chat's conversation object. */
  conversation(chat: ConversationName): StubOf<"CONVERSATIONS">;
  /** A conversation object by its key (`conversationKey`), as the channels' ingest hands it on. */
  conversationByKey(key: string): StubOf<"CONVERSATIONS">;
  /** The one events object for the whole inbox. */
  inboxEvents(): StubOf<"INBOX_EVENTS">;
  /** The one Zoho gateway (shared token and pace). */
  zohoGateway(): StubOf<"ZOHO_GATEWAY">;
}

const built = new WeakMap<object, DurableObjectStubs>();

/** The stub factory of this env, built once per env object. */
export function durableObjectStubs(env: Pick<Env, "CONVERSATIONS" | "INBOX_EVENTS" | "ZOHO_GATEWAY">): DurableObjectStubs {
  let stubs = built.get(env);
  if (!stubs) {
    stubs = buildStubs(env);
    built.set(env, stubs);
  }
  return stubs;
}

function buildStubs(env: Pick<Env, "CONVERSATIONS" | "INBOX_EVENTS" | "ZOHO_GATEWAY">): DurableObjectStubs {
  const conversationByKey = (key: string) => env.CONVERSATIONS.get(env.CONVERSATIONS.idFromName(key));
  return {
    conversation: (chat) => conversationByKey(conversationKey(chat)),
    conversationByKey,
    inboxEvents: () => env.INBOX_EVENTS.get(env.INBOX_EVENTS.idFromName("inbox")),
    zohoGateway: () => env.ZOHO_GATEWAY.get(env.ZOHO_GATEWAY.idFromName("zoho")),
  };
}
