import { z } from "zod";
import { requireSetting, type Config } from "../../config";
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

export interface ZohoClientOptions {
  config: Config;
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
 * Zoho Inventory over HTTPS: the token from the shared source, `organization_id` on every call,
 * the pace the organization allows, one token refresh on 401, and backoff on 429/5xx (honouring
 * Retry-After). Failures surface as `ZohoError` carrying Zoho's own `{code, message}`.
 */
export class ZohoInventoryClient {
  /** HTTP requests made, retries included: sync runs record it. */
  requests = 0;
  private readonly fetchFn: typeof fetch;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: ZohoClientOptions) {
    this.fetchFn = options.fetch ?? ((input, init) => fetch(input, init));
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

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

  async call<S extends z.ZodType>(method: string, path: string, query: Record<string, string>, schema: S, body?: unknown): Promise<z.output<S>> {
    const { config } = this.options;
    const organizationId = requireSetting(config, "ZOHO_ORGANIZATION_ID");
    const maxAttempts = config.ZOHO_MAX_ATTEMPTS;
    let rejected: string | undefined;
    let refreshed = false;
    for (let attempt = 1; ; attempt++) {
      const token = await this.options.tokens.get(rejected);
      await this.options.pacer.wait();
      const url = new URL(`${(config.ZOHO_API_DOMAIN ?? token.apiDomain ?? DEFAULT_API_DOMAIN).replace(/\/$/, "")}/inventory/v1${path}`);
      url.searchParams.set("organization_id", organizationId);
      for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
      const outcome = await this.attempt(method, url, token.token, body);
      if (outcome.ok) {
        const parsed = schema.safeParse(outcome.body);
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
      const backoff = Math.min((error.details.retryAfterMs ?? config.ZOHO_RETRY_BASE_MS * 2 ** (attempt - 1)) + Math.random() * config.ZOHO_RETRY_BASE_MS * 0.2, 120_000);
      // A 429 concerns the whole organization: the pacer makes every caller wait; other failures wait here.
      if (error.kind === "rate_limited") await this.options.pacer.hold(backoff);
      else await this.sleep(backoff);
    }
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
