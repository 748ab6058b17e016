import { MANAGER_NOTIFICATION_PREFIX } from "../../../core/agent/handoff";
import { ORDER_NOTIFICATION_PREFIX } from "../../../core/orders/messages";
import type { StoredState } from "./store";

/**
 * How an echo (a message the provider reports as sent from the business side) is told apart and
 * settled, free of storage so it is unit- and mutation-tested in plain Node.
 */

/** Prefixes of the ids of our notices to managers (handoffs, orders, delivery problems). */
export const NOTICE_ID_PREFIXES = ["handoff-", "order-", "undelivered-", "failed-", "park-"];

/** Our own notice to a manager, echoed into the manager's chat (by its id or its opening words): not a takeover. */
export function isOwnNoticeEcho(message: { clientMessageId?: string | null | undefined; text?: string | null | undefined }): boolean {
  const { clientMessageId, text } = message;
  return (
    NOTICE_ID_PREFIXES.some((prefix) => clientMessageId?.startsWith(prefix) === true) ||
    text?.startsWith(MANAGER_NOTIFICATION_PREFIX) === true ||
    text?.startsWith(ORDER_NOTIFICATION_PREFIX) === true
  );
}

/**
 * An echo proves the channel has our message: one still `sending` (its answer was lost) is sent,
 * and one without the channel's id takes the echo's. Null when the record needs no change.
 */
export function settleOwnEcho(own: { state: StoredState; providerId: string | null }, echoId: string): { state: StoredState; providerId: string | null } | null {
  if (own.state !== "sending" && own.providerId) return null;
  return { state: own.state === "sending" ? "sent" : own.state, providerId: own.providerId ? null : echoId };
}
