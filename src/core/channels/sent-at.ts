/** Earliest send time we believe: before any chat this product could have had. */
const EARLIEST_MS = Date.UTC(2000, 0, 1);
/** How far ahead of our clock a sender's clock may run. */
const CLOCK_SKEW_MS = 24 * 60 * 60 * 1000;

/**
 * The time a channel says a message was sent, when it is one a chat can have; otherwise now. A
 * provider's time is untrusted input: JavaScript reads years like -154394 or 9883 as dates, but
 * Postgres cannot store every one of them (it refused the whole turn's copy, on every retry), and a
 * message "sent" centuries away would sort a conversation wrongly anyway.
 */
export function plausibleSentAt(claimedMs: number, now = Date.now()): number {
  return Number.isFinite(claimedMs) && claimedMs >= EARLIEST_MS && claimedMs <= now + CLOCK_SKEW_MS ? claimedMs : now;
}
