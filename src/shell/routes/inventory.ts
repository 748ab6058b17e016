import { zohoConfigured, zohoInventory } from "../../adapters/zoho/gateway";
import type { App } from "../http-types";
import { liveStock } from "../../app/catalog/stock";
import { ApiError } from "../../core/errors";
import { catalogContract } from "../../core/staff/contract/catalog";
import { takeRateLimit } from "../../app/staff/rate-limit";
import { staffRoute } from "../staff-route";
import { servicesFor } from "../composition";

/** `GET /api/v1/inventory/stock?sku=…`: live stock from Zoho (short cache), for the final quotation; per-user rate-limited. */
export function registerInventory(app: App): void {
  staffRoute(app, catalogContract.stock, async ({ c, ctx, config, query }) => {
    await takeRateLimit(ctx.db, "stock", ctx.actor);
    const zoho = zohoConfigured(config) ? servicesFor(c.env).zohoInventory() : null;
    const stock = await liveStock(ctx.db, zoho, query.sku, config.STOCK_CACHE_TTL_MS);
    if (!stock) throw new ApiError(404, "NOT_FOUND", `No product with SKU ${query.sku}`);
    return { stock };
  });
}
