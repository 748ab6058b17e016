import type { ZohoInventoryClient } from "../../adapters/zoho/client";
import { listTaxes, type ZohoTax } from "../../adapters/zoho/sales";

/** Zoho's taxes change rarely: read once an hour per isolate and organisation. */
const TAXES_TTL_MS = 60 * 60_000;
const cache = new Map<string, { taxes: ZohoTax[]; until: number }>();

/** The organisation's taxes (`GET /settings/taxes`), cached; a failed read is not cached. */
export async function organisationTaxes(client: ZohoInventoryClient, organizationId: string): Promise<ZohoTax[]> {
  const now = Date.now();
  const hit = cache.get(organizationId);
  if (hit && hit.until > now) return hit.taxes;
  const taxes = await listTaxes(client);
  cache.set(organizationId, { taxes, until: now + TAXES_TTL_MS });
  return taxes;
}
