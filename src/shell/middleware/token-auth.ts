import type { MiddlewareHandler } from "hono";
import { getConfig, type SettingName } from "../../core/config";
import { ApiError } from "../../core/errors";
import { secretsMatch } from "../../lib/secure-compare";

export interface TokenAuthOptions {
  /** The setting holding the expected token. */
  setting: Extract<SettingName, "WAZZUP_WEBHOOK_TOKEN" | "ADMIN_API_TOKEN">;
  /** Also accept the token in this query parameter (Wazzup cannot set headers unless a crmKey is set). */
  queryParam?: string;
}

/**
 * Authenticates a request by a high-entropy shared token, from `Authorization: Bearer <token>`
 * or, when allowed, a query parameter. Constant-time comparison; an unconfigured token refuses
 * every request rather than opening the endpoint.
 */
export function tokenAuth(options: TokenAuthOptions): MiddlewareHandler {
  return async function tokenAuthMiddleware(c, next) {
    const expected = getConfig(c.env as object)[options.setting];
    if (!expected) {
      throw new ApiError(503, "NOT_CONFIGURED", `${options.setting} is not set; this endpoint refuses all requests until it is`);
    }
    const header = c.req.header("authorization") ?? "";
    const bearer = /^Bearer\s+(.+)$/i.exec(header)?.[1]?.trim();
    const presented = bearer ?? (options.queryParam ? c.req.query(options.queryParam) : undefined);
    if (!presented || !(await secretsMatch(presented, expected))) {
      throw new ApiError(401, "UNAUTHORIZED", "Missing or invalid token");
    }
    await next();
  };
}
