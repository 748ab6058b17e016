import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "../adapters/db/client";
import { staffUsers } from "../adapters/db/staff-schema";
import { log } from "../lib/log";
import { unauthenticated } from "./errors";
import { DECOY_HASH, hashPassword, verifyPassword } from "./passwords";
import { createSession, type SessionLimits } from "./sessions";
import { assertNotThrottled, clearFailures, recordFailure, type ThrottleKey } from "./throttle";
import { emailSchema } from "./contract/users";

export const loginInput = z.object({ email: z.string().trim().min(1).max(200), password: z.string().min(1).max(200) }).strict();

const WRONG = "Email or password is wrong";

/**
 * Signs a user in. Unknown emails are checked against a decoy hash and answered exactly like a
 * wrong password, so neither the answer nor its timing tells which emails exist. Failures count
 * per email and per address; past the limit the caller gets `throttled` before any hashing.
 */
export async function login(db: Database, raw: z.input<typeof loginInput>, limits: SessionLimits, address: string | null) {
  const input = loginInput.parse(raw);
  const email = input.email.toLowerCase();
  const keys: ThrottleKey[] = [{ kind: "email", value: email }, ...(address ? [{ kind: "ip" as const, value: address }] : [])];
  await assertNotThrottled(db, keys);
  const [user] = await db
    .select({ id: staffUsers.id, email: staffUsers.email, name: staffUsers.name, role: staffUsers.role, disabledAt: staffUsers.disabledAt, hash: staffUsers.passwordHash, salt: staffUsers.passwordSalt, iterations: staffUsers.passwordIterations })
    .from(staffUsers)
    .where(eq(staffUsers.email, email));
  const matches = await verifyPassword(input.password, user ?? DECOY_HASH);
  if (!user || !matches || user.disabledAt !== null) {
    await recordFailure(db, keys);
    throw unauthenticated(WRONG);
  }
  await clearFailures(db, keys[0]!);
  const session = await createSession(db, user.id, limits, address);
  return { session, user: { id: user.id, email: user.email, name: user.name, role: user.role } };
}

let bootstrapDone = false;

/**
 * The first admin: while no staff user exists, ADMIN_BOOTSTRAP_EMAIL and ADMIN_BOOTSTRAP_PASSWORD
 * create one. Checked once per isolate before a sign-in; the insert itself only happens when the
 * table is empty, so concurrent isolates cannot create two.
 */
export async function ensureBootstrapAdmin(db: Database, settings: { email: string | undefined; password: string | undefined }): Promise<void> {
  if (bootstrapDone) return;
  if (!settings.email || !settings.password) return;
  const email = emailSchema.safeParse(settings.email);
  if (!email.success || settings.password.length < 12) {
    log("error", "staff.bootstrap_invalid", { reason: "ADMIN_BOOTSTRAP_EMAIL must be an email and ADMIN_BOOTSTRAP_PASSWORD at least 12 characters" });
    return;
  }
  const [existing] = await db.select({ n: sql<number>`count(*)::int` }).from(staffUsers);
  if (Number(existing?.n ?? 0) === 0) {
    const password = await hashPassword(settings.password);
    const result = await db.execute(sql`
      insert into staff_users (email, name, role, password_hash, password_salt, password_iterations)
      select ${email.data}, 'Administrator', 'admin', ${password.hash}, ${password.salt}, ${password.iterations}
      where not exists (select 1 from staff_users)
      on conflict (email) do nothing`);
    if ((result.rowCount ?? 0) > 0) log("info", "staff.bootstrap_admin_created", {});
  }
  bootstrapDone = true;
}
