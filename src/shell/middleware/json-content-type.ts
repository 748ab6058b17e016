import type { MiddlewareHandler } from "hono";
import { ApiError } from "../../core/errors";

/**
 * Refuses a request body that does not say it is JSON (`application/json`, any charset) with a 415,
 * before anything is read or stored. Wazzup and Telegram always send that type; a body of another
 * type is a probe or a misconfigured sender, and guessing its format would accept what it is not.
 */
export function requireJsonContentType(): MiddlewareHandler {
  return async function requireJsonContentTypeMiddleware(c, next) {
    const type = (c.req.header("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
    if (type !== "application/json") {
      throw new ApiError(415, "UNSUPPORTED_MEDIA_TYPE", `The body must be JSON sent as Content-Type: application/json (got ${type ? JSON.stringify(type.slice(0, 80)) : "none"})`);
    }
    await next();
  };
}
