import { deleteCookie, setCookie } from "hono/cookie";
import type { App } from "../http-types";
import { assertSameOrigin, sessionLimits } from "../middleware/staff-auth";
import { appendAuditRow, listAudit } from "../../app/staff/audit";
import { signInAuditRow } from "../../app/staff/audit-row";
import { ensureBootstrapAdmin, login } from "../../app/staff/auth";
import { auditContract, authContract, usersContract } from "../../core/staff/contract/auth";
import { requirePermission } from "../../app/staff/context";
import { endLiveSessions } from "../inbox-events";
import { publicRoute, requestAddress, staffRoute } from "../staff-route";
import { revokeSession, SESSION_COOKIE } from "../../app/staff/sessions";
import { changeOwnPassword, createUser, listUsers, resetPassword, updateUser } from "../../app/staff/users";

/** Sign-in, sign-out, who am I, password changes; staff users (admin only); the audit log. */
export function registerStaffAuth(app: App): void {
  publicRoute(app, authContract.login, async ({ c, db, config, body }) => {
    // A browser always names the page that sent a POST; another site's page may not sign anyone in.
    if (c.req.header("origin") !== undefined) assertSameOrigin(c, config);
    await ensureBootstrapAdmin(db, { email: config.ADMIN_BOOTSTRAP_EMAIL, password: config.ADMIN_BOOTSTRAP_PASSWORD });
    const { session, user } = await login(db, body, sessionLimits(config), { address: requestAddress(c, config), requestId: c.get("requestId") ?? null });
    // `__Host-` needs Secure, Path=/ and no Domain; browsers accept Secure cookies from http://localhost.
    setCookie(c, SESSION_COOKIE, session.id, { httpOnly: true, secure: true, sameSite: "Strict", path: "/", expires: session.expiresAt });
    return { user, expiresAt: session.expiresAt.toISOString() };
  });

  staffRoute(app, authContract.logout, async ({ c, ctx }) => {
    if (ctx.actor.kind === "user" && ctx.actor.sessionHash) {
      await revokeSession(ctx.db, ctx.actor.sessionHash);
      await appendAuditRow(ctx.db, signInAuditRow({ action: "auth.logout", email: ctx.actor.email, user: { id: ctx.actor.userId, role: ctx.actor.role }, requestId: ctx.requestId, address: ctx.address }));
      await endLiveSessions(c.env, { session: ctx.actor.sessionHash });
    }
    deleteCookie(c, SESSION_COOKIE, { path: "/", secure: true });
    return { ok: true };
  });

  staffRoute(app, authContract.me, async ({ ctx: { actor } }) =>
    actor.kind === "user"
      ? { user: { id: actor.userId, email: actor.email, name: actor.name, role: actor.role }, via: "session" }
      : { user: { id: null, email: actor.label, name: "API token", role: actor.role }, via: "token" },
  );

  staffRoute(app, authContract.changePassword, async ({ c, ctx, body }) => {
    await changeOwnPassword(ctx, body);
    if (ctx.actor.kind === "user") await endLiveSessions(c.env, { userId: ctx.actor.userId, except: ctx.actor.sessionHash });
    return { ok: true };
  });

  staffRoute(app, usersContract.listUsers, async ({ ctx }) => ({ users: await listUsers(ctx) }));
  staffRoute(app, usersContract.createUser, async ({ ctx, body }) => ({ user: await createUser(ctx, body) }));
  staffRoute(app, usersContract.updateUser, async ({ c, ctx, params, body }) => {
    const user = await updateUser(ctx, params.id, body);
    // updateUser revoked their sessions when it disabled them or changed their role.
    if (user.disabled || body.role !== undefined) await endLiveSessions(c.env, { userId: params.id });
    return { user };
  });
  staffRoute(app, usersContract.resetPassword, async ({ c, ctx, params, body }) => {
    await resetPassword(ctx, params.id, body);
    await endLiveSessions(c.env, { userId: params.id });
    return { ok: true };
  });

  staffRoute(app, auditContract.listAudit, async ({ ctx, query }) => {
    requirePermission(ctx.actor, "audit.read");
    const page = await listAudit(ctx.db, query);
    return { entries: page.entries.map((e) => ({ ...e, at: e.at.toISOString() })), nextBefore: page.nextBefore };
  });
}
