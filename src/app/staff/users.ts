import { and, asc, eq, isNull, ne, sql } from "drizzle-orm";
import type { z } from "zod";
import type { Database } from "../../adapters/db/client";
import { staffUsers } from "../../adapters/db/staff-schema";
import { recordAudit } from "./audit";
import { inTransaction, requirePermission, type ServiceContext } from "./context";
import { conflict, invalid, notFound } from "../../core/staff/errors";
import { hashPassword, verifyPassword } from "../../core/staff/passwords";
import { changePasswordInput, createUserInput, resetPasswordInput, updateUserInput, type StaffUserView } from "../../core/staff/contract/users";
import { revokeUserSessions } from "./sessions";

const columns = { id: staffUsers.id, email: staffUsers.email, name: staffUsers.name, role: staffUsers.role, disabledAt: staffUsers.disabledAt, createdAt: staffUsers.createdAt, updatedAt: staffUsers.updatedAt };
type Row = { id: string; email: string; name: string; role: "admin" | "manager" | "viewer"; disabledAt: Date | null; createdAt: Date; updatedAt: Date };

export function viewOf(row: Row): StaffUserView {
  return { id: row.id, email: row.email, name: row.name, role: row.role, disabled: row.disabledAt !== null, createdAt: row.createdAt.toISOString(), updatedAt: row.updatedAt.toISOString() };
}

export async function listUsers(ctx: ServiceContext): Promise<StaffUserView[]> {
  requirePermission(ctx.actor, "users.manage");
  const rows = await ctx.db.select(columns).from(staffUsers).orderBy(asc(staffUsers.createdAt));
  return rows.map(viewOf);
}

export async function createUser(ctx: ServiceContext, raw: z.input<typeof createUserInput>): Promise<StaffUserView> {
  requirePermission(ctx.actor, "users.manage");
  const input = createUserInput.parse(raw);
  const password = await hashPassword(input.password);
  return inTransaction(ctx.db, async (tx) => {
    const [row] = await tx
      .insert(staffUsers)
      .values({ email: input.email, name: input.name, role: input.role, passwordHash: password.hash, passwordSalt: password.salt, passwordIterations: password.iterations })
      .onConflictDoNothing({ target: staffUsers.email })
      .returning(columns);
    if (!row) throw conflict(`A user with email ${input.email} already exists`);
    const view = viewOf(row);
    await recordAudit({ ...ctx, db: tx }, { action: "user.create", targetType: "user", targetId: row.id, after: view });
    return view;
  });
}

/** Name, role and disabled. Disabling ends the user's sessions; the last active admin cannot be demoted or disabled. */
export async function updateUser(ctx: ServiceContext, id: string, raw: z.input<typeof updateUserInput>): Promise<StaffUserView> {
  requirePermission(ctx.actor, "users.manage");
  const input = updateUserInput.parse(raw);
  return inTransaction(ctx.db, async (tx) => {
    // Serialises admin changes so two requests cannot each remove "the other" last admin.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('staff_users:admins'))`);
    const before = (await tx.select(columns).from(staffUsers).where(eq(staffUsers.id, id)))[0];
    if (!before) throw notFound(`No user ${id}`);
    const losesAdmin = before.role === "admin" && before.disabledAt === null && ((input.role && input.role !== "admin") || input.disabled === true);
    if (losesAdmin && (await activeAdminsOtherThan(tx, id)) === 0) throw conflict("This is the last active admin: make another admin first");
    const [after] = await tx
      .update(staffUsers)
      .set({
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.role !== undefined ? { role: input.role } : {}),
        ...(input.disabled !== undefined ? { disabledAt: input.disabled ? (before.disabledAt ?? new Date()) : null } : {}),
        updatedAt: sql`now()`,
      })
      .where(eq(staffUsers.id, id))
      .returning(columns);
    if (input.disabled === true || (input.role !== undefined && input.role !== before.role)) await revokeUserSessions(tx, id);
    const view = viewOf(after!);
    await recordAudit({ ...ctx, db: tx }, { action: "user.update", targetType: "user", targetId: id, before: viewOf(before), after: view });
    return view;
  });
}

/** An admin sets a new password for someone (forgotten password); their sessions end. */
export async function resetPassword(ctx: ServiceContext, id: string, raw: z.input<typeof resetPasswordInput>): Promise<void> {
  requirePermission(ctx.actor, "users.manage");
  const input = resetPasswordInput.parse(raw);
  const password = await hashPassword(input.password);
  await inTransaction(ctx.db, async (tx) => {
    const rows = await tx
      .update(staffUsers)
      .set({ passwordHash: password.hash, passwordSalt: password.salt, passwordIterations: password.iterations, passwordChangedAt: sql`now()`, updatedAt: sql`now()` })
      .where(eq(staffUsers.id, id))
      .returning({ id: staffUsers.id });
    if (rows.length === 0) throw notFound(`No user ${id}`);
    const revoked = await revokeUserSessions(tx, id);
    await recordAudit({ ...ctx, db: tx }, { action: "user.password_reset", targetType: "user", targetId: id, after: { sessionsRevoked: revoked } });
  });
}

/** A signed-in user changes their own password; their other sessions end, this one stays. */
export async function changeOwnPassword(ctx: ServiceContext, raw: z.input<typeof changePasswordInput>): Promise<void> {
  const { actor } = ctx;
  if (actor.kind !== "user") throw invalid("The API token has no password; sign in as a user to change one");
  const input = changePasswordInput.parse(raw);
  const [row] = await ctx.db.select({ hash: staffUsers.passwordHash, salt: staffUsers.passwordSalt, iterations: staffUsers.passwordIterations }).from(staffUsers).where(eq(staffUsers.id, actor.userId));
  if (!row || !(await verifyPassword(input.currentPassword, row))) throw invalid("The current password is wrong");
  const password = await hashPassword(input.newPassword);
  await inTransaction(ctx.db, async (tx) => {
    await tx
      .update(staffUsers)
      .set({ passwordHash: password.hash, passwordSalt: password.salt, passwordIterations: password.iterations, passwordChangedAt: sql`now()`, updatedAt: sql`now()` })
      .where(eq(staffUsers.id, actor.userId));
    const revoked = await revokeUserSessions(tx, actor.userId, actor.sessionHash);
    await recordAudit({ ...ctx, db: tx }, { action: "user.password_change", targetType: "user", targetId: actor.userId, after: { sessionsRevoked: revoked } });
  });
}

async function activeAdminsOtherThan(db: Database, id: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(staffUsers)
    .where(and(eq(staffUsers.role, "admin"), isNull(staffUsers.disabledAt), ne(staffUsers.id, id)));
  return Number(row?.n ?? 0);
}
