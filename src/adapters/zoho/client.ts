import { z } from "zod";
import { requireSetting, type Config } from "../../core/config";
import { ZohoError, zohoErrorText } from "./errors";
import type { ZohoAccessToken } from "./oauth";

/** Hands out the shared access token; `rejected` names one Zoho refused, so a fresh one is needed. */
export interface ZohoTokenSource {
  get(rejected?: string): Promise<ZohoAccessToken>;
}

/** Paces calls under the organization's per-minute limit: resolves when the call may go. */
export interface ZohoPacer {
  wait(): Promise<void>;
  /** Zoho answered 429: hold every caller's next call back this long. */
  hold(ms: number): Promise<void>;
}

/** Zoho's APIs we call: Inventory (per-organization, `organization_id` on every call) and CRM. */
export type ZohoApi = "inventory" | "crm";
const API_PATHS: Record<ZohoApi, string> = { inventory: "/inventory/v1", crm: "/crm/v6" };

export interface ZohoClientOptions {
  config: Config;
  /** Default `inventory`. */
  api?: ZohoApi;
  tokens: ZohoTokenSource;
  pacer: ZohoPacer;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
}

/** Zoho's 401 code for a token without the needed scope: refreshing cannot help. */
const MISSING_SCOPE = 57;
/** Zoho Inventory's code for "the record does not exist". */
const RECORD_NOT_FOUND = 1002;
const DEFAULT_API_DOMAIN = "https://www.zohoapis.com";
/** One Zoho request; a timeout is `unavailable` (retried, and for a write looked up before writing again). */
const ZOHO_TIMEOUT_MS = 30_000;

const itemsPageSchema = z.object({
  items: z.array(z.unknown()),
  page_context: z.object({ has_more_page: z.boolean() }).passthrough(),
});
const itemSchema = z.object({ item: z.unknown() });

export interface ItemsPage {
  items: unknown[];
  hasMore: boolean;
}

/**
 * A Zoho API over HTTPS: the token from the shared source, `organization_id` on every Inventory
 * call, the pace the organization allows, one token refresh on 401, and backoff on 429/5xx
 * (honouring Retry-After). Failures surface as `ZohoError` carrying Zoho's own `{code, message}`.
 */
