import type { Hono } from "hono";

/** What every route sees of a request: the Worker's bindings and our own request id. */
export interface AppBindings {
  Bindings: Env;
  Variables: { requestId: string; cfRay: string | undefined };
}

/** The Worker's Hono app; routes register themselves on it (src/shell/routes). */
export type App = Hono<AppBindings>;
