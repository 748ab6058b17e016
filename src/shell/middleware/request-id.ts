import type { MiddlewareHandler } from "hono";

/**
 * Gives every request an id of our own, answered as `x-request-id` and written into every error
 * body and log line. A client-sent `cf-ray` is never taken as that id: anyone can send the header,
 * and an id the caller chose could collide with another request's or forge a log trail. The ray
 * Cloudflare puts on a real request is kept beside it (`cfRay`) for looking the request up there.
 */
export function ownRequestId(): MiddlewareHandler<{ Variables: { requestId: string; cfRay: string | undefined } }> {
  return async function requestIdMiddleware(c, next) {
    const id = crypto.randomUUID();
    c.set("requestId", id);
    c.set("cfRay", rayOf(c.req.header("cf-ray")));
    await next();
    c.header("x-request-id", id);
  };
}

/** A ray id is a short hex id plus a colo code ("8d2f1c3b5a6e7f90-DXB"); anything else is not logged. */
function rayOf(header: string | undefined): string | undefined {
  return header && /^[0-9a-f]{16}(-[A-Z]{3})?$/.test(header) ? header : undefined;
}
