import type { Context } from "hono";
import { getCookie } from "hono/cookie";
import type { Database } from "../../adapters/db/client";
import type { Config } from "../../core/config";
import { secretsMatch } from "../../lib/secure-compare";
import type { Actor } from "../../app/staff/context";
import { forbidden, unauthenticated } from "../../core/staff/errors";
import { resolveSession, SESSION_COOKIE, type SessionLimits } from "../../app/staff/sessions";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export function sessionLimits(config: Config): SessionLimits {
  return { idleMinutes: config.STAFF_SESSION_IDLE_MINUTES, maxHours: config.STAFF_SESSION_MAX_HOURS };
}

/**
 * Who sent the request: `Authorization: Bearer <ADMIN_API_TOKEN>` is the machine credential
 * (role admin); otherwise the session cookie. Cookie-authenticated changes, and WebSocket
 * upgrades, must come from an allowed origin: a browser attaches the cookie to requests other
 * sites trigger, but it always says in `Origin` who triggered them.
 */
export async function authenticate(c: Context, db: Database, config: Config): Promise<Actor> {
  const header = c.req.header("authorization");
  if (header !== undefined) {
    const bearer = /^Bearer\s+(.+)$/i.exec(header)?.[1]?.trim();
    if (!bearer || !config.ADMIN_API_TOKEN || !(await secretsMatch(bearer, config.ADMIN_API_TOKEN))) throw unauthenticated("Missing or invalid token");
    return { kind: "token", role: "admin", label: "ADMIN_API_TOKEN" };
  }
  const sessionId = getCookie(c, SESSION_COOKIE);
  if (!sessionId) throw unauthenticated();
  const actor = await resolveSession(db, sessionId, sessionLimits(config));
  if (!actor) throw unauthenticated("Your session has ended; sign in again");
  const upgrade = c.req.header("upgrade")?.toLowerCase() === "websocket";
  if (!SAFE_METHODS.has(c.req.method) || upgrade) assertSameOrigin(c, config);
  return actor;
}

/** 403 unless `Origin` is the API's own origin or one of STAFF_ALLOWED_ORIGINS. */
export function assertSameOrigin(c: Context, config: Config): void {
  const origin = c.req.header("origin");
  const allowed = new Set([new URL(c.req.url).origin, ...config.STAFF_ALLOWED_ORIGINS]);
  if (!origin || !allowed.has(origin)) throw forbidden("This request must come from the staff panel's own origin");
}
