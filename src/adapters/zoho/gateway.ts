import type { Config } from "../../core/config";
import { ZohoCrmClient, ZohoInventoryClient, type ZohoPacer, type ZohoTokenSource } from "./client";
import { ZohoError } from "./errors";
import type { ZohoAccessToken } from "./oauth";

/** What `accessToken` answers over RPC (errors cross RPC as plain data so their kind survives). */
export type TokenAnswer = { ok: true; token: ZohoAccessToken } | { ok: false; kind: ZohoError["kind"]; message: string; retryAfterMs?: number };

/**
 * The one Zoho gateway object (src/shell/durable-objects/zoho-gateway.ts) as the clients use it:
 * the shared access token and the per-minute pace of each budget.
 */
export interface ZohoGatewayConnection {
  accessToken(rejectedToken?: string): Promise<TokenAnswer>;
  reserve(perMinute: number, bucket?: string): Promise<number>;
  hold(ms: number, bucket?: string): Promise<void>;
}

/** Zoho needs all four; without them catalog sync and live stock answer "not configured". */
export function zohoConfigured(config: Config): boolean {
  return Boolean(config.ZOHO_CLIENT_ID && config.ZOHO_CLIENT_SECRET && config.ZOHO_REFRESH_TOKEN && config.ZOHO_ORGANIZATION_ID);
}

/** This isolate's copy of the shared token, so most calls skip the round trip to the gateway object. */
let isolateToken: ZohoAccessToken | undefined;

/**
 * A Zoho Inventory client whose token and pace come from the single Zoho gateway Durable Object,
 * so every isolate and queue consumer shares one token and one per-minute budget.
 */
export function zohoInventory(gateway: ZohoGatewayConnection, config: Config): ZohoInventoryClient {
  return new ZohoInventoryClient(gatewayParts(gateway, config, "inventory", config.ZOHO_REQUESTS_PER_MINUTE));
}

/** A Zoho CRM client on the same token, paced on its own budget (CRM limits are separate from Inventory's). */
export function zohoCrm(gateway: ZohoGatewayConnection, config: Config): ZohoCrmClient {
  return new ZohoCrmClient(gatewayParts(gateway, config, "crm", config.ZOHO_CRM_REQUESTS_PER_MINUTE));
}

function gatewayParts(gateway: ZohoGatewayConnection, config: Config, bucket: "inventory" | "crm", perMinute: number): { config: Config; tokens: ZohoTokenSource; pacer: ZohoPacer } {
  if (!zohoConfigured(config)) {
    throw new ZohoError("not_configured", "Zoho is not configured: set ZOHO_CLIENT_ID, ZOHO_CLIENT_SECRET, ZOHO_REFRESH_TOKEN and ZOHO_ORGANIZATION_ID");
  }
  const tokens: ZohoTokenSource = {
    async get(rejected) {
      const cached = isolateToken;
      if (cached && cached.token !== rejected && cached.expiresAt - 60_000 > Date.now()) return cached;
      const answer = await gateway.accessToken(rejected);
      if (!answer.ok) throw new ZohoError(answer.kind, answer.message, answer.retryAfterMs ? { retryAfterMs: answer.retryAfterMs } : {});
      isolateToken = answer.token;
      return answer.token;
    },
  };
  const pacer: ZohoPacer = {
    async wait() {
      const ms = await gateway.reserve(perMinute, bucket);
      if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms));
    },
    async hold(ms) {
      await gateway.hold(ms, bucket);
    },
  };
  return { config, tokens, pacer };
}
