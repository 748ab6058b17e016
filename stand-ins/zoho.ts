import { randomBytes } from "node:crypto";
import { z } from "zod";
import { sleep, startJsonServer, type JsonRequest, type JsonResponse, type StandInServer } from "./http";
import { parseZohoTime, zohoTime, type ZohoItem } from "./zoho-catalog";
import { createZohoCrm } from "./zoho-crm";
import { createZohoOrders } from "./zoho-orders";

/**
 * Zoho Accounts + Zoho Inventory stand-in on one server (ZOHO_ACCOUNTS_URL and ZOHO_API_DOMAIN
 * both point at it). Accounts: `POST /oauth/v2/token` refresh-token grant with Zoho's quirks
 * (errors come back as HTTP 200; too many grants in 10 minutes gives "Access Denied"). Inventory:
 * `GET /inventory/v1/items` (paged, filtered, sorted) and `GET /inventory/v1/items/:id`, plus
 * contacts and sales orders (zoho-orders.ts), behind `Authorization: Zoho-oauthtoken`,
 * `organization_id` and a per-minute rate limit. CRM: `/crm/v6/` upserts and reads of Contacts and
 * Deals (zoho-crm.ts) with the same tokens and limits of its own.
 * A control API under `/__control` lets tests edit the catalog, read the request log and the
 * records written, inject failures and revoke tokens.
 */
export interface ZohoStandInOptions {
  clientId: string;
  clientSecret: string;
  refreshToken: string;
  organizationId: string;
  port?: number;
  items?: ZohoItem[];
  /** Inventory API calls allowed in a rolling 60 s (the token endpoint is not counted). Default 100. */
  requestsPerMinute?: number;
  /** Lifetime of issued access tokens. Default 3600. */
  tokenTtlSeconds?: number;
  /** Successful refresh-token grants allowed in a rolling 10 minutes. Default 10. */
  tokenGrantsPer10Minutes?: number;
  /** CRM API calls allowed in a rolling 60 s, counted apart from Inventory's. Default 100. */
  crmRequestsPerMinute?: number;
  /** CRM requests allowed in flight at once; only bites with `crmLatencyMs`. Default 10. */
  crmConcurrency?: number;
  /** How long each CRM request takes to answer. Default 0 (at once). */
  crmLatencyMs?: number;
  /** Keeps the last sale-order number here, so a restart never numbers from SO-00001 again. */
  salesOrderNumberFile?: string;
}

export interface ZohoRecordedRequest {
  seq: number;
  /** Epoch ms. */
  at: number;
  method: string;
  path: string;
  query: Record<string, string>;
  status: number;
  /** The parsed JSON body of a POST, when it had one. */
  body?: unknown;
}

export interface ZohoStandIn extends StandInServer {
  /** The catalog by item_id, as stored (tests may store malformed items on purpose). Replace items rather than mutating them in place. */
  items: Map<string, ZohoItem>;
  /**
   * Token, Inventory and CRM requests in arrival order (control requests are not logged). `seq` and
   * `at` are taken on arrival; a delayed request is added, in seq order, when answered.
   */
  requests: ZohoRecordedRequest[];
}

const TOKEN_PATH = "/oauth/v2/token";
const API_PREFIX = "/inventory/v1/";
const CRM_PREFIX = "/crm/v6/";
const GRANT_WINDOW_MS = 10 * 60_000;
const RATE_WINDOW_MS = 60_000;

const SORT_COLUMNS = ["created_time", "last_modified_time", "name", "sku"] as const;
const FILTERS = { "Status.All": undefined, "Status.Active": "active", "Status.Inactive": "inactive" } as const;

