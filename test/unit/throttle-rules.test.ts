import { describe, expect, it } from "vitest";
import { afterSuccess, BURST, decideAttempt, delayAfter, isBurst, PAIR_POLICY, type ThrottlePolicy } from "../../src/core/staff/throttle-rules";

const policy: ThrottlePolicy = { free: 3, maxDelayS: 60, resetAfterS: 3600 };
const at = (s: number) => new Date(Date.UTC(2026, 0, 1) + s * 1000);

describe("the sign-in throttle's rules", () => {
  it("lets the free tries through, then doubles the wait up to its cap", () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => delayAfter(n, policy))).toEqual([0, 0, 2, 4, 8, 16, 32, 60, 60]);
    expect(delayAfter(0, policy)).toBe(0);
  });

  it("counts a first attempt as one with no wait", () => {
    expect(decideAttempt(null, at(0), policy)).toEqual({ allowed: true, next: { failures: 1, lastAttemptAt: at(0), nextAttemptAt: null } });
  });

  it("refuses while the wait runs, saying how long is left (at least a second), and counts nothing", () => {
    const state = { failures: 3, lastAttemptAt: at(0), nextAttemptAt: at(2) };
    expect(decideAttempt(state, at(0.5), policy)).toEqual({ allowed: false, waitS: 2 });
    expect(decideAttempt(state, at(1.9995), policy)).toEqual({ allowed: false, waitS: 1 });
  });

  it("allows the attempt the moment the wait ends and sets the next, longer wait", () => {
    const state = { failures: 3, lastAttemptAt: at(0), nextAttemptAt: at(2) };
    expect(decideAttempt(state, at(2), policy)).toEqual({ allowed: true, next: { failures: 4, lastAttemptAt: at(2), nextAttemptAt: at(6) } });
  });

  it("starts a streak again after a quiet hour, not a second before", () => {
    const state = { failures: 9, lastAttemptAt: at(0), nextAttemptAt: at(60) };
    expect(decideAttempt(state, at(3600), policy)).toMatchObject({ allowed: true, next: { failures: 1, nextAttemptAt: null } });
    expect(decideAttempt(state, at(3599), policy)).toMatchObject({ allowed: true, next: { failures: 10, nextAttemptAt: at(3659) } });
  });

  it("gives a successful attempt back to a shared key", () => {
    expect(afterSuccess({ failures: 3, lastAttemptAt: at(10), nextAttemptAt: at(12) }, policy)).toEqual({ failures: 2, lastAttemptAt: at(10), nextAttemptAt: null });
    expect(afterSuccess({ failures: 5, lastAttemptAt: at(10), nextAttemptAt: at(26) }, policy)).toEqual({ failures: 4, lastAttemptAt: at(10), nextAttemptAt: at(14) });
    expect(afterSuccess({ failures: 0, lastAttemptAt: at(10), nextAttemptAt: null }, policy)).toEqual({ failures: 0, lastAttemptAt: at(10), nextAttemptAt: null });
  });

  it("calls a burst once per window", () => {
    expect(isBurst(BURST.failures - 1, null, at(0))).toBe(false);
    expect(isBurst(BURST.failures, null, at(0))).toBe(true);
    expect(isBurst(BURST.failures + 5, at(0), at(BURST.windowS - 1))).toBe(false);
    expect(isBurst(BURST.failures + 5, at(0), at(BURST.windowS))).toBe(true);
  });

  it("gives a pair three free tries", () => {
    expect(PAIR_POLICY.free).toBe(3);
  });
});
