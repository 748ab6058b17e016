import { describe, expect, it } from "vitest";
import {
  ALERT_AFTER_ATTEMPTS,
  backingOff,
  earliest,
  expiryReason,
  MAX_RETRY_DELAY_MS,
  MAX_UNDELIVERED_MS,
  paceWaitMs,
  repeatedMeans,
  retryDelayMs,
  shouldAlertManagers,
} from "../../src/shell/durable-objects/conversation/delivery-rules";

const HOUR = 3_600_000;
const NOW = 1_800_000_000_000;

describe("the outbox's retry schedule", () => {
  it("backs off from 1 s, doubling, to at most 5 minutes", () => {
    expect([1, 2, 3, 4, 5, 6, 8, 9, 10, 40].map((attempts) => retryDelayMs(attempts))).toEqual([1000, 2000, 4000, 8000, 16000, 32000, 128000, 256000, 300000, 300000]);
    expect(MAX_RETRY_DELAY_MS).toBe(300_000);
  });

  it("waits as long as the channel asked when it gave a Retry-After, even 0 or past the cap", () => {
    expect(retryDelayMs(1, 7_500)).toBe(7_500);
    expect(retryDelayMs(9, 0)).toBe(0);
    expect(retryDelayMs(1, 600_000)).toBe(600_000);
  });
});

describe("when managers hear that a customer's message is stuck", () => {
  it("alerts once, from the sixth failed attempt", () => {
    expect(ALERT_AFTER_ATTEMPTS).toBe(6);
    expect(shouldAlertManagers(5, {})).toBe(false);
    expect(shouldAlertManagers(6, {})).toBe(true);
    expect(shouldAlertManagers(7, {})).toBe(true);
    expect(shouldAlertManagers(7, { alerted: true })).toBe(false);
    expect(shouldAlertManagers(7, { alerted: false })).toBe(true);
  });

  it("never alerts about a notice that is itself to a manager", () => {
    expect(shouldAlertManagers(10, { to: "971500000001" })).toBe(false);
  });
});

describe("when an undelivered message gives up", () => {
  const window24h = 24 * HOUR;

  it("never gives up on a message that has not failed yet", () => {
    expect(expiryReason({ firstFailedAt: undefined, windowMs: window24h, lastCustomerAt: NOW - 30 * HOUR, now: NOW })).toBeNull();
  });

  it("gives up with WINDOW_CLOSED once the customer's last message is older than the channel's window", () => {
    const failing = { firstFailedAt: NOW - HOUR, windowMs: window24h, now: NOW };
    expect(expiryReason({ ...failing, lastCustomerAt: NOW - window24h - 1 })).toBe("WINDOW_CLOSED");
    expect(expiryReason({ ...failing, lastCustomerAt: NOW - window24h })).toBeNull();
    expect(expiryReason({ ...failing, lastCustomerAt: NOW - HOUR })).toBeNull();
  });

  it("has no window for a channel without one, a manager's notice, or a chat whose customer never wrote", () => {
    expect(expiryReason({ firstFailedAt: NOW - HOUR, windowMs: null, lastCustomerAt: NOW - 40 * HOUR, now: NOW })).toBeNull();
    expect(expiryReason({ firstFailedAt: NOW - HOUR, windowMs: window24h, lastCustomerAt: undefined, now: NOW })).toBeNull();
  });

  it("gives up with EXPIRED after 48 hours of failing, window or not", () => {
    expect(MAX_UNDELIVERED_MS).toBe(48 * HOUR);
    expect(expiryReason({ firstFailedAt: NOW - 48 * HOUR, windowMs: null, lastCustomerAt: undefined, now: NOW })).toBe("EXPIRED");
    expect(expiryReason({ firstFailedAt: NOW - 48 * HOUR + 1, windowMs: null, lastCustomerAt: undefined, now: NOW })).toBeNull();
    expect(expiryReason({ firstFailedAt: NOW - 49 * HOUR, windowMs: window24h, lastCustomerAt: NOW - HOUR, now: NOW })).toBe("EXPIRED");
  });

  it("names the closed window when both apply", () => {
    expect(expiryReason({ firstFailedAt: NOW - 50 * HOUR, windowMs: window24h, lastCustomerAt: NOW - 30 * HOUR, now: NOW })).toBe("WINDOW_CLOSED");
  });
});

describe("a channel answering that the message id was used before", () => {
  it("means our earlier attempt got through when we had tried before", () => {
    expect(repeatedMeans(1)).toBe("sent");
    expect(repeatedMeans(4)).toBe("sent");
  });

  it("means another message holds the id when we never tried", () => {
    expect(repeatedMeans(undefined)).toBe("id-taken");
    expect(repeatedMeans(0)).toBe("id-taken");
  });
});

describe("whether a message still waits for its retry time", () => {
  it("waits while the retry time is in the future", () => {
    expect(backingOff(NOW + 1, NOW, false)).toBe(true);
    expect(backingOff(NOW, NOW, false)).toBe(false);
    expect(backingOff(NOW - 1, NOW, false)).toBe(false);
    expect(backingOff(undefined, NOW, false)).toBe(false);
  });

  it("goes at once when the channel just recovered or a new reply forces a try", () => {
    expect(backingOff(NOW + 60_000, NOW, true)).toBe(false);
  });
});

describe("the channel's pace", () => {
  it("waits the rest of the interval since the chat's last send", () => {
    expect(paceWaitMs(NOW - 400, 1000, NOW)).toBe(600);
    expect(paceWaitMs(NOW - 1000, 1000, NOW)).toBe(0);
    expect(paceWaitMs(NOW - 5000, 1000, NOW)).toBe(0);
  });

  it("does not wait for a first send or a channel without a pace", () => {
    expect(paceWaitMs(undefined, 1000, NOW)).toBe(0);
    expect(paceWaitMs(NOW, 0, NOW)).toBe(0);
    expect(paceWaitMs(NOW, -5, NOW)).toBe(0);
  });

  it("never waits on a channel without a pace, even when the last send's stamp is ahead of the clock", () => {
    expect(paceWaitMs(NOW + 500, 0, NOW)).toBe(0);
    expect(paceWaitMs(NOW + 500, -5, NOW)).toBe(0);
    expect(paceWaitMs(NOW + 500, 1000, NOW)).toBe(1500);
  });
});

describe("the earliest retry time", () => {
  it("takes the first when there is none yet, else the smaller", () => {
    expect(earliest(null, 5)).toBe(5);
    expect(earliest(3, 5)).toBe(3);
    expect(earliest(8, 5)).toBe(5);
  });
});
