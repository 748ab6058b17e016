import { inArray, sql } from "drizzle-orm";
import type { Database } from "../adapters/db/client";
import { loginThrottle } from "../adapters/db/staff-schema";
import { throttled } from "./errors";

const WINDOW_MINUTES = 15;
/** Failures allowed in a window before the key is blocked for the rest of it. */
const LIMITS = { email: 5, ip: 20 } as const;

export type ThrottleKey = { kind: keyof typeof LIMITS; value: string };

const keyOf = (key: ThrottleKey) => `${key.kind}:${key.value}`;

/** Throws `throttled` (with the seconds to wait) when any of the keys is blocked. */
export async function assertNotThrottled(db: Database, keys: ThrottleKey[]): Promise<void> {
  const rows = await db
    .select({ waitS: sql<number>`ceil(extract(epoch from (${loginThrottle.blockedUntil} - now())))::int` })
    .from(loginThrottle)
    .where(sql`${inArray(loginThrottle.key, keys.map(keyOf))} and ${loginThrottle.blockedUntil} > now()`);
  const wait = Math.max(0, ...rows.map((r) => Number(r.waitS)));
  if (rows.length > 0) throw throttled(Math.max(1, wait));
}

/** Counts a failed sign-in against each key; the limit-th failure in a window blocks the key until the window ends. */
export async function recordFailure(db: Database, keys: ThrottleKey[]): Promise<void> {
  for (const key of keys) {
    const limit = LIMITS[key.kind];
    await db.execute(sql`
      insert into login_throttle (key, failures, window_started_at, blocked_until)
      values (${keyOf(key)}, 1, now(), ${limit <= 1 ? sql`now() + make_interval(mins => ${WINDOW_MINUTES})` : sql`null`})
      on conflict (key) do update set
        failures = case when login_throttle.window_started_at < now() - make_interval(mins => ${WINDOW_MINUTES}) then 1 else login_throttle.failures + 1 end,
        window_started_at = case when login_throttle.window_started_at < now() - make_interval(mins => ${WINDOW_MINUTES}) then now() else login_throttle.window_started_at end,
        blocked_until = case
          when login_throttle.window_started_at >= now() - make_interval(mins => ${WINDOW_MINUTES}) and login_throttle.failures + 1 >= ${limit}
          then now() + make_interval(mins => ${WINDOW_MINUTES})
          else login_throttle.blocked_until end`);
  }
}

/** A successful sign-in clears the email's failures (an address shared by many keeps its count). */
export async function clearFailures(db: Database, key: ThrottleKey): Promise<void> {
  await db.delete(loginThrottle).where(sql`${loginThrottle.key} = ${keyOf(key)}`);
}