/** Items are stored as given: only item_id is required so tests can serve malformed items. */
const storedItemSchema = z.object({ item_id: z.union([z.string().min(1), z.number()]) }).passthrough();
const itemsBodySchema = z.object({ items: z.array(storedItemSchema) });
/** An injected answer; `method` and `bodyContains` let parallel tests aim at their own requests only. */
const failureSchema = z.object({
  path: z.string().startsWith("/"),
  page: z.number().int().min(1).optional(),
  method: z.string().min(1).toUpperCase().optional(),
  bodyContains: z.string().min(1).optional(),
  /** Wait this long before answering (to make clients time out). */
  delayMs: z.number().int().min(0).max(60_000).optional(),
  status: z.number().int().min(100).max(599),
  body: z.unknown().optional(),
  raw: z.string().optional(),
  headers: z.record(z.string(), z.string()).optional(),
  times: z.number().int().min(1).default(1),
});
type Failure = z.infer<typeof failureSchema>;

const zohoError = (status: number, code: number, message: string, headers?: Record<string, string>): JsonResponse => ({
  status,
  body: { code, message },
  headers,
});
const invalidValue = (name: string) => zohoError(400, 2, `Invalid value passed for ${name}`);
const badControl = (description: string): JsonResponse => ({ status: 400, body: { error: "BAD_CONTROL_REQUEST", description } });

