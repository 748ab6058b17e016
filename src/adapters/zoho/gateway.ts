import type { Config } from "../../core/config";
import { durableObjectStubs } from "../../shell/durable-object-stubs";
import { ZohoCrmClient, ZohoInventoryClient, type ZohoPacer, type ZohoTokenSource } from "./client";
import { ZohoError } from "./errors";
import type { ZohoAccessToken } from "./oauth";

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
export function zohoInventory(env: Env, config: Config): ZohoInventoryClient {
  return new ZohoInventoryClient(gatewayParts(env, config, "inventory", config.ZOHO_REQUESTS_PER_MINUTE));
}

/** A Zoho CRM client on the same token, paced on its own budget (CRM limits are separate from Inventory's). */
export function zohoCrm(env: Env, config: Config): ZohoCrmClient {
  return new ZohoCrmClient(gatewayParts(env, config, "crm", config.ZOHO_CRM_REQUESTS_PER_MINUTE));
}

function gatewayParts(env: Env, config: Config, bucket: "inventory" | "crm", perMinute: number): { config: Config; tokens: ZohoTokenSource; pacer: ZohoPacer } {
  if (!zohoConfigured(config)) {
    throw new ZohoError("not_configured", "Zoho is not configured: set ZOHO_CLIENT_ID, ZOHO_CLIENT_SECRET, ZOHO_REFRESH_TOKEN and ZOHO_ORGANIZATION_ID");
  }
  const gateway = durableObjectStubs(env).zohoGateway();
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
