import type { Context } from "hono";
import type { z } from "zod";
import { withDatabase, type Database } from "../adapters/db/client";
import type { App, AppBindings } from "../app";
import { getConfig, type Config } from "../config";
import { ApiError } from "../errors";
import { readJsonBody } from "../middleware/json-body";
import { authenticate } from "../middleware/staff-auth";
import { parseQuery } from "../routes/params";
import { requirePermission, type ServiceContext } from "./context";
import type { RouteContract } from "./contract/types";

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
      const ctx: ServiceContext = { actor, db, requestId: c.get("requestId") ?? null, address: requestAddress(c) };
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

/** The caller's address as Cloudflare reports it (absent locally, where nobody sets it). */
export function requestAddress(c: Context): string | null {
  return c.req.header("cf-connecting-ip") ?? null;
}

async function parseInput<C extends RouteContract>(c: Context<AppBindings>, contract: C, config: Config): Promise<RouteInput<C>> {
  const params = contract.params ? parseParams(contract.params, c.req.param() as Record<string, string>) : undefined;
  const query = contract.query ? parseQuery(contract.query, c.req.query()) : undefined;
  const body = contract.body ? await readJsonBody(c, contract.body, contract.maxBodyBytes ?? 16 * 1024, { emptyIsObject: true }) : undefined;
  return { c, config, params, query, body } as RouteInput<C>;
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
