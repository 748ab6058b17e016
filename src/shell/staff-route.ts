import type { Context } from "hono";
import type { z } from "zod";
import { withDatabase, type Database } from "../adapters/db/client";
import type { App, AppBindings } from "./http-types";
import { getConfig, type Config } from "../core/config";
import { ApiError } from "../core/errors";
import { readJsonBody } from "./middleware/json-body";
import { authenticate } from "./middleware/staff-auth";
import { parseQuery } from "./routes/params";
import { requirePermission, type ServiceContext } from "../app/staff/context";
import type { RouteContract } from "../core/staff/contract/types";

type Parsed<S> = S extends z.ZodType ? z.infer<S> : undefined;

export interface RouteInput<C extends RouteContract> {
  c: Context<AppBindings>;
  config: Config;
  params: Parsed<C["params"]>;
  query: Parsed<C["query"]>;
  body: Parsed<C["body"]>;
}

export interface StaffRouteInput<C extends RouteContract> extends RouteInput<C> {
  /** The actor, the request's one database connection, the request id and address. */
  ctx: ServiceContext;
}

type Result = Promise<Response | object | null>;

/**
 * Registers a staff endpoint from its contract. In order: authentication (cookie or API token),
 * the contract's permission, then validation of path, query and body with the contract's
 * schemas; so a caller without access learns nothing about valid input. The handler gets one
 * database connection for the whole request and returns JSON (sent with the contract's status)
 * or a Response of its own.
 */
export function staffRoute<C extends RouteContract>(app: App, contract: C, handler: (input: StaffRouteInput<C>) => Result): void {
  app.on(contract.method.toUpperCase(), contract.path, async (c) => {
    const config = getConfig(c.env);
    return withDatabase(config, async (db) => {
      const actor = await authenticate(c, db, config);
      if (contract.permission) requirePermission(actor, contract.permission);
      const ctx: ServiceContext = { actor, db, requestId: c.get("requestId") ?? null, address: requestAddress(c, config) };
      const input = await parseInput(c, contract, config);
      return respond(c, contract, await handler({ ...input, ctx }));
    });
  });
}

/** The same for the few endpoints open to anyone (signing in). */
export function publicRoute<C extends RouteContract>(app: App, contract: C, handler: (input: RouteInput<C> & { db: Database }) => Result): void {
  app.on(contract.method.toUpperCase(), contract.path, async (c) => {
    const config = getConfig(c.env);
    const input = await parseInput(c, contract, config);
    return withDatabase(config, async (db) => respond(c, contract, await handler({ ...input, db })));
  });
}

/** The caller's address as the platform reports it (ADR 0015). */
export function requestAddress(c: Context, config: Pick<Config, "LOCAL_INSTANCE_ID">): string | null {
  return platformAddress(c.req.header("cf-connecting-ip"), config);
}

/**
 * Cloudflare sets `cf-connecting-ip` on every request and overwrites whatever the client sent, so
 * on the platform it is the caller's address. The local stack (`npm start`, which sets
 * LOCAL_INSTANCE_ID) has no such edge: wrangler dev keeps a client-sent header and fills in
 * 127.0.0.1 otherwise, so there the address is unknown (null) rather than the client's claim.
 */
export function platformAddress(header: string | undefined, config: Pick<Config, "LOCAL_INSTANCE_ID">): string | null {
  if (config.LOCAL_INSTANCE_ID) return null;
  const value = header?.trim();
  return value ? value.slice(0, 64) : null;
}

async function parseInput<C extends RouteContract>(c: Context<AppBindings>, contract: C, config: Config): Promise<RouteInput<C>> {
  // An empty body (a bare POST, as `curl -X POST` or `npm start`'s first sync sends) carries nothing to guard.
  if (contract.body && c.req.raw.body !== null && c.req.header("content-length") !== "0") assertJsonBody(c);
  const params = contract.params ? parseParams(contract.params, c.req.param() as Record<string, string>) : undefined;
  const query = contract.query ? parseQuery(contract.query, c.req.query()) : undefined;
  const body = contract.body ? await readJsonBody(c, contract.body, contract.maxBodyBytes ?? 16 * 1024, { emptyIsObject: true }) : undefined;
  return { c, config, params, query, body } as RouteInput<C>;
}

/**
 * A staff body must say it is JSON. A browser sends `text/plain`, form and multipart bodies to
 * another site without asking it first (a "simple" request); `application/json` needs a CORS
 * preflight this API never grants, so requiring it keeps other sites from posting here.
 */
function assertJsonBody(c: Context): void {
  const type = (c.req.header("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (type !== "application/json") {
    throw new ApiError(415, "UNSUPPORTED_MEDIA_TYPE", `Send the body as JSON with Content-Type: application/json (got ${type ? JSON.stringify(type.slice(0, 80)) : "none"})`);
  }
}

function parseParams(schema: z.ZodType, raw: Record<string, string>): unknown {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ApiError(400, "VALIDATION_FAILED", `Invalid path parameter ${issue?.path.join(".")}: ${issue?.message}`);
  }
  return parsed.data;
}

function respond(c: Context, contract: RouteContract, result: Response | object | null): Response {
  if (result instanceof Response) return result;
  if (result === null || contract.status === 204) return c.body(null, 204);
  return c.json(result, (contract.status ?? 200) as 200);
}
