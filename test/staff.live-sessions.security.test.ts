import { describe, expect, it } from "vitest";
import { asToken, closedWithin, openStream, signIn, staffFetch, staffUser } from "./staff-helpers";

const SESSION_ENDED = 4401;

/**
 * A revoked sign-in ends its live connections at once: before, a panel left open after sign-out,
 * a password change or the user being disabled kept receiving customer messages until reload.
 */
describe("live connections of ended sign-ins", () => {
  it("signing out closes that session's stream and no other", async () => {
    const manager = await staffUser("manager", "live-out");
    const otherSession = await signIn(manager.email, manager.password);
    const [mine, other] = [await openStream(manager.session), await openStream(otherSession)];
    await Promise.all([mine.ready, other.ready]);
    expect((await staffFetch("/api/v1/auth/logout", { method: "POST", session: manager.session })).status).toBe(200);
    expect(await closedWithin(mine, 5000)).toBe(SESSION_ENDED);
    expect(await closedWithin(other, 500)).toBe("open");
  });

  it("disabling a user closes every stream they have open", async () => {
    const viewer = await staffUser("viewer", "live-disabled");
    const second = await signIn(viewer.email, viewer.password);
    const streams = [await openStream(viewer.session), await openStream(second)];
    await Promise.all(streams.map((s) => s.ready));
    expect((await asToken(`/api/v1/admin/users/${viewer.id}`, { method: "PATCH", body: { disabled: true } })).status).toBe(200);
    for (const stream of streams) expect(await closedWithin(stream, 5000)).toBe(SESSION_ENDED);
  });

  it("changing one's password keeps the current session's stream and closes the others", async () => {
    const manager = await staffUser("manager", "live-password");
    const laptop = await signIn(manager.email, manager.password);
    const [current, elsewhere] = [await openStream(manager.session), await openStream(laptop)];
    await Promise.all([current.ready, elsewhere.ready]);
    const changed = await staffFetch("/api/v1/auth/password", { method: "POST", session: manager.session, body: { currentPassword: manager.password, newPassword: `new-${crypto.randomUUID()}` } });
    expect(changed.status).toBe(200);
    expect(await closedWithin(elsewhere, 5000)).toBe(SESSION_ENDED);
    expect(await closedWithin(current, 500)).toBe("open");
  });
});
