/**
 * The outbox's decisions, free of storage and channels so they are unit- and mutation-tested in
 * plain Node: how long a failed message waits, when managers hear of it, when it gives up, what a
 * "repeated" answer means, and how long to wait to keep a channel's pace.
 */

const SECOND_MS = 1000;
/** Retries of one message back off from 1 s, doubling, to at most this. */
export const MAX_RETRY_DELAY_MS = 5 * 60 * SECOND_MS;
/** Failed attempts after which managers hear that a customer's message is stuck. */
export const ALERT_AFTER_ATTEMPTS = 6;
/** An undelivered message gives up only after this long (or when the channel's window closes). */
export const MAX_UNDELIVERED_MS = 48 * 60 * 60 * SECOND_MS;

/** How long before the next attempt: the channel's Retry-After when it gave one, else 1 s doubling to 5 minutes. */
export function retryDelayMs(attempts: number, retryAfterMs?: number): number {
  return retryAfterMs ?? Math.min(MAX_RETRY_DELAY_MS, SECOND_MS * 2 ** Math.min(attempts - 1, 16));
}

/** Managers hear once that a customer's message is stuck; notices to managers never alert about themselves. */
export function shouldAlertManagers(attempts: number, meta: { alerted?: boolean; to?: string }): boolean {
  return attempts >= ALERT_AFTER_ATTEMPTS && !meta.alerted && meta.to === undefined;
}

export type ExpiryReason = "WINDOW_CLOSED" | "EXPIRED";

/**
 * Why a message that has failed before can no longer go, or null while it may still: the
 * customer's free-form window closed (`windowMs` null: the channel has none, or the message is a
 * notice to a manager), or it waited two days.
 */
export function expiryReason(input: { firstFailedAt: number | undefined; windowMs: number | null; lastCustomerAt: number | undefined; now: number }): ExpiryReason | null {
  const { firstFailedAt, windowMs, lastCustomerAt, now } = input;
  if (firstFailedAt === undefined) return null;
  const windowClosed = windowMs !== null && lastCustomerAt !== undefined && now - lastCustomerAt > windowMs;
  if (windowClosed) return "WINDOW_CLOSED";
  return now - firstFailedAt < MAX_UNDELIVERED_MS ? null : "EXPIRED";
}

/**
 * The channel refused a message's id as a repeat. After an attempt of ours it is our own earlier
 * send whose answer was lost (the message is sent); before any, another message holds the id and
 * this one must go under an id of its own.
 */
export function repeatedMeans(attempts: number | undefined): "sent" | "id-taken" {
  return (attempts ?? 0) > 0 ? "sent" : "id-taken";
}

/** Whether a message still backs off: a retry time in the future, unless the channel just recovered (or a new reply forces a try). */
export function backingOff(nextAttemptAt: number | undefined, now: number, recovered: boolean): boolean {
  return !recovered && nextAttemptAt !== undefined && nextAttemptAt > now;
}

/** How long to wait before the next send to a chat so two sends are at least `minIntervalMs` apart. */
export function paceWaitMs(lastSendAt: number | undefined, minIntervalMs: number, now: number): number {
  if (minIntervalMs <= 0) return 0;
  return Math.max(0, (lastSendAt ?? 0) + minIntervalMs - now);
}

/** The earlier of two retry times, `null` meaning none yet. */
export function earliest(a: number | null, b: number): number {
  return a === null ? b : Math.min(a, b);
}
