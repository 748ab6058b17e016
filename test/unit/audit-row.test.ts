import { describe, expect, it } from "vitest";
import { auditRow, bootstrapAuditRow, redact, signInAuditRow } from "../../src/app/staff/audit-row";
import type { Actor } from "../../src/app/staff/context";

const manager: Actor = { kind: "user", userId: "7d1f0c1e-8a0b-4c43-9a55-4f1d7e0f6a11", email: "omar@example.com", name: "Omar", role: "manager", sessionHash: "s3ss10n" };
const machine: Actor = { kind: "token", role: "admin", label: "ADMIN_API_TOKEN" };
const request = { requestId: "req-42", address: "203.0.113.9" };

describe("what an audit row records", () => {
  it("names a staff member by id and email, with their role and the request", () => {
    const row = auditRow({ actor: manager, ...request }, { action: "quotation.cancel", targetType: "quotation", targetId: "Q-7", before: { status: "shown" }, after: { status: "cancelled" } });
    expect(row).toEqual({
      actorType: "user",
      actorId: "7d1f0c1e-8a0b-4c43-9a55-4f1d7e0f6a11",
      actorLabel: "omar@example.com",
      role: "manager",
      action: "quotation.cancel",
      targetType: "quotation",
      targetId: "Q-7",
      before: { status: "shown" },
      after: { status: "cancelled" },
      requestId: "req-42",
      address: "203.0.113.9",
    });
  });

  it("names the machine credential by its label, with no user id", () => {
    const row = auditRow({ actor: machine, requestId: null, address: null }, { action: "catalog.sync", targetType: "catalog" });
    expect(row).toMatchObject({ actorType: "token", actorId: null, actorLabel: "ADMIN_API_TOKEN", role: "admin", requestId: null, address: null });
  });

  it("stores no target id, before or after when the change has none, but keeps a falsy value that is given", () => {
    expect(auditRow({ actor: machine, ...request }, { action: "settings.update", targetType: "settings" })).toMatchObject({ targetId: null, before: null, after: null });
    expect(auditRow({ actor: machine, ...request }, { action: "settings.update", targetType: "settings", before: 0, after: false })).toMatchObject({ before: 0, after: false });
  });

  it("never stores a credential from before or after", () => {
    const row = auditRow({ actor: manager, ...request }, { action: "user.update", targetType: "user", before: { email: "a@b.c", passwordHash: "x" }, after: { apiKey: "k" } });
    expect(row.before).toEqual({ email: "a@b.c", passwordHash: "[redacted]" });
    expect(row.after).toEqual({ apiKey: "[redacted]" });
  });
});

describe("redacting credentials", () => {
  it("replaces fields about passwords, secrets, salts, cookies and API keys, whatever their case", () => {
    expect(redact({ password: "p", newPassword: "p", clientSecret: "s", SALT: "s", cookie: "c", api_key: "k", ApiKey: "k", name: "Sara" })).toEqual({
      password: "[redacted]",
      newPassword: "[redacted]",
      clientSecret: "[redacted]",
      SALT: "[redacted]",
      cookie: "[redacted]",
      api_key: "[redacted]",
      ApiKey: "[redacted]",
      name: "Sara",
    });
  });

  it("replaces names ending in token or hash, but not ones that merely contain them", () => {
    expect(redact({ accessToken: "t", sessionHash: "h", tokenCount: 3, hashtags: ["#sale"] })).toEqual({ accessToken: "[redacted]", sessionHash: "[redacted]", tokenCount: 3, hashtags: ["#sale"] });
  });

  it("reaches into nested objects and arrays", () => {
    expect(redact({ users: [{ email: "a@b.c", password: "p" }], settings: { zoho: { refreshToken: "r", org: "1" } } })).toEqual({
      users: [{ email: "a@b.c", password: "[redacted]" }],
      settings: { zoho: { refreshToken: "[redacted]", org: "1" } },
    });
    expect(redact([{ secret: 1 }, 2])).toEqual([{ secret: "[redacted]" }, 2]);
  });

  it("keeps dates, scalars and null as they are", () => {
    const when = new Date("2026-11-30T00:00:00Z");
    expect(redact({ at: when })).toEqual({ at: when });
    expect((redact({ at: when }) as { at: unknown }).at).toBeInstanceOf(Date);
    expect(redact(null)).toBeNull();
    expect(redact("password")).toBe("password");
    expect(redact(0)).toBe(0);
  });
});

describe("sign-in audit rows", () => {
  const base = { email: "Ann@Example.COM", requestId: "r1", address: "203.0.113.1" };
  it("a sign-in and sign-out are the user's own, in their role", () => {
    for (const action of ["auth.login", "auth.logout"] as const) {
      expect(signInAuditRow({ ...base, action, user: { id: "u1", role: "manager" } })).toMatchObject({ actorType: "user", actorId: "u1", actorLabel: "ann@example.com", role: "manager", action, targetType: "staff_user", targetId: "u1", requestId: "r1", address: "203.0.113.1", before: null, after: null });
    }
  });
  it("a failure is an anonymous caller's, naming the email tried and the user it belongs to", () => {
    expect(signInAuditRow({ ...base, action: "auth.login_failed", user: { id: "u1", role: "admin" } })).toMatchObject({ actorType: "anonymous", actorId: null, role: "none", targetId: "u1" });
    expect(signInAuditRow({ ...base, action: "auth.login_failed" })).toMatchObject({ actorType: "anonymous", targetId: null });
    expect(signInAuditRow({ ...base, action: "auth.login", user: null })).toMatchObject({ actorType: "anonymous", role: "none" });
  });
  it("cuts a long email and redacts what it keeps", () => {
    const row = signInAuditRow({ ...base, email: "x".repeat(300), action: "auth.login_burst", after: { failures: 10, password: "p" } });
    expect(row.actorLabel).toHaveLength(200);
    expect(row.after).toEqual({ failures: 10, password: "[redacted]" });
  });
  it("the bootstrap admin is the system's act", () => {
    expect(bootstrapAuditRow({ id: "u9", email: "boss@example.com" })).toEqual({ actorType: "system", actorId: null, actorLabel: "ADMIN_BOOTSTRAP_EMAIL", role: "system", action: "user.bootstrap", targetType: "staff_user", targetId: "u9", before: null, after: { email: "boss@example.com", role: "admin" }, requestId: null, address: null });
  });
});
