import { exports } from "cloudflare:workers";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Database } from "../src/adapters/db/client";
import { ensureBootstrapAdmin } from "../src/app/staff/auth";
import { platformAddress } from "../src/shell/staff-route";
import { query } from "./helpers";
import { login, ORIGIN, sessionCookie, staffFetch, staffUser, uniqueEmail } from "./staff-helpers";

const address = () => `198.18.${Math.floor(Math.random() * 250) + 1}.${Math.floor(Math.random() * 250) + 1}`;

async function auditActions(email: string): Promise<string[]> {
  const rows = await query((db) => db.execute(sql`select action from audit_log where actor_label = ${email.toLowerCase()} order by id`));
  return rows.rows.map((r) => String(r.action));
}

/** Postgres's own message (drizzle wraps it as "Failed query: ..."). */
const pgMessage = (e: Error & { cause?: Error }) => String(e.cause?.message ?? e.message);

function rawLogin(body: string, headers: Record<string, string>): Promise<Response> {
  return exports.default.fetch(new Request(`${ORIGIN}/api/v1/auth/login`, { method: "POST", headers, body }));
}

describe("the sign-in throttle", () => {
  it("a stranger's wrong guesses never keep the right password out from a clean address", async () => {
    const admin = await staffUser("admin");
    const attacker = address();
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await login(admin.email, `wrong-guess-${i}`, attacker)).status);
    // The attacker's own pair slows down: 3 free tries, then a wait.
    expect(statuses.slice(0, 3)).toEqual([401, 401, 401]);
    expect(statuses).toContain(429);
    // The owner, from an address that has not failed, signs in at once.
    const owner = await login(admin.email, admin.password, address());
    expect(owner.status).toBe(200);
    expect(sessionCookie(owner)).not.toBeNull();
  });

  it("each try past the free ones waits longer, with Retry-After saying how long", async () => {
    const user = await staffUser("viewer");
    const from = address();
    for (let i = 0; i < 3; i++) expect((await login(user.email, `wrong-${i}-password`, from)).status).toBe(401);
    const waiting = await login(user.email, user.password, from);
    expect(waiting.status).toBe(429);
    const first = Number(waiting.headers.get("retry-after"));
    expect(first).toBeGreaterThanOrEqual(1);
    expect(first).toBeLessThanOrEqual(2);
    // Let the wait pass (moved back in time, not slept), fail again: the next wait is longer.
    await query((db) => db.execute(sql`update login_throttle set next_attempt_at = now() - interval '1 second' where key = ${`pair:${user.email}|${from}`}`));
    expect((await login(user.email, "wrong-again-password", from)).status).toBe(401);
    const second = Number((await login(user.email, user.password, from)).headers.get("retry-after"));
    expect(second).toBeGreaterThan(first);
    expect(second).toBeLessThanOrEqual(4);
  });

  it("counts each attempt before checking the password: parallel guesses cannot all slip through", async () => {
    const user = await staffUser("viewer");
    const from = address();
    const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => login(user.email, `parallel-guess-${i}`, from)));
    const statuses = answers.map((r) => r.status);
    // The race happened (twelve at once) and only the three free tries reached the password check.
    expect(statuses.filter((s) => s === 401).length).toBe(3);
    expect(statuses.filter((s) => s === 429).length).toBe(9);
    const [row] = (await query((db) => db.execute(sql`select failures from login_throttle where key = ${`pair:${user.email}|${from}`}`))).rows;
    expect(Number(row?.failures)).toBe(3);
  });

  it("alerts the admins when one email fails from many addresses", async () => {
    const user = await staffUser("admin");
    for (let i = 0; i < 10; i++) expect((await login(user.email, `spray-${i}-password`, address())).status).toBe(401);
    const actions = await auditActions(user.email);
    expect(actions.filter((a) => a === "auth.login_failed").length).toBe(10);
    expect(actions.filter((a) => a === "auth.login_burst").length).toBe(1);
    // Still no lock: the owner signs in.
    expect((await login(user.email, user.password, address())).status).toBe(200);
  });

  it("a successful sign-in gives its try back to a shared address", async () => {
    const from = address();
    const users = await Promise.all([staffUser("viewer"), staffUser("viewer")]);
    for (let i = 0; i < 25; i++) expect((await login(users[i % 2]!.email, users[i % 2]!.password, from)).status).toBe(200);
  });
});

describe("the caller's address", () => {
  it("is what the platform set, and unknown on the local stack whatever the client sends", () => {
    expect(platformAddress("203.0.113.9", { LOCAL_INSTANCE_ID: undefined })).toBe("203.0.113.9");
    expect(platformAddress("203.0.113.9", { LOCAL_INSTANCE_ID: "local-123" })).toBeNull();
    expect(platformAddress(undefined, { LOCAL_INSTANCE_ID: undefined })).toBeNull();
  });

  it("without one, failures on many emails do not lock out another account", async () => {
    const user = await staffUser("admin");
    for (let i = 0; i < 25; i++) expect((await login(uniqueEmail("noisy"), "wrong-password-here")).status).toBe(401);
    expect((await login(user.email, user.password)).status).toBe(200);
  });
});

