import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { MAX_SOCKETS_PER_USER } from "../src/shell/durable-objects/inbox-events";
import { SESSION_ENDED_CLOSE_CODE } from "../src/core/staff/contract/events";
import { query } from "./helpers";
import { closedWithin, openStream, signIn, staffFetch, staffUser } from "./staff-helpers";

/** A stream that has said it is ready. */
async function openReady(session: string) {
  const stream = await openStream(session);
  await stream.ready;
  return stream;
}

describe("live connections end with their session", () => {
  it("a stream closes as ended when its session reaches its absolute expiry, unrevoked", async () => {
    const viewer = await staffUser("viewer", "live-expiry");
    const lasting = await signIn(viewer.email, viewer.password);
    // The first session (the test's `viewer.session`) ends in two seconds; the second lasts.
    await query((db) => db.execute(sql`update staff_sessions set expires_at = now() + interval '2 seconds' where user_id = ${viewer.id} and id_hash = (select id_hash from staff_sessions where user_id = ${viewer.id} order by created_at asc limit 1)`));
    const [expiring, other] = [await openReady(viewer.session), await openReady(lasting)];
    expect(await closedWithin(expiring, 8000)).toBe(SESSION_ENDED_CLOSE_CODE);
    expect(await closedWithin(other, 300)).toBe("open");
    other.socket.close(1000, "done");
  });

  it(`a user holds at most ${MAX_SOCKETS_PER_USER} live connections; another user is unaffected`, async () => {
    const [greedy, other] = await Promise.all([staffUser("viewer", "live-many"), staffUser("viewer", "live-other")]);
    const streams = [];
    for (let i = 0; i < MAX_SOCKETS_PER_USER; i++) streams.push(await openReady(greedy.session));
    const refused = await staffFetch("/api/v1/events", { session: greedy.session, headers: { upgrade: "websocket" } });
    expect(refused.status).toBe(429);
    expect(refused.webSocket).toBeNull();
    const fine = await openReady(other.session);
    // Closing one frees a place.
    streams[0]!.socket.close(1000, "tab closed");
    await streams[0]!.closed;
    const again = await openReady(greedy.session);
    for (const s of [...streams.slice(1), fine, again]) s.socket.close(1000, "done");
  });
});
