/** What a channel's stand-in recorded as sent to a chat: a text, or a document with its caption. */
export interface SentToChat {
  text?: string;
  caption?: string;
}

/**
 * One customer's chat on one channel as the harness drives it: how their message reaches the
 * worker, what the agent has sent them so far, and how to tell the conversation has answered.
 * `wazzupChat` (test/harness/wazzup.ts) and `telegramChat` (test/telegram-helpers.ts) build one.
 */
export interface Chat {
  /** Posts the customer's text as the channel's webhook does; fails unless the worker accepted it. */
  post(text: string): Promise<void>;
  /** Everything the agent has sent to this chat, oldest first. */
  sent(): Promise<SentToChat[]>;
  /**
   * Resolves once the conversation has dealt with what was posted after its first `before` sent
   * messages: in workerd when its Durable Object is idle; over the network at the first reply.
   */
  settle(before: number): Promise<void>;
}

/** The customer writes `text` and the conversation settles; nothing is required back (a handoff, a group chat). */
export async function write(chat: Chat, text: string): Promise<void> {
  await postAndSettle(chat, text);
}

/**
 * The customer writes `text`; returns what the agent sent back for it (every message, joined by
 * newlines) and fails when it sent nothing.
 */
export async function say(chat: Chat, text: string): Promise<string> {
  const before = await postAndSettle(chat, text);
  const replies = (await chat.sent()).slice(before);
  if (replies.length === 0) throw new Error(`no reply to "${text}"`);
  return replies.map((m) => m.text ?? m.caption ?? "").join("\n");
}

async function postAndSettle(chat: Chat, text: string): Promise<number> {
  const before = (await chat.sent()).length;
  await chat.post(text);
  await chat.settle(before);
  return before;
}
