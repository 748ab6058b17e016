import { sql } from "drizzle-orm";
import type { Database } from "../../adapters/db/client";
import { throttled } from "../../core/staff/errors";
import { ADDRESS_POLICY, afterSuccess, decideAttempt, isBurst, PAIR_POLICY, BURST, type ThrottlePolicy, type ThrottleState } from "../../core/staff/throttle-rules";

/**
 * The sign-in throttle in Postgres (rules in throttle-rules.ts, ADR 0015). Keys: the pair
 * (email, address), whose streak a correct password clears; the address across emails (only when
 * the platform reported one); and the email across addresses, which never delays anyone but
 * tells the admins about a burst.
 */
export interface SignInKeys {
  email: string;
  address: string | null;
}

const pairKey = (k: SignInKeys) => `pair:${k.email}|${k.address ?? "local"}`;
const addressKey = (address: string) => `ip:${address}`;
const emailKey = (email: string) => `email:${email}`;

type Row = { failures: number; last_attempt_at: string | Date; next_attempt_at: string | Date | null; alerted_at?: string | Date | null };

function stateOf(row: Row | undefined): ThrottleState | null {
  if (!row) return null;
  return { failures: Number(row.failures), lastAttemptAt: new Date(row.last_attempt_at), nextAttemptAt: row.next_attempt_at ? new Date(row.next_attempt_at) : null };
}

async function lockedState(tx: Database, key: string): Promise<{ state: ThrottleState | null; alertedAt: Date | null }> {
  // The row is created first so that `for update` has something to lock: parallel attempts on one
  // key queue behind each other here, each sees the count the one before wrote.
  await tx.execute(sql`insert into login_throttle (key, failures, last_attempt_at) values (${key}, 0, to_timestamp(0)) on conflict (key) do nothing`);
  const result = await tx.execute(sql`select failures, last_attempt_at, next_attempt_at, alerted_at from login_throttle where key = ${key} for update`);
  const row = result.rows[0] as Row | undefined;
  return { state: stateOf(row), alertedAt: row?.alerted_at ? new Date(row.alerted_at) : null };
}

async function store(tx: Database, key: string, state: ThrottleState): Promise<void> {
  await tx.execute(sql`update login_throttle set failures = ${state.failures}, last_attempt_at = ${state.lastAttemptAt.toISOString()}, next_attempt_at = ${state.nextAttemptAt?.toISOString() ?? null} where key = ${key}`);
}

/**
 * Counts this attempt on the pair and address keys before any password is checked, in one
 * transaction holding their rows, or throws `throttled` with the seconds to wait (nothing counted).
 */
export async function countAttempt(db: Database, keys: SignInKeys, now: Date = new Date()): Promise<void> {
  const policies: Array<[string, ThrottlePolicy]> = [[pairKey(keys), PAIR_POLICY], ...(keys.address ? [[addressKey(keys.address), ADDRESS_POLICY] as [string, ThrottlePolicy]] : [])];
  await db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Database;
    const decided: Array<[string, ThrottleState]> = [];
    for (const [key, policy] of policies) {
      const decision = decideAttempt((await lockedState(tx, key)).state, now, policy);
      if (!decision.allowed) throw throttled(decision.waitS);
      decided.push([key, decision.next]);
    }
    for (const [key, state] of decided) await store(tx, key, state);
  });
  // Streaks end after a quiet hour; rows a day old are dead weight (a spray leaves one per pair).
  if (Math.random() < 0.01) await db.execute(sql`delete from login_throttle where last_attempt_at < now() - interval '1 day' and (next_attempt_at is null or next_attempt_at < now())`);
}

/** A correct password: the pair's streak ends and the address gets this attempt back. */
export async function countSuccess(db: Database, keys: SignInKeys): Promise<void> {
  await db.execute(sql`delete from login_throttle where key = ${pairKey(keys)}`);
  if (!keys.address) return;
  const key = addressKey(keys.address);
  await db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Database;
    const { state } = await lockedState(tx, key);
    if (state && state.failures > 0) await store(tx, key, afterSuccess(state, ADDRESS_POLICY));
  });
}

/**
 * Counts a failure on the email from any address; returns how many failures the burst window
 * holds when they make a burst the admins have not yet been told about (and marks it told).
 */
export async function countEmailFailure(db: Database, email: string, now: Date = new Date()): Promise<number | null> {
  return db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Database;
    const key = emailKey(email);
    const { state, alertedAt } = await lockedState(tx, key);
    const decision = decideAttempt(state, now, { free: Number.MAX_SAFE_INTEGER, maxDelayS: 0, resetAfterS: BURST.windowS });
    if (!decision.allowed) return null;
    await store(tx, key, decision.next);
    if (!isBurst(decision.next.failures, alertedAt, now)) return null;
    await tx.execute(sql`update login_throttle set alerted_at = ${now.toISOString()} where key = ${key}`);
    return decision.next.failures;
  });
}
