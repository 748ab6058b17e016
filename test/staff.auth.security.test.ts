import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Database } from "../src/adapters/db/client";
import { updateUser } from "../src/app/staff/users";
import { query } from "./helpers";
import { asToken, login, sessionCookie, staffFetch, staffUser, uniqueEmail } from "./staff-helpers";

const me = (session: string) => staffFetch("/api/v1/auth/me", { session });

describe("staff sign-in and sessions", () => {
  it("sets an HttpOnly, Secure, SameSite=Strict session cookie whose id is stored only hashed", async () => {
    const user = await staffUser("viewer");
    const response = await login(user.email, user.password);
    expect(response.status).toBe(200);
    const cookie = response.headers.get("set-cookie")!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/Secure/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    const id = sessionCookie(response)!;
    expect(id.length).toBeGreaterThanOrEqual(40);
    const stored = await query((db) => db.execute(sql`select id_hash from staff_sessions where user_id = ${user.id}`));
    expect(stored.rows.length).toBe(2);
    expect(stored.rows.map((r) => r.id_hash)).not.toContain(id);
    const body = (await (await me(id)).json()) as { user: { email: string; role: string }; via: string };
    expect(body).toMatchObject({ user: { email: user.email, role: "viewer" }, via: "session" });
  });

  it("answers a wrong password and an unknown email the same way", async () => {
    const user = await staffUser("viewer");
    const wrong = await login(user.email, "not-the-password-at-all");
    const unknown = await login(uniqueEmail("nobody"), "not-the-password-at-all");
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const message = async (r: Response) => ((await r.json()) as { error: { code: string; message: string } }).error;
    const [a, b] = [await message(wrong), await message(unknown)];
    expect({ code: a.code, message: a.message }).toEqual({ code: b.code, message: b.message });
    expect(wrong.headers.get("set-cookie")).toBeNull();
  });

  it("slows repeated failures for an email from one address with 429 and Retry-After, even for the right password", async () => {
    const user = await staffUser("viewer");
    const from = "203.0.113.250";
    for (let i = 0; i < 3; i++) expect((await login(user.email, `wrong-${i}-password`, `${from}${i}`)).status).toBe(401);
    for (let i = 0; i < 3; i++) expect((await login(user.email, `wrong-${i}-password`, from)).status).toBe(401);
    const blocked = await login(user.email, user.password, from);
    expect(blocked.status).toBe(429);
    const retryAfter = Number(blocked.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
  });

  it("throttles repeated failures from one address across emails", async () => {
    const address = `203.0.113.${Math.floor(Math.random() * 250) + 1}`;
    const user = await staffUser("viewer");
    for (let i = 0; i < 20; i++) expect((await login(uniqueEmail("guess"), "wrong-password-here", address)).status).toBe(401);
    const blocked = await login(user.email, user.password, address);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(0);
    // Another address is not affected.
    expect((await login(user.email, user.password, "198.51.100.7")).status).toBe(200);
  });

  it("ends a session after the idle timeout and after its absolute expiry", async () => {
    const idle = await staffUser("viewer");
    const expired = await staffUser("viewer");
    expect((await me(idle.session)).status).toBe(200);
    await query((db) => db.execute(sql`update staff_sessions set last_seen_at = now() - interval '9 hours' where user_id = ${idle.id}`));
    expect((await me(idle.session)).status).toBe(401);
    await query((db) => db.execute(sql`update staff_sessions set expires_at = now() - interval '1 second' where user_id = ${expired.id}`));
    expect((await me(expired.session)).status).toBe(401);
  });

  it("revokes sessions on sign-out, on disabling the user, and on a password reset", async () => {
    const user = await staffUser("manager");
    const other = await staffUser("viewer");
    const reset = await staffUser("viewer");
    expect((await staffFetch("/api/v1/auth/logout", { method: "POST", session: user.session })).status).toBe(200);
    expect((await me(user.session)).status).toBe(401);

    expect((await asToken(`/api/v1/admin/users/${other.id}`, { method: "PATCH", body: { disabled: true } })).status).toBe(200);
    expect((await me(other.session)).status).toBe(401);
    expect((await login(other.email, other.password)).status).toBe(401);

    expect((await asToken(`/api/v1/admin/users/${reset.id}/password`, { method: "POST", body: { password: "a-brand-new-password-1" } })).status).toBe(200);
    expect((await me(reset.session)).status).toBe(401);
    expect((await login(reset.email, reset.password)).status).toBe(401);
    expect((await login(reset.email, "a-brand-new-password-1")).status).toBe(200);
  });

  it("changing your own password keeps this session and ends the others", async () => {
    const user = await staffUser("viewer");
    const second = sessionCookie(await login(user.email, user.password))!;
    const wrong = await staffFetch("/api/v1/auth/password", { method: "POST", session: user.session, body: { currentPassword: "nope-nope-nope", newPassword: "another-password-123" } });
    expect(wrong.status).toBe(400);
    const changed = await staffFetch("/api/v1/auth/password", { method: "POST", session: user.session, body: { currentPassword: user.password, newPassword: "another-password-123" } });
    expect(changed.status).toBe(200);
    expect((await me(user.session)).status).toBe(200);
    expect((await me(second)).status).toBe(401);
  });

  it("refuses cookie-authenticated changes from another origin or without one, but not the token", async () => {
    const admin = await staffUser("admin");
    // dailyTokenCap at this value is the one settings change the parallel suites may make.
    const change = { method: "PATCH", body: { dailyTokenCap: 987_654_321 } };
    const foreign = await staffFetch("/api/v1/admin/settings", { ...change, session: admin.session, origin: "https://evil.example" });
    expect(foreign.status).toBe(403);
    const none = await staffFetch("/api/v1/admin/settings", { ...change, session: admin.session, origin: null });
    expect(none.status).toBe(403);
    // Reads need no Origin; the same origin and the machine token may change things.
    expect((await staffFetch("/api/v1/admin/settings", { session: admin.session, origin: null })).status).toBe(200);
    expect((await staffFetch("/api/v1/admin/settings", { ...change, session: admin.session })).status).toBe(200);
    expect((await asToken("/api/v1/admin/settings", change)).status).toBe(200);
  });

  it("refuses to demote or disable the last active admin", async () => {
    const user = await staffUser("admin");
    const ctx = { actor: { kind: "token" as const, role: "admin" as const, label: "ADMIN_API_TOKEN" as const }, requestId: null, address: null };
    // Other tests create admins too: inside a transaction that is rolled back, this one is made the last.
    const outcome = await query((db) =>
      db
        .transaction(async (tx) => {
          await tx.execute(sql`update staff_users set disabled_at = now() where role = 'admin' and id <> ${user.id} and disabled_at is null`);
          const attempts = await Promise.allSettled([
            updateUser({ ...ctx, db: tx as unknown as Database }, user.id, { role: "viewer" }),
          ]);
          throw Object.assign(new Error("rollback"), { attempts });
        })
        .catch((error: { attempts?: PromiseSettledResult<unknown>[] }) => error.attempts),
    );
    expect(outcome?.[0]).toMatchObject({ status: "rejected", reason: { kind: "conflict" } });
    // Outside it, with other admins present, the same change is allowed.
    expect((await asToken(`/api/v1/admin/users/${user.id}`, { method: "PATCH", body: { role: "viewer" } })).status).toBe(200);
  });
});