export async function startZohoStandIn(options: ZohoStandInOptions): Promise<ZohoStandIn> {
  const requestsPerMinute = options.requestsPerMinute ?? 100;
  const tokenTtlSeconds = options.tokenTtlSeconds ?? 3600;
  const grantsAllowed = options.tokenGrantsPer10Minutes ?? 10;

  const items = new CatalogMap();
  const requests: ZohoRecordedRequest[] = [];
  const tokens = new Map<string, number>(); // access token -> expiry (epoch ms)
  const grantTimes: number[] = []; // successful grants, for the 10-minute limit
  const apiTimes: number[] = []; // API calls, for the per-minute limit
  const failures: Failure[] = [];
  let tokenGrants = 0;
  let apiCalls = 0;
  let crmCalls = 0;
  let seq = 0;
  let url = "";

  // Sorted/filtered listings are cached until the catalog changes, so paging 10,000 items stays cheap.
  let listingCache: { key: string; version: number; list: ZohoItem[] } | undefined;
  const replaceItems = (next: readonly ZohoItem[]) => {
    items.clear();
    for (const item of next) items.set(String(item.item_id), item);
  };
  replaceItems(options.items ?? []);

  const withinWindow = (times: number[], windowMs: number, now: number) => {
    while (times.length > 0 && times[0]! <= now - windowMs) times.shift();
    return times.length;
  };

  // --- Zoho Accounts -------------------------------------------------------------------------
  const grantToken = (request: JsonRequest): JsonResponse => {
    const params = new URLSearchParams(request.query);
    if (String(request.headers["content-type"] ?? "").includes("application/x-www-form-urlencoded")) {
      for (const [key, value] of new URLSearchParams(request.rawBody)) params.set(key, value);
    }
    // Zoho answers OAuth errors with HTTP 200 and an `error` field.
    if (params.get("grant_type") !== "refresh_token") return { status: 200, body: { error: "unsupported_grant_type" } };
    if (params.get("client_id") !== options.clientId || params.get("client_secret") !== options.clientSecret) {
      return { status: 200, body: { error: "invalid_client" } };
    }
    if (params.get("refresh_token") !== options.refreshToken) return { status: 200, body: { error: "invalid_code" } };
    const now = Date.now();
    if (withinWindow(grantTimes, GRANT_WINDOW_MS, now) >= grantsAllowed) {
      return {
        status: 200,
        body: {
          error: "Access Denied",
          error_description: "You have made too many requests continuously. Please try again after some time.",
          status: "failure",
        },
      };
    }
    grantTimes.push(now);
    tokenGrants++;
    const accessToken = `1000.${randomBytes(16).toString("hex")}.${randomBytes(16).toString("hex")}`;
    tokens.set(accessToken, now + tokenTtlSeconds * 1000);
    return {
      status: 200,
      body: { access_token: accessToken, expires_in: tokenTtlSeconds, api_domain: url, token_type: "Bearer", scope: "ZohoInventory.fullaccess.all" },
    };
  };

  /** Whether the request carries a live access token (Inventory and CRM alike). */
  const authorized = (request: JsonRequest): boolean => {
    const header = request.headers.authorization;
    const token = typeof header === "string" ? /^Zoho-oauthtoken\s+(\S+)$/i.exec(header)?.[1] : undefined;
    const expiresAt = token ? tokens.get(token) : undefined;
    return expiresAt !== undefined && expiresAt > Date.now();
  };

  // --- Zoho Inventory ------------------------------------------------------------------------
  const orders = createZohoOrders(items, options.salesOrderNumberFile ? { salesOrderNumberFile: options.salesOrderNumberFile } : {});

  const itemsRoute = (request: JsonRequest): (() => JsonResponse) | undefined => {
    if (request.method !== "GET") return undefined;
    const itemMatch = /^\/inventory\/v1\/items(?:\/([^/]+))?$/.exec(request.path);
    if (!itemMatch) return undefined;
    if (itemMatch[1] === undefined) return () => listItems(request.query);
    const id = itemMatch[1];
    return () => {
      const item = items.get(decodeURIComponent(id));
      return item ? { status: 200, body: { code: 0, message: "success", item } } : zohoError(404, 1002, "Item does not exist.");
    };
  };

  const inventory = (request: JsonRequest): JsonResponse | undefined => {
    const handler = itemsRoute(request) ?? orders.route(request);
    if (!handler) return undefined;

    const now = Date.now();
    if (!authorized(request)) return zohoError(401, 14, "Invalid OAuth token.");
    if (request.query.get("organization_id") !== options.organizationId) return zohoError(400, 6041, "Invalid value passed for organization_id");
    if (withinWindow(apiTimes, RATE_WINDOW_MS, now) >= requestsPerMinute) {
      const retryAfter = Math.max(1, Math.ceil((apiTimes[0]! + RATE_WINDOW_MS - now) / 1000));
      return zohoError(429, 44, "You have made too many requests. Please try after some time.", { "Retry-After": String(retryAfter) });
    }
    apiTimes.push(now);
    return handler();
  };

  const listItems = (query: URLSearchParams): JsonResponse => {
    const page = positiveInt(query.get("page") ?? "1");
    if (page === undefined) return invalidValue("page");
    const perPage = positiveInt(query.get("per_page") ?? "200");
    if (perPage === undefined || perPage > 200) return invalidValue("per_page");
    const sortColumn = query.get("sort_column") ?? "created_time";
    if (!(SORT_COLUMNS as readonly string[]).includes(sortColumn)) return invalidValue("sort_column");
    const sortOrder = query.get("sort_order") ?? "A";
    if (sortOrder !== "A" && sortOrder !== "D") return invalidValue("sort_order");
    const filter = query.get("filter_by") ?? "Status.All";
    if (!(filter in FILTERS)) return invalidValue("filter_by");
    const sinceText = query.get("last_modified_time");
    const since = sinceText === null ? undefined : parseZohoTime(sinceText);
    if (since !== undefined && Number.isNaN(since)) return invalidValue("last_modified_time");

    const list = listing(sortColumn as (typeof SORT_COLUMNS)[number], sortOrder, FILTERS[filter as keyof typeof FILTERS], since);
    const start = (page - 1) * perPage;
    return {
      status: 200,
      body: {
        code: 0,
        message: "success",
        items: list.slice(start, start + perPage),
        page_context: {
          page,
          per_page: perPage,
          has_more_page: start + perPage < list.length,
          report_name: "Items",
          applied_filter: filter,
          sort_column: sortColumn,
          sort_order: sortOrder,
        },
      },
    };
  };

  const listing = (column: (typeof SORT_COLUMNS)[number], order: "A" | "D", status: string | undefined, since: number | undefined): ZohoItem[] => {
    const key = `${column}|${order}|${status}|${since}`;
    if (listingCache?.key === key && listingCache.version === items.version) return listingCache.list;
    const isTime = column === "created_time" || column === "last_modified_time";
    const keyed: { item: ZohoItem; sortKey: number | string; id: string }[] = [];
    for (const item of items.values()) {
      if (status && item.status !== status) continue;
      if (since !== undefined && !(parseZohoTime(String(item.last_modified_time)) >= since)) continue;
      const raw = item[column] as unknown;
      const time = isTime ? parseZohoTime(String(raw)) : 0;
      keyed.push({ item, sortKey: isTime ? (Number.isNaN(time) ? -Infinity : time) : String(raw ?? ""), id: String(item.item_id) });
    }
    const sign = order === "A" ? 1 : -1;
    keyed.sort((a, b) => sign * (compare(a.sortKey, b.sortKey) || compare(a.id, b.id)));
    const list = keyed.map((entry) => entry.item);
    listingCache = { key, version: items.version, list };
    return list;
  };

  // --- Zoho CRM ------------------------------------------------------------------------------
  const crm = createZohoCrm({
    requestsPerMinute: options.crmRequestsPerMinute ?? 100,
    concurrency: options.crmConcurrency ?? 10,
    latencyMs: options.crmLatencyMs ?? 0,
    authorized,
  });

  // --- Injected failures and the request log -------------------------------------------------
  const injectedFailure = (request: JsonRequest): Promise<JsonResponse> | JsonResponse | undefined => {
    const page = Number(request.query.get("page") ?? 1);
    const index = failures.findIndex(
      (f) =>
        request.path.startsWith(f.path) &&
        (f.page === undefined || f.page === page) &&
        (f.method === undefined || f.method === request.method.toUpperCase()) &&
        (f.bodyContains === undefined || request.rawBody.includes(f.bodyContains)),
    );
    if (index < 0) return undefined;
    const failure = failures[index]!;
    if (--failure.times <= 0) failures.splice(index, 1);
    const response: JsonResponse =
      failure.raw !== undefined
        ? { status: failure.status, body: null, raw: Buffer.from(failure.raw), headers: { "content-type": "text/html; charset=UTF-8", ...failure.headers } }
        : { status: failure.status, body: failure.body ?? { code: failure.status, message: "Stand-in injected failure" }, headers: failure.headers };
    return failure.delayMs ? sleep(failure.delayMs).then(() => response) : response;
  };

  const zohoRoutes = async (request: JsonRequest): Promise<JsonResponse | undefined> => {
    const isToken = request.path === TOKEN_PATH && request.method === "POST";
    const isApi = request.path.startsWith(API_PREFIX);
    const isCrm = request.path.startsWith(CRM_PREFIX);
    if (!isToken && !isApi && !isCrm) return undefined;
    if (isApi) apiCalls++;
    if (isCrm) crmCalls++;
    const arrival = { seq: ++seq, at: Date.now() };
    const response = await (injectedFailure(request) ?? (isToken ? grantToken(request) : isApi ? inventory(request) : crm.route(request)));
    const entry: ZohoRecordedRequest = {
      ...arrival,
      method: request.method,
      path: request.path,
      query: Object.fromEntries(request.query),
      status: response?.status ?? 404, // undefined: no such route, answered 404 and recorded as unexpected
      ...(request.method === "POST" && request.body !== undefined && { body: request.body }),
    };
    let at = requests.length;
    while (at > 0 && requests[at - 1]!.seq > entry.seq) at--;
    requests.splice(at, 0, entry);
    return response;
  };

  // --- Control API -----------------------------------------------------------------------------
  const control = (request: JsonRequest): JsonResponse | undefined => {
    if (!request.path.startsWith("/__control/")) return undefined;
    const { method, path } = request;
    // tokenGrants: access tokens issued; apiCalls / crmCalls: requests under /inventory/v1/ / /crm/v6/, whatever their answer.
    if (method === "GET" && path === "/__control/requests") return { status: 200, body: { requests, tokenGrants, apiCalls, crmCalls } };
    if (method === "POST" && path === "/__control/requests/reset") {
      requests.length = 0;
      grantTimes.length = 0;
      apiTimes.length = 0;
      tokenGrants = 0;
      apiCalls = 0;
      crmCalls = 0;
      return { status: 200, body: { ok: true } };
    }
    if (method === "GET" && path === "/__control/items") return { status: 200, body: { items: [...items.values()] } };
    if ((method === "PUT" || method === "POST") && path === "/__control/items") {
      const parsed = itemsBodySchema.safeParse(request.body);
      if (!parsed.success) return badControl(z.prettifyError(parsed.error));
      const given = parsed.data.items;
      if (method === "PUT") {
        replaceItems(given as unknown as ZohoItem[]);
        return { status: 200, body: { count: items.size } };
      }
      // Upsert: given fields replace stored ones; a change is "modified now" unless the item says when.
      const now = zohoTime(new Date());
      for (const item of given) {
        const id = String(item.item_id);
        const existing = items.get(id);
        items.set(id, { ...(existing ?? { created_time: now }), last_modified_time: now, ...item } as unknown as ZohoItem);
      }
      return { status: 200, body: { count: items.size } };
    }
    const deleteMatch = /^\/__control\/items\/([^/]+)$/.exec(path);
    if (method === "DELETE" && deleteMatch) {
      if (!items.delete(decodeURIComponent(deleteMatch[1]!))) return { status: 404, body: { error: "NOT_FOUND", description: "No such item" } };
      return { status: 200, body: { ok: true } };
    }
    if (method === "POST" && path === "/__control/failures") {
      const parsed = z.object({ failures: z.array(failureSchema) }).safeParse(request.body);
      if (!parsed.success) return badControl(z.prettifyError(parsed.error));
      failures.push(...parsed.data.failures);
      return { status: 201, body: { pending: failures.length } };
    }
    if (method === "DELETE" && path === "/__control/failures") {
      // `?bodyContains=` removes only the failures a test aimed at its own records (tests run in parallel).
      const only = request.query.get("bodyContains");
      const kept = only === null ? [] : failures.filter((f) => f.bodyContains !== only);
      const removed = failures.length - kept.length;
      failures.splice(0, failures.length, ...kept);
      return { status: 200, body: { ok: true, removed } };
    }
    // Records the API wrote: Inventory contacts and sales orders, CRM Contacts and Deals (the catalog stays).
    const records = orders.control(request) ?? crm.control(request);
    if (records) return records;
    if (method === "DELETE" && path === "/__control/records") {
      orders.clear();
      crm.clear();
      return { status: 200, body: { ok: true } };
    }
    if (method === "POST" && path === "/__control/tokens/revoke") {
      const revoked = tokens.size;
      tokens.clear();
      return { status: 200, body: { revoked } };
    }
    return undefined;
  };

  const server = await startJsonServer("zoho", [control, zohoRoutes], options.port);
  url = server.url;
  return { ...server, items, requests };
}

/** The catalog map; it counts changes so cached listings notice tests editing `items` directly. */
class CatalogMap extends Map<string, ZohoItem> {
  version = 0;
  override set(key: string, value: ZohoItem): this {
    this.version++;
    return super.set(key, value);
  }
  override delete(key: string): boolean {
    this.version++;
    return super.delete(key);
  }
  override clear(): void {
    this.version++;
    super.clear();
  }
}

function positiveInt(text: string): number | undefined {
  return /^\d+$/.test(text) && Number(text) >= 1 ? Number(text) : undefined;
}

function compare(a: number | string, b: number | string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
