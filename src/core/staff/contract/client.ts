import type { z } from "zod";
import { staffContract, type StaffContract, type StaffRouteName } from "./index";
import type { RouteContract } from "./types";

export type { InboxEvent } from "./events";
export type { StaffRouteName } from "./index";

type Input<S> = S extends z.ZodType ? z.input<S> : never;
type Field<C, K extends string> = C extends { [P in K]: infer S } ? S : undefined;
type Part<K extends string, S> = S extends z.ZodType ? (object extends z.input<S> ? { [P in K]?: z.input<S> } : { [P in K]: z.input<S> }) : unknown;

/** What a call takes: `params` (path), `query` and `body`, typed from the route's zod schemas. */
export type StaffArgs<N extends StaffRouteName> = Part<"params", Field<StaffContract[N], "params">> & Part<"query", Field<StaffContract[N], "query">> & Part<"body", Field<StaffContract[N], "body">>;
/** What a call resolves to: the route's response schema (dates arrive as ISO strings). */
export type StaffResult<N extends StaffRouteName> = z.output<StaffContract[N]["response"]>;
export type StaffBody<N extends StaffRouteName> = Input<Field<StaffContract[N], "body">>;

/** A non-2xx answer in the API's one error shape. */
export class StaffApiError extends Error {
  override name = "StaffApiError";
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly requestId: string | null,
    readonly retryAfterS: number | null,
    /** The error's `details`, e.g. `{ issues: [{ path, message }] }` for a body that failed validation. */
    readonly details: unknown = undefined,
  ) {
    super(message);
  }
}

export interface StaffClientOptions {
  /** The API's origin; empty for the panel, which serves /api/* on its own origin. */
  baseUrl?: string;
  /** ADMIN_API_TOKEN for scripts; the panel relies on the session cookie instead. */
  token?: string;
  fetch?: typeof fetch;
}

export type StaffClient = { [N in StaffRouteName]: {} extends StaffArgs<N> ? (args?: StaffArgs<N>) => Promise<StaffResult<N>> : (args: StaffArgs<N>) => Promise<StaffResult<N>> };

/**
 * The typed client of the staff API: one method per route of the contract (the same contract the
 * server validates with and the OpenAPI document is generated from), e.g.
 * `await client.listConversations({ query: { status: "waiting_for_human" } })`.
 */
export function createStaffClient(options: StaffClientOptions = {}): StaffClient {
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  const client: Record<string, (args?: { params?: Record<string, unknown>; query?: Record<string, unknown>; body?: unknown }) => Promise<unknown>> = {};
  for (const [name, route] of Object.entries(staffContract) as [string, RouteContract][]) {
    client[name] = async (args = {}) => {
      const path = route.path.replace(/:(\w+)/g, (_, key: string) => encodeURIComponent(String(args.params?.[key] ?? "")));
      const query = new URLSearchParams(Object.entries(args.query ?? {}).filter(([, v]) => v !== undefined && v !== null).map(([k, v]) => [k, String(v)]));
      const headers: Record<string, string> = {};
      if (options.token) headers.authorization = `Bearer ${options.token}`;
      if (args.body !== undefined) headers["content-type"] = "application/json";
      const response = await doFetch(`${options.baseUrl ?? ""}${path}${query.size ? `?${query}` : ""}`, {
        method: route.method.toUpperCase(),
        headers,
        ...(args.body !== undefined ? { body: JSON.stringify(args.body) } : {}),
      });
      if (response.status === 204) return null;
      const json = (await response.json().catch(() => null)) as { error?: { code: string; message: string; requestId: string; details?: unknown } } | null;
      if (!response.ok) {
        const retryAfter = response.headers.get("retry-after");
        throw new StaffApiError(response.status, json?.error?.code ?? "HTTP_ERROR", json?.error?.message ?? `HTTP ${response.status}`, json?.error?.requestId ?? null, retryAfter ? Number(retryAfter) : null, json?.error?.details);
      }
      return json;
    };
  }
  return client as unknown as StaffClient;
}
