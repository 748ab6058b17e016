import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "../../adapters/db/client";
import { staffUsers } from "../../adapters/db/staff-schema";
import { log } from "../../lib/log";
import { appendAuditRow } from "./audit";
import { bootstrapAuditRow, signInAuditRow, type SignInEvent } from "./audit-row";
import { StaffError, unauthenticated } from "../../core/staff/errors";
import { DECOY_HASH, hashPassword, verifyPassword } from "../../core/staff/passwords";
import { createSession, type SessionLimits } from "./sessions";
import { countAttempt, countEmailFailure, countSuccess } from "./throttle";
import { BURST } from "../../core/staff/throttle-rules";
import { emailSchema } from "../../core/staff/contract/users";

export const loginInput = z.object({ email: z.string().trim().min(1).max(200), password: z.string().min(1).max(200) }).strict();

const WRONG = "Email or password is wrong";

/** Where a sign-in comes from: the address the platform reported (null locally) and the request id. */
export interface SignInOrigin {
  address: string | null;
  requestId: string | null;
}

/**
 * Signs a user in. The attempt is counted against (email, address) and the address before any
 * password is checked, in one transaction (throttle.ts), so parallel guesses cannot pass one check
 * together; past the free tries each attempt waits longer (never a lock on the email alone, which
 * anyone could hold for its owner). Unknown emails are checked against a decoy hash and answered
 * exactly like a wrong password. Every outcome writes an audit row; a burst of failures on one
 * email from anywhere alerts the admins (an audit row and an error log).
 */
export async function login(db: Database, raw: z.input<typeof loginInput>, limits: SessionLimits, origin: SignInOrigin) {
  const input = loginInput.parse(raw);
  const email = input.email.toLowerCase();
  const keys = { email, address: origin.address };
  const audit = (event: Omit<SignInEvent, "email" | "requestId" | "address">) => appendAuditRow(db, signInAuditRow({ ...event, email, ...origin }));
  try {
    await countAttempt(db, keys);
  } catch (error) {
    if (error instanceof StaffError && error.kind === "throttled") await audit({ action: "auth.login_throttled", after: { retryAfterS: error.retryAfterS } });
    throw error;
  }
  const [user] = await db
    .select({ id: staffUsers.id, email: staffUsers.email, name: staffUsers.name, role: staffUsers.role, disabledAt: staffUsers.disabledAt, hash: staffUsers.passwordHash, salt: staffUsers.passwordSalt, iterations: staffUsers.passwordIterations })
    .from(staffUsers)
    .where(eq(staffUsers.email, email));
  const matches = await verifyPassword(input.password, user ?? DECOY_HASH);
  if (!user || !matches || user.disabledAt !== null) {
    await audit({ action: "auth.login_failed", user: user ? { id: user.id, role: user.role } : null });
    const burst = await countEmailFailure(db, email);
    if (burst !== null) {
      log("error", "staff.signin_burst", { failures: burst, windowS: BURST.windowS });
      await audit({ action: "auth.login_burst", user: user ? { id: user.id, role: user.role } : null, after: { failures: burst, windowS: BURST.windowS } });
    }
    throw unauthenticated(WRONG);
  }
  await countSuccess(db, keys);
  const session = await createSession(db, user.id, limits, origin.address);
  await audit({ action: "auth.login", user: { id: user.id, role: user.role } });
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
    // The admin and its audit row commit together.
    await db.transaction(async (tx) => {
      const result = await tx.execute(sql`
        insert into staff_users (email, name, role, password_hash, password_salt, password_iterations)
        select ${email.data}, 'Administrator', 'admin', ${password.hash}, ${password.salt}, ${password.iterations}
        where not exists (select 1 from staff_users)
        on conflict (email) do nothing
        returning id`);
      const created = result.rows[0] as { id: string } | undefined;
      if (!created) return;
      await appendAuditRow(tx as unknown as Database, bootstrapAuditRow({ id: created.id, email: email.data }));
      log("info", "staff.bootstrap_admin_created", {});
    });
  }
  bootstrapDone = true;
}
