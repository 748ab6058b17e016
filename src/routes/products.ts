import { z } from "zod";
import { withDatabase } from "../adapters/db/client";
import { getProduct, searchProducts } from "../adapters/db/products-repo";
import type { Context } from "hono";
import type { App, AppBindings } from "../app";
import { getConfig } from "../config";
import { ApiError } from "../errors";
import { tokenAuth } from "../middleware/token-auth";
import { parseQuery } from "./conversations";

const searchQuery = z.object({
  q: z.string().max(300).default(""),
  category: z.string().max(40).optional(),
  min_price: z.coerce.number().nonnegative().optional(),
  max_price: z.coerce.number().positive().optional(),
  min_stock: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(50).default(10),
  offset: z.coerce.number().int().min(0).default(0),
});

/** `GET /api/v1/products`, `/products/search` and `/products/:idOrSku` (operator token). */
export function registerProducts(app: App): void {
  const auth = tokenAuth({ setting: "ADMIN_API_TOKEN" });
  const search = (c: Context<AppBindings>) => {
    const query = parseQuery(searchQuery, c.req.query());
    return withDatabase(getConfig(c.env), (db) =>
      searchProducts(db, {
        query: query.q,
        category: query.category,
        minPrice: query.min_price,
        maxPrice: query.max_price,
        minStock: query.min_stock,
        limit: query.limit,
        offset: query.offset,
      }),
    ).then((products) => c.json({ products, limit: query.limit, offset: query.offset }));
  };
  app.get("/api/v1/products", auth, search);
  app.get("/api/v1/products/search", auth, search);
  app.get("/api/v1/products/:idOrSku", auth, async (c) => {
    const product = await withDatabase(getConfig(c.env), (db) => getProduct(db, c.req.param("idOrSku")));
    if (!product) throw new ApiError(404, "NOT_FOUND", "No active product with that id or SKU");
    return c.json({ product });
  });
}
