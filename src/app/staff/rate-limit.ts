import { sql } from "drizzle-orm";
import type { Database } from "../../adapters/db/client";
import type { Actor } from "./context";
import { StaffError } from "../../core/staff/errors";

/**
 * Per-user limits of the staff endpoints that spend money or a shared budget (ADR 0015): the
 * prompt playground (model tokens), live stock (the organization's Zoho calls per minute) and
 * searches with a query (one embeddings call each). Every role keeps these endpoints; one user's
 * loop just cannot drain what everyone shares. ADMIN_API_TOKEN, the operators' own secret for
 * scripts, evaluations and benchmarks, is not limited.
 */
export const RATE_LIMITS = {
  playground: { max: 10, windowS: 60, what: "prompt playground runs" },
  stock: { max: 30, windowS: 60, what: "live stock reads" },
  search: { max: 60, windowS: 60, what: "searches" },
} as const;

export type RateLimited = keyof typeof RATE_LIMITS;


/**
 * Takes one request from the actor's allowance of `bucket`, or throws `throttled` (429 with
 * Retry-After). One statement counts and reads the window, so parallel requests cannot overdraw it.
 */
export async function takeRateLimit(db: Database, bucket: RateLimited, actor: Actor): Promise<void> {
  if (actor.kind !== "user") return;
  const limit = RATE_LIMITS[bucket];
  const key = `${bucket}:${actor.userId}`;
  const expired = sql`rate_limits.window_started_at <= now() - make_interval(secs => ${limit.windowS})`;
  const result = await db.execute(sql`
    insert into rate_limits (key, window_started_at, count) values (${key}, now(), 1)
    on conflict (key) do update set
      count = case when ${expired} then 1 else rate_limits.count + 1 end,
      window_started_at = case when ${expired} then now() else rate_limits.window_started_at end
    returning count, ceil(extract(epoch from (window_started_at + make_interval(secs => ${limit.windowS}) - now())))::int as wait_s`);
  // Windows a day old are dead weight; one request in a hundred sweeps them.
  if (Math.random() < 0.01) await db.execute(sql`delete from rate_limits where window_started_at < now() - interval '1 day'`);
  const row = result.rows[0] as { count: number | string; wait_s: number | string } | undefined;
  if (row && Number(row.count) > limit.max) {
    const waitS = Math.max(1, Number(row.wait_s));
    throw new StaffError("throttled", `Too many ${limit.what}: at most ${limit.max} a minute each; try again in ${waitS} s`, waitS);
  }
}
