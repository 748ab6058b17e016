import { z } from "zod";
import { withDatabase } from "../adapters/db/client";
import { zohoConfigured, zohoInventory } from "../adapters/zoho/gateway";
import type { App } from "../app";
import { liveStock } from "../catalog/stock";
import { getConfig } from "../config";
import { ApiError } from "../errors";
import { tokenAuth } from "../middleware/token-auth";
import { parseQuery } from "./params";

const stockQuery = z.object({ sku: z.string().trim().min(1).max(100) });

/** `GET /api/v1/inventory/stock?sku=…`: live stock from Zoho (short cache), for the final quotation. */
export function registerInventory(app: App): void {
  const auth = tokenAuth({ setting: "ADMIN_API_TOKEN" });
  app.get("/api/v1/inventory/stock", auth, async (c) => {
    const { sku } = parseQuery(stockQuery, c.req.query());
    const config = getConfig(c.env);
    const zoho = zohoConfigured(config) ? zohoInventory(c.env, config) : null;
    const stock = await withDatabase(config, (db) => liveStock(db, zoho, sku, config.STOCK_CACHE_TTL_MS));
    if (!stock) throw new ApiError(404, "NOT_FOUND", `No product with SKU ${sku}`);
    return c.json({ stock });
  });
}
