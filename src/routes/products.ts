import { z } from "zod";
import type { Context } from "hono";
import { withDatabase } from "../adapters/db/client";
import { getProduct } from "../adapters/db/products-repo";
import { getRun, listRuns, openRun } from "../adapters/db/sync-runs-repo";
import { vectorStoreKind } from "../adapters/vector/select";
import { zohoConfigured } from "../adapters/zoho/gateway";
import type { App, AppBindings } from "../app";
import { searchDeps } from "../catalog/catalog";
import { hybridSearch } from "../catalog/search";
import { startCatalogSync } from "../catalog/service";
import { getConfig } from "../config";
import { ApiError } from "../errors";
import { readJsonBody } from "../middleware/json-body";
import { tokenAuth } from "../middleware/token-auth";
import { parseQuery, uuidParam } from "./params";

const searchQuery = z
  .object({
    q: z.string().max(300).default(""),
    category: z.string().max(60).optional(),
    min_price: z.coerce.number().nonnegative().optional(),
    max_price: z.coerce.number().positive().optional(),
    min_stock: z.coerce.number().int().min(0).optional(),
    limit: z.coerce.number().int().min(1).max(50).default(10),
    offset: z.coerce.number().int().min(0).max(1000).default(0),
    /** One retriever alone, to measure or debug ranking; customers always get hybrid. */
    retrieval: z.enum(["hybrid", "lexical", "dense"]).default("hybrid"),
  })
  .refine((q) => q.min_price === undefined || q.max_price === undefined || q.min_price <= q.max_price, {
    message: "min_price must not exceed max_price",
    path: ["min_price"],
  });

const syncBody = z.object({ mode: z.enum(["full", "incremental"]).optional() }).strict();
const runsQuery = z.object({ limit: z.coerce.number().int().min(1).max(100).default(20) });

/**
 * `GET /api/v1/products` and `/products/search` (hybrid search with filters and pagination),
 * `/products/:idOrSku`, and the catalog sync: `POST /products/sync` starts one (or joins the
 * open one), `GET /products/sync` shows the runs. All with the operator token.
 */
export function registerProducts(app: App): void {
  const auth = tokenAuth({ setting: "ADMIN_API_TOKEN" });
  const search = async (c: Context<AppBindings>) => {
    const query = parseQuery(searchQuery, c.req.query());
    const config = getConfig(c.env);
    const started = Date.now();
    let searchMs = 0;
    const result = await withDatabase(config, async (db) => {
      const searchStarted = Date.now();
      const found = await hybridSearch(searchDeps(config, db), {
        query: query.q,
        category: query.category,
        minPrice: query.min_price,
        maxPrice: query.max_price,
        minStock: query.min_stock,
        limit: query.limit,
        offset: query.offset,
      }, query.retrieval);
      searchMs = Date.now() - searchStarted;
      return found;
    });
    // tookMs includes opening the database connection; searchMs is the search itself. A query's
    // embedding is cached in the isolate after its first use, so repeats measure search alone.
    return c.json({ ...result, limit: query.limit, offset: query.offset, tookMs: Date.now() - started, searchMs });
  };
  app.get("/api/v1/products", auth, search);
  app.get("/api/v1/products/search", auth, search);

  app.post("/api/v1/products/sync", auth, async (c) => {
    const config = getConfig(c.env);
    if (!zohoConfigured(config)) throw new ApiError(503, "NOT_CONFIGURED", "Zoho is not configured: set ZOHO_CLIENT_ID, ZOHO_CLIENT_SECRET, ZOHO_REFRESH_TOKEN and ZOHO_ORGANIZATION_ID");
    const body = await readJsonBody(c, syncBody, 1024, { emptyIsObject: true });
    const result = await startCatalogSync(c.env, config, { trigger: "api", mode: body.mode });
    return c.json({ run: result.run, created: result.created, resumed: result.resumed }, result.created ? 202 : 200);
  });

  app.get("/api/v1/products/sync", auth, async (c) => {
    const config = getConfig(c.env);
    const { limit } = parseQuery(runsQuery, c.req.query());
    const { runs, open } = await withDatabase(config, async (db) => ({ runs: await listRuns(db, limit), open: await openRun(db) }));
    return c.json({
      runs,
      open,
      zohoConfigured: zohoConfigured(config),
      vectorStore: vectorStoreKind(config),
      embeddings: config.EMBEDDINGS_API_KEY ? "configured" : "not configured (search is lexical only)",
    });
  });

  app.get("/api/v1/products/sync/:runId", auth, async (c) => {
    const runId = uuidParam(c.req.param("runId"), "runId");
    const run = await withDatabase(getConfig(c.env), (db) => getRun(db, runId));
    if (!run) throw new ApiError(404, "NOT_FOUND", "No sync run with that id");
    return c.json({ run });
  });

  app.get("/api/v1/products/:idOrSku", auth, async (c) => {
    const product = await withDatabase(getConfig(c.env), (db) => getProduct(db, c.req.param("idOrSku")));
    if (!product) throw new ApiError(404, "NOT_FOUND", "No active product with that id or SKU");
    return c.json({ product });
  });
}