export class ZohoClient {
  /** HTTP requests made, retries included: sync runs record it. */
  requests = 0;
  private readonly fetchFn: typeof fetch;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: ZohoClientOptions) {
    this.fetchFn = options.fetch ?? ((input, init) => fetch(input, init));
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /**
   * One API call with retries. A write is repeated only when Zoho certainly did not act on it (429,
   * a refused token); after a 5xx, a dropped connection or a garbled answer it may have, so the
   * error goes to the caller, whose job checks for the record before writing again. `retrySafe`
   * marks writes that are idempotent in themselves (CRM upserts).
   */
  async call<S extends z.ZodType>(method: string, path: string, query: Record<string, string>, schema: S, body?: unknown, options: { retrySafe?: boolean } = {}): Promise<z.output<S>> {
    const { config } = this.options;
    const retrySafe = options.retrySafe ?? method === "GET";
    const api = this.options.api ?? "inventory";
    const organizationId = api === "inventory" ? requireSetting(config, "ZOHO_ORGANIZATION_ID") : undefined;
    const maxAttempts = config.ZOHO_MAX_ATTEMPTS;
    let rejected: string | undefined;
    let refreshed = false;
    for (let attempt = 1; ; attempt++) {
      const token = await this.options.tokens.get(rejected);
      await this.options.pacer.wait();
      const url = new URL(`${(config.ZOHO_API_DOMAIN ?? token.apiDomain ?? DEFAULT_API_DOMAIN).replace(/\/$/, "")}${API_PATHS[api]}${path}`);
      if (organizationId) url.searchParams.set("organization_id", organizationId);
      for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
      const outcome = await this.attempt(method, url, token.token, body);
      if (outcome.ok) {
        const parsed = schema.safeParse(outcome.body);
        // A 2xx whose body we cannot read: for a write, Zoho may well have made the record.
        if (!parsed.success) throw new ZohoError("malformed", `Zoho ${method} ${path} answered an unexpected shape: ${parsed.error.issues[0]?.message ?? "invalid"}`);
        return parsed.data;
      }
      const error = outcome.error;
      if (error.kind === "auth" && error.details.code !== MISSING_SCOPE && !refreshed) {
        // The token expired or was revoked early: get a fresh one once, without spending an attempt.
        rejected = token.token;
        refreshed = true;
        attempt--;
        continue;
      }
      if (!error.retryable || attempt >= maxAttempts) throw error;
      if (!retrySafe && error.kind !== "rate_limited") throw error;
      const backoff = Math.min((error.details.retryAfterMs ?? config.ZOHO_RETRY_BASE_MS * 2 ** (attempt - 1)) + Math.random() * config.ZOHO_RETRY_BASE_MS * 0.2, 120_000);
      // A 429 concerns the whole organization: the pacer makes every caller wait; other failures wait here.
      if (error.kind === "rate_limited") await this.options.pacer.hold(backoff);
      else await this.sleep(backoff);
    }
  }

  /**
   * A binary answer (a PDF): one attempt, plus one token refresh on 401. Callers have a fallback,
   * so this does not retry; a failure is a ZohoError.
   */
  async fetchBinary(path: string, query: Record<string, string>): Promise<{ bytes: ArrayBuffer; contentType: string }> {
    const { config } = this.options;
    const api = this.options.api ?? "inventory";
    let rejected: string | undefined;
    for (let attempt = 1; attempt <= 2; attempt++) {
      const token = await this.options.tokens.get(rejected);
      await this.options.pacer.wait();
      const url = new URL(`${(config.ZOHO_API_DOMAIN ?? token.apiDomain ?? DEFAULT_API_DOMAIN).replace(/\/$/, "")}${API_PATHS[api]}${path}`);
      if (api === "inventory") url.searchParams.set("organization_id", requireSetting(config, "ZOHO_ORGANIZATION_ID"));
      for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
      this.requests++;
      const response = await this.fetchFn(url.toString(), { headers: { authorization: `Zoho-oauthtoken ${token.token}` }, signal: AbortSignal.timeout(ZOHO_TIMEOUT_MS) }).catch((error: unknown) => {
        throw new ZohoError("unavailable", `Zoho GET ${path} failed: ${error instanceof Error ? error.message : String(error)}`);
      });
      if (response.status === 401 && attempt === 1) {
        rejected = token.token;
        await response.body?.cancel();
        continue;
      }
      const contentType = response.headers.get("content-type") ?? "";
      if (!response.ok || contentType.includes("json")) {
        await response.body?.cancel();
        throw new ZohoError(response.status >= 500 ? "unavailable" : "api", `Zoho GET ${path} answered HTTP ${response.status} (${contentType || "no type"})`, { status: response.status });
      }
      return { bytes: await response.arrayBuffer(), contentType };
    }
    throw new ZohoError("auth", `Zoho GET ${path}: the token was refused twice`);
  }

  private async attempt(method: string, url: URL, token: string, body: unknown): Promise<{ ok: true; body: unknown } | { ok: false; error: ZohoError }> {
    const what = `Zoho ${method} ${url.pathname}`;
    this.requests++;
    let response: Response;
    try {
      response = await this.fetchFn(url.toString(), {
        method,
        headers: { authorization: `Zoho-oauthtoken ${token}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        // A hung connection must not hold a queue consumer (or a customer's turn) for minutes.
        signal: AbortSignal.timeout(ZOHO_TIMEOUT_MS),
      });
    } catch (error) {
      return { ok: false, error: new ZohoError("unavailable", `${what} failed: ${error instanceof Error ? error.message : String(error)}`) };
    }
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : {};
    } catch {
      // An HTML page from a proxy or a truncated answer: transient when 5xx or 2xx, a refusal when 4xx.
      const status = response.status;
      const kind = status === 429 ? "rate_limited" : status === 401 ? "auth" : status >= 400 && status < 500 ? "api" : status >= 500 ? "unavailable" : "malformed";
      return { ok: false, error: new ZohoError(kind, `${what} answered HTTP ${status} with a body that is not JSON`, { status, ...retryAfter(response) }) };
    }
    const { code, message } = zohoErrorText(parsed);
    const detail = `${what} answered HTTP ${response.status}${code !== undefined ? ` code ${code}` : ""}: ${message ?? "no message"}`;
    const status = response.status;
    if (status === 429) return { ok: false, error: new ZohoError("rate_limited", detail, { status, ...(code !== undefined ? { code } : {}), ...retryAfter(response) }) };
    if (status >= 500) return { ok: false, error: new ZohoError("unavailable", detail, { status, ...(code !== undefined ? { code } : {}), ...retryAfter(response) }) };
    if (status === 401 || code === "INVALID_TOKEN") return { ok: false, error: new ZohoError("auth", detail, { status, ...(code !== undefined ? { code } : {}) }) };
    // Zoho says a record does not exist with its own code; a bare 404 is a wrong URL, not a deleted item.
    if (status === 404 && (code === RECORD_NOT_FOUND || /does not exist/i.test(message ?? ""))) return { ok: false, error: new ZohoError("not_found", detail, { status, code: code ?? RECORD_NOT_FOUND }) };
    if (!response.ok) return { ok: false, error: new ZohoError("api", detail, { status, ...(code !== undefined ? { code } : {}) }) };
    if (code !== undefined && code !== 0) return { ok: false, error: new ZohoError("api", detail, { status, code }) };
    return { ok: true, body: parsed };
  }
}

function retryAfter(response: Response): { retryAfterMs?: number } {
  const header = response.headers.get("retry-after");
  const seconds = header ? Number(header) : Number.NaN;
  return Number.isFinite(seconds) && seconds >= 0 ? { retryAfterMs: Math.min(seconds * 1000, 120_000) } : {};
}

/** Zoho Inventory: catalog items (sale orders and contacts are in `sales.ts`). */
export class ZohoInventoryClient extends ZohoClient {
  /** One page of items, oldest first so pages stay stable while the catalog changes. */
  async listItems(page: number, options: { perPage?: number; modifiedSince?: string } = {}): Promise<ItemsPage> {
    const query: Record<string, string> = {
      page: String(page),
      per_page: String(options.perPage ?? 200),
      sort_column: "created_time",
      sort_order: "A",
      filter_by: "Status.All",
    };
    if (options.modifiedSince) query.last_modified_time = options.modifiedSince;
    const body = await this.call("GET", "/items", query, itemsPageSchema);
    return { items: body.items, hasMore: body.page_context.has_more_page };
  }

  /** One item by Zoho id, or null when Zoho says it does not exist. */
  async getItem(itemId: string): Promise<unknown | null> {
    try {
      return (await this.call("GET", `/items/${encodeURIComponent(itemId)}`, {}, itemSchema)).item;
    } catch (error) {
      if (error instanceof ZohoError && error.kind === "not_found") return null;
      throw error;
    }
  }
}

/** Zoho CRM: the same token and gateway, its own pace (see `zohoCrm`). */
export class ZohoCrmClient extends ZohoClient {
  constructor(options: Omit<ZohoClientOptions, "api">) {
    super({ ...options, api: "crm" });
  }
}
