import { z } from "zod";
import { requireSetting, type Config } from "../../core/config";
import { ZohoError } from "./errors";

export interface ZohoAccessToken {
  token: string;
  /** Where the API lives for this account's data centre. */
  apiDomain: string | null;
  expiresAt: number;
}

const grantSchema = z.object({
  access_token: z.string().min(1),
  expires_in: z.coerce.number().positive().default(3600),
  /** Older Zoho answers give seconds here and milliseconds in `expires_in`. */
  expires_in_sec: z.coerce.number().positive().optional(),
  api_domain: z.string().url().optional(),
});

/** Zoho answers refusals with HTTP 200 and `{error, error_description}`. */
const refusalSchema = z.object({ error: z.string(), error_description: z.string().optional() });

/** Zoho allows 10 new access tokens per refresh token per 10 minutes; beyond it, "Access Denied". */
export const TOKEN_GRANT_WINDOW_MS = 10 * 60_000;
export const TOKEN_GRANTS_PER_WINDOW = 10;

/**
 * One refresh-token grant: `POST {ZOHO_ACCOUNTS_URL}/oauth/v2/token?grant_type=refresh_token&…`.
 * Only the shared token holder (the Zoho gateway object) calls this, so all workers share a
 * token and the 10-per-10-minutes budget is never spent by accident.
 */
export async function grantAccessToken(config: Config, fetchFn: typeof fetch = (input, init) => fetch(input, init)): Promise<ZohoAccessToken> {
  const params = new URLSearchParams({
    grant_type: "refresh_token",
    refresh_token: requireSetting(config, "ZOHO_REFRESH_TOKEN"),
    client_id: requireSetting(config, "ZOHO_CLIENT_ID"),
    client_secret: requireSetting(config, "ZOHO_CLIENT_SECRET"),
  });
  let response: Response;
  try {
    response = await fetchFn(`${config.ZOHO_ACCOUNTS_URL.replace(/\/$/, "")}/oauth/v2/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: params.toString(),
      // A hung grant would hold every caller waiting on the shared refresh.
      signal: AbortSignal.timeout(15_000),
    });
  } catch (error) {
    throw new ZohoError("unavailable", `Zoho Accounts unreachable: ${error instanceof Error ? error.message : String(error)}`);
  }
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new ZohoError(response.status >= 500 ? "unavailable" : "malformed", `Zoho Accounts answered HTTP ${response.status} with a non-JSON body`, {
      status: response.status,
    });
  }
  if (response.status >= 500) throw new ZohoError("unavailable", `Zoho Accounts answered HTTP ${response.status}`, { status: response.status });
  const grant = grantSchema.safeParse(body);
  if (response.ok && grant.success) {
    const seconds = grant.data.expires_in_sec ?? (grant.data.expires_in > 86_400 ? grant.data.expires_in / 1000 : grant.data.expires_in);
    return { token: grant.data.access_token, apiDomain: grant.data.api_domain ?? null, expiresAt: Date.now() + seconds * 1000 };
  }
  const refusal = refusalSchema.safeParse(body);
  if (refusal.success) {
    const { error, error_description: description } = refusal.data;
    if (/access denied/i.test(error) || /too many requests/i.test(description ?? "")) {
      throw new ZohoError("token_throttled", `Zoho Accounts refused a new access token (Access Denied: too many token requests); retrying after the 10-minute window`, {
        status: response.status,
        code: error,
        retryAfterMs: TOKEN_GRANT_WINDOW_MS,
      });
    }
    throw new ZohoError("auth", `Zoho Accounts refused the refresh token: ${error}${description ? ` (${description})` : ""}; check ZOHO_CLIENT_ID, ZOHO_CLIENT_SECRET and ZOHO_REFRESH_TOKEN`, {
      status: response.status,
      code: error,
    });
  }
  throw new ZohoError("malformed", `Zoho Accounts answered HTTP ${response.status} without an access token`, { status: response.status });
}
