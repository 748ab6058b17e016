import { durableObjectStubs } from "./durable-object-stubs";
import { describeError, log } from "../lib/log";
import type { InboxEvent } from "../core/staff/contract/events";
import type { SessionsToEnd } from "./durable-objects/inbox-events";

export type { InboxEvent } from "../core/staff/contract/events";

/**
 * Sends an event to every signed-in staff member watching the inbox or that conversation. Never
 * throws: a panel missing an event refetches, while a conversation turn must never fail for it.
 */
export async function publishInboxEvent(env: Env, event: InboxEvent): Promise<void> {
  try {
    await durableObjectStubs(env).inboxEvents().publish(event);
  } catch (error) {
    log("warn", "inbox_events.publish_failed", { type: event.type, ...describeError(error) });
  }
}

/**
 * Closes the open panels of sign-ins that just ended, so a signed-out, disabled or re-passworded
 * user stops receiving live events at once rather than until they reload. Never throws: the
 * sessions are already revoked in Postgres, and a socket that survives this cannot reconnect.
 */
export async function endLiveSessions(env: Env, target: SessionsToEnd): Promise<void> {
  try {
    await durableObjectStubs(env).inboxEvents().endSessions(target);
  } catch (error) {
    log("warn", "inbox_events.end_sessions_failed", describeError(error));
  }
}
