import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { z } from "zod";
import { ConfigError } from "../core/config";
import { ApiError, errorBody } from "../core/errors";
import { describeError, log } from "../lib/log";
import { ownRequestId } from "./middleware/request-id";
import { StaffError } from "../core/staff/errors";
import type { App, AppBindings } from "./http-types";

export type { App, AppBindings };

/** A Hono app with the request id, the one JSON error shape, and 5xx logged once. */
export function createApp(): App {
  const app = new Hono<AppBindings>();
  app.use(ownRequestId());
  app.onError((error, c) => {
    const requestId = c.get("requestId") ?? crypto.randomUUID();
    const apiError = toApiError(error);
    if (apiError.status >= 500) {
      log("error", "http.error", { requestId, cfRay: c.get("cfRay"), path: c.req.path, status: apiError.status, ...describeError(error) });
    }
    const retryAfter: Record<string, string> = error instanceof StaffError && error.retryAfterS !== undefined ? { "retry-after": String(error.retryAfterS) } : {};
    return c.json(errorBody(apiError, requestId), apiError.status, { "x-request-id": requestId, ...retryAfter });
  });
  app.notFound((c) => {
    const requestId = c.get("requestId");
    return c.json(errorBody(new ApiError(404, "NOT_FOUND", `No route for ${c.req.method} ${c.req.path}`), requestId), 404);
  });
  return app;
}

function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof StaffError) return new ApiError(STAFF_ERROR_STATUS[error.kind], STAFF_ERROR_CODE[error.kind], error.message);
  if (error instanceof z.ZodError) {
    const issue = error.issues[0];
    return new ApiError(400, "VALIDATION_FAILED", `Invalid input${issue ? `: ${issue.path.join(".") || "(root)"} ${issue.message}` : ""}`);
  }
  if (error instanceof ConfigError) return new ApiError(503, "NOT_CONFIGURED", error.message);
  if (error instanceof HTTPException) {
    const code = error.status === 413 ? "PAYLOAD_TOO_LARGE" : error.status === 401 ? "UNAUTHORIZED" : "BAD_REQUEST";
    return new ApiError(error.status, code, error.message || "Request rejected");
  }
  return new ApiError(500, "INTERNAL", "Internal error; it has been logged with this request id");
}

/** The staff services' transport-free errors as HTTP: the one place that maps them. */
const STAFF_ERROR_STATUS = { unauthenticated: 401, forbidden: 403, not_found: 404, conflict: 409, invalid: 400, throttled: 429 } as const;
const STAFF_ERROR_CODE = { unauthenticated: "UNAUTHORIZED", forbidden: "FORBIDDEN", not_found: "NOT_FOUND", conflict: "CONFLICT", invalid: "BAD_REQUEST", throttled: "TOO_MANY_REQUESTS" } as const;
