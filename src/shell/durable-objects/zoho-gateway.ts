import { DurableObject } from "cloudflare:workers";
import { getConfig } from "../../core/config";
import { ZohoError } from "../../adapters/zoho/errors";
import { grantAccessToken, TOKEN_GRANT_WINDOW_MS, TOKEN_GRANTS_PER_WINDOW, type ZohoAccessToken } from "../../adapters/zoho/oauth";
import type { TokenAnswer, ZohoGatewayConnection } from "../../adapters/zoho/gateway";
import { describeError, log } from "../../lib/log";


/** Calls that may go at once after a quiet spell; beyond it they are spaced 60 s / perMinute apart. */
const PACER_BURST = 5;

/** A token is renewed this long before Zoho's expiry so no call starts with a dying token. */
const RENEW_BEFORE_MS = 5 * 60_000;

/**
 * The one place that holds Zoho's access token and paces calls to Zoho, for every Worker
 * isolate and queue consumer (a single object, `idFromName("zoho")`).
 *
 * - Token: cached in storage, renewed ahead of expiry or when a caller reports it rejected,
 *   with one refresh in flight at a time; its own count of grants keeps it under Zoho's 10 new
 *   tokens per refresh token per 10 minutes, and an "Access Denied" answer pauses grants until
 *   the window has passed instead of digging the hole deeper.
 * - Pace: calls spaced evenly (with a small burst) keep the organization under
 *   ZOHO_REQUESTS_PER_MINUTE, Inventory and CRM on separate budgets; `reserve` answers how long the caller must wait for its slot, and a
 *   429 reported through `hold` pauses every caller until Zoho said to come back.
 */
export class ZohoGatewayDurableObject extends DurableObject<Env> implements ZohoGatewayConnection {
  private current: ZohoAccessToken | undefined;
  private grants: number[] = [];
  private deniedUntil = 0;
  private refreshing: Promise<TokenAnswer> | undefined;
  /** Per budget (`inventory`, `crm`): the theoretical time of the next call (GCRA), which spaces calls evenly. */
  private nextSlot = new Map<string, number>();
  private heldUntil = new Map<string, number>();
  private loaded = false;

  async accessToken(rejectedToken?: string): Promise<TokenAnswer> {
    await this.load();
    const now = Date.now();
    const current = this.current;
    if (current && current.token !== rejectedToken && current.expiresAt - RENEW_BEFORE_MS > now) return { ok: true, token: current };
    // One refresh at a time; callers arriving meanwhile share its answer.
    this.refreshing ??= this.refresh().finally(() => (this.refreshing = undefined));
    const answer = await this.refreshing;
    // No new token (throttled, Zoho down) but the current one is still valid and was not refused: keep using it.
    if (!answer.ok && current && current.token !== rejectedToken && current.expiresAt > Date.now() + 10_000) return { ok: true, token: current };
    return answer;
  }

  /**
   * Reserves the next call slot within the per-minute budget; answers the wait in ms. Calls are
   * spaced evenly (60 s / perMinute apart) with a burst of PACER_BURST allowed after a quiet spell
   * (the generic cell rate algorithm). A sliding window that let a whole minute's budget go at once
   * measured 101 requests in Zoho's 60 s under a burst of confirmations: calls reserved together
   * reach Zoho spread out, and the next minute's did not wait for them.
   */
  async reserve(perMinute: number, bucket = "inventory"): Promise<number> {
    const now = Date.now();
    const interval = 60_000 / perMinute;
    const theoretical = Math.max(this.nextSlot.get(bucket) ?? now, now);
    const at = Math.max(now, theoretical - (PACER_BURST - 1) * interval, this.heldUntil.get(bucket) ?? 0);
    this.nextSlot.set(bucket, Math.max(theoretical, at) + interval);
    return Math.max(0, at - now);
  }

  /**
   * Zoho answered 429 to someone: nobody calls until it said to come back (its Retry-After, or the
   * caller's backoff). One worker's 429 then slows every worker, not only the one that hit it.
   */
  async hold(ms: number, bucket = "inventory"): Promise<void> {
    this.heldUntil.set(bucket, Math.max(this.heldUntil.get(bucket) ?? 0, Date.now() + Math.min(ms, 120_000)));
  }

  /** For the status API and tests: what the gateway currently holds, without the token itself. */
  async status(): Promise<{ hasToken: boolean; expiresAt: number | null; grantsInWindow: number; deniedUntil: number | null }> {
    await this.load();
    const now = Date.now();
    return {
      hasToken: Boolean(this.current),
      expiresAt: this.current?.expiresAt ?? null,
      grantsInWindow: this.grants.filter((t) => t > now - TOKEN_GRANT_WINDOW_MS).length,
      deniedUntil: this.deniedUntil > now ? this.deniedUntil : null,
    };
  }

  private async refresh(): Promise<TokenAnswer> {
    const now = Date.now();
    if (this.deniedUntil > now) {
      return { ok: false, kind: "token_throttled", message: "Zoho token grants are paused after an Access Denied answer", retryAfterMs: this.deniedUntil - now };
    }
    this.grants = this.grants.filter((t) => t > now - TOKEN_GRANT_WINDOW_MS);
    if (this.grants.length >= TOKEN_GRANTS_PER_WINDOW - 1) {
      // Keep one grant in reserve; the oldest grant leaving the window frees the next.
      const retryAfterMs = this.grants[0]! + TOKEN_GRANT_WINDOW_MS - now;
      return { ok: false, kind: "token_throttled", message: "Zoho token budget (10 per 10 minutes) is spent; waiting for the window", retryAfterMs };
    }
    this.grants.push(now);
    await this.ctx.storage.put("grants", this.grants);
    try {
      const token = await grantAccessToken(getConfig(this.env));
      this.current = token;
      await this.ctx.storage.put("token", token);
      log("info", "zoho.token_granted", { expiresInS: Math.round((token.expiresAt - Date.now()) / 1000), grantsInWindow: this.grants.length });
      return { ok: true, token };
    } catch (error) {
      log("error", "zoho.token_grant_failed", describeError(error));
      if (error instanceof ZohoError) {
        if (error.kind === "token_throttled") {
          const pauseMs = getConfig(this.env).ZOHO_TOKEN_DENIED_PAUSE_MS;
          this.deniedUntil = Date.now() + pauseMs;
          await this.ctx.storage.put("deniedUntil", this.deniedUntil);
          return { ok: false, kind: error.kind, message: error.message, retryAfterMs: pauseMs };
        }
        return { ok: false, kind: error.kind, message: error.message, ...(error.details.retryAfterMs ? { retryAfterMs: error.details.retryAfterMs } : {}) };
      }
      return { ok: false, kind: "not_configured", message: error instanceof Error ? error.message : String(error) };
    }
  }

  private async load(): Promise<void> {
    if (this.loaded) return;
    const stored = await this.ctx.storage.get(["token", "grants", "deniedUntil"]);
    this.current = stored.get("token") as ZohoAccessToken | undefined;
    this.grants = (stored.get("grants") as number[] | undefined) ?? [];
    this.deniedUntil = (stored.get("deniedUntil") as number | undefined) ?? 0;
    this.loaded = true;
  }
}
