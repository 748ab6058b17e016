import { describeError, log } from "../lib/log";

/** What the live inbox hears about. `conversationId` is null before a new chat's first write to Postgres. */
export type InboxEvent = {
  type: "message.new" | "message.sent" | "handoff" | "resume" | "order.placed" | "conversation.closed";
  conversationId: string | null;
  chatKey?: string;
  at: number;
  data?: Record<string, unknown>;
};

/** The one events object for the whole inbox. */
export function inboxEventsStub(env: Env) {
  return env.INBOX_EVENTS.get(env.INBOX_EVENTS.idFromName("inbox"));
}

/**
 * Sends an event to every signed-in staff member watching the inbox or that conversation. Never
 * throws: a panel missing an event refetches, while a conversation turn must never fail for it.
 */
export async function publishInboxEvent(env: Env, event: InboxEvent): Promise<void> {
  try {
    await inboxEventsStub(env).publish(event);
  } catch (error) {
    log("warn", "inbox_events.publish_failed", { type: event.type, ...describeError(error) });
  }
}
