/**
 * The sign-in throttle's rules, free of the database so they are unit- and mutation-tested in
 * plain Node (ADR 0015). Every attempt is counted before the password is checked; a key's first
 * `free` attempts in a streak pass at once, each later one waits twice as long as the one before
 * (2 s, 4 s, 8 s ... up to `maxDelayS`), and a streak ends after `resetAfterS` without attempts.
 * Nothing is ever locked for good: the delay only slows guessing down.
 */

export interface ThrottlePolicy {
  /** Attempts a streak may make without waiting. */
  free: number;
  /** The longest wait between two attempts. */
  maxDelayS: number;
  /** A streak with no attempt for this long starts again from zero. */
  resetAfterS: number;
}

/** One key's stored streak. */
export interface ThrottleState {
  failures: number;
  lastAttemptAt: Date;
  nextAttemptAt: Date | null;
}

export type AttemptDecision =
  | { allowed: true; next: ThrottleState }
  | { allowed: false; waitS: number };

/** A pair (email, address) has few free tries; one address across emails has more (an office shares one). */
export const PAIR_POLICY: ThrottlePolicy = { free: 3, maxDelayS: 15 * 60, resetAfterS: 60 * 60 };
export const ADDRESS_POLICY: ThrottlePolicy = { free: 20, maxDelayS: 15 * 60, resetAfterS: 60 * 60 };
/** Failures on one email from all addresses within this window that make a burst, and alert the admins. */
export const BURST = { failures: 10, windowS: 15 * 60 } as const;

/** Seconds the attempt after the `count`-th must wait. */
export function delayAfter(count: number, policy: ThrottlePolicy): number {
  if (count < policy.free) return 0;
  return Math.min(policy.maxDelayS, 2 ** (count - policy.free + 1));
}

/** Whether an attempt may go ahead now, and if so the key's state with this attempt counted. */
export function decideAttempt(state: ThrottleState | null, now: Date, policy: ThrottlePolicy): AttemptDecision {
  if (state?.nextAttemptAt && state.nextAttemptAt.getTime() > now.getTime()) {
    return { allowed: false, waitS: Math.max(1, Math.ceil((state.nextAttemptAt.getTime() - now.getTime()) / 1000)) };
  }
  const fresh = !state || now.getTime() - state.lastAttemptAt.getTime() >= policy.resetAfterS * 1000;
  const failures = fresh ? 1 : state.failures + 1;
  const delay = delayAfter(failures, policy);
  return { allowed: true, next: { failures, lastAttemptAt: now, nextAttemptAt: delay > 0 ? new Date(now.getTime() + delay * 1000) : null } };
}

/**
 * A correct password undoes its own count on a shared key (the address across emails), so the
 * people behind one office address do not slow each other down by signing in.
 */
export function afterSuccess(state: ThrottleState, policy: ThrottlePolicy): ThrottleState {
  const failures = Math.max(0, state.failures - 1);
  const delay = delayAfter(failures, policy);
  return { failures, lastAttemptAt: state.lastAttemptAt, nextAttemptAt: delay > 0 ? new Date(state.lastAttemptAt.getTime() + delay * 1000) : null };
}

/** Whether failures on one email make a burst the admins hear about: once per burst window. */
export function isBurst(failuresInWindow: number, lastAlertAt: Date | null, now: Date): boolean {
  if (failuresInWindow < BURST.failures) return false;
  return !lastAlertAt || now.getTime() - lastAlertAt.getTime() >= BURST.windowS * 1000;
}