describe("sign-in from other sites", () => {
  it("refuses text/plain and form bodies with a clear 415 and no cookie", async () => {
    const user = await staffUser("viewer");
    const json = JSON.stringify({ email: user.email, password: user.password });
    const plain = await rawLogin(json, { "content-type": "text/plain", origin: "https://evil.example" });
    expect(plain.status).toBe(415);
    expect(plain.headers.get("set-cookie")).toBeNull();
    expect(((await plain.json()) as { error: { code: string } }).error.code).toBe("UNSUPPORTED_MEDIA_TYPE");
    const form = await rawLogin(`email=${encodeURIComponent(user.email)}&password=${encodeURIComponent(user.password)}`, { "content-type": "application/x-www-form-urlencoded", origin: "https://evil.example" });
    expect(form.status).toBe(415);
    expect(form.headers.get("set-cookie")).toBeNull();
  });

  it("refuses JSON from a foreign Origin with 403, and signs in from the panel's own", async () => {
    const user = await staffUser("viewer");
    const json = JSON.stringify({ email: user.email, password: user.password });
    const foreign = await rawLogin(json, { "content-type": "application/json", origin: "https://evil.example" });
    expect(foreign.status).toBe(403);
    expect(foreign.headers.get("set-cookie")).toBeNull();
    const own = await rawLogin(json, { "content-type": "application/json", origin: ORIGIN });
    expect(own.status).toBe(200);
  });

  it("refuses a non-JSON body on any staff endpoint", async () => {
    const admin = await staffUser("admin");
    const response = await exports.default.fetch(
      new Request(`${ORIGIN}/api/v1/admin/settings`, { method: "PATCH", headers: { "content-type": "text/plain", cookie: `__Host-staff_session=${admin.session}`, origin: ORIGIN }, body: JSON.stringify({ dailyTokenCap: 987_654_321 }) }),
    );
    expect(response.status).toBe(415);
  });

  it("names the session cookie __Host- (Secure, Path=/, no Domain)", async () => {
    const user = await staffUser("viewer");
    const cookie = (await login(user.email, user.password)).headers.get("set-cookie")!;
    expect(cookie).toMatch(/^__Host-staff_session=/);
    expect(cookie).toMatch(/;\s*Secure/i);
    expect(cookie).toMatch(/;\s*Path=\/(;|$)/i);
    expect(cookie).not.toMatch(/Domain=/i);
  });
});

describe("the sign-in audit trail", () => {
  it("records sign-ins, failures, waits and sign-outs", async () => {
    const user = await staffUser("manager");
    const from = address();
    for (let i = 0; i < 3; i++) await login(user.email, `wrong-${i}-password`, from);
    expect((await login(user.email, user.password, from)).status).toBe(429);
    const session = sessionCookie(await login(user.email, user.password, address()))!;
    expect((await staffFetch("/api/v1/auth/logout", { method: "POST", session })).status).toBe(200);
    expect(await auditActions(user.email)).toEqual(["auth.login", "auth.login_failed", "auth.login_failed", "auth.login_failed", "auth.login_throttled", "auth.login", "auth.logout"]);
    const rows = await query((db) => db.execute(sql`select actor_type, role, target_id, address from audit_log where actor_label = ${user.email} order by id`));
    expect(rows.rows[1]).toMatchObject({ actor_type: "anonymous", role: "none", target_id: user.id, address: from });
    expect(rows.rows[6]).toMatchObject({ actor_type: "user", role: "manager", target_id: user.id });
  });

  it("refuses TRUNCATE, and the role the app writes it as may only insert and read", async () => {
    const truncate = await query((db) => db.execute(sql`truncate audit_log`).then(() => "truncated", pgMessage));
    expect(truncate).toMatch(/append-only/);
    const [grants] = (
      await query((db) =>
        db.execute(sql`select has_table_privilege('audit_writer', 'audit_log', 'INSERT') as ins, has_table_privilege('audit_writer', 'audit_log', 'SELECT') as sel,
          has_table_privilege('audit_writer', 'audit_log', 'UPDATE') as upd, has_table_privilege('audit_writer', 'audit_log', 'DELETE') as del,
          has_table_privilege('audit_writer', 'audit_log', 'TRUNCATE') as trunc, has_table_privilege('audit_writer', 'staff_users', 'SELECT') as users`),
      )
    ).rows;
    expect(grants).toEqual({ ins: true, sel: true, upd: false, del: false, trunc: false, users: false });
    // Under that role even the triggers' owner could not change a row.
    const denied = await query((db) =>
      db.transaction(async (tx) => {
        await tx.execute(sql`set local role audit_writer`);
        return tx.execute(sql`delete from staff_sessions where false`).then(() => "allowed", pgMessage);
      }).catch(pgMessage),
    );
    expect(denied).toMatch(/permission denied/);
  });

  it("records the bootstrap admin's creation in the same transaction", async () => {
    const email = uniqueEmail("bootstrap");
    // Other tests' users exist: in a transaction rolled back afterwards, the table is made empty.
    const outcome = await query((db) =>
      db
        .transaction(async (tx) => {
          await tx.execute(sql`alter table staff_users rename to staff_users_kept`);
          await tx.execute(sql`create table staff_users (like staff_users_kept including all)`);
          await ensureBootstrapAdmin(tx as unknown as Database, { email, password: "a-long-bootstrap-password" });
          const rows = await tx.execute(sql`select a.actor_type, a.actor_label, a.action, a.target_id, u.id from audit_log a join staff_users u on u.id::text = a.target_id where a.action = 'user.bootstrap' and u.email = ${email}`);
          throw Object.assign(new Error("rollback"), { rows: rows.rows });
        })
        .catch((error: { rows?: unknown[] }) => error.rows),
    );
    expect(outcome).toHaveLength(1);
    expect(outcome?.[0]).toMatchObject({ actor_type: "system", actor_label: "ADMIN_BOOTSTRAP_EMAIL", action: "user.bootstrap" });
  });
});
