/**
 * What the live inbox hears about, one JSON message per event on GET /api/v1/events. Its own
 * dependency-free module so the panel's browser bundle can import it through the typed client.
 * `conversationId` is null before a new chat's first write to Postgres.
 */
export type InboxEvent = {
  type: "message.new" | "message.sent" | "handoff" | "resume" | "order.placed" | "conversation.closed";
  conversationId: string | null;
  chatKey?: string;
  at: number;
  data?: Record<string, unknown>;
};

/** The close code of a live connection whose sign-in ended (signed out, password changed, disabled). */
export const SESSION_ENDED_CLOSE_CODE = 4401;

/** The close code of a live connection whose session went idle: reconnect, and the upgrade checks the session afresh. */
export const SESSION_RECHECK_CLOSE_CODE = 4408;
