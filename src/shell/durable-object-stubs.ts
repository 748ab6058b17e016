import { conversationKey } from "../core/channels/address";
import type { ConversationName } from "../core/ports/conversation-object";

export type { ConversationName };

type StubOf<B extends "CONVERSATIONS" | "INBOX_EVENTS" | "ZOHO_GATEWAY"> = ReturnType<Env[B]["get"]>;

/**
 * The one place that turns a name into a Durable Object stub. The composition builds it once per
 * env and hands it to use cases as `Services.stubs`, typed by the ports the objects implement
 * (src/app/services.ts); the shell's own code (the inbox's live events) uses it as it is.
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
