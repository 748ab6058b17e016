import { getProduct } from "../../adapters/db/products-repo";
import { getRun, listRuns, openRun } from "../../adapters/db/sync-runs-repo";
import { vectorStoreKind } from "../../adapters/vector/select";
import { zohoConfigured } from "../../adapters/zoho/gateway";
import type { App } from "../http-types";
import { searchDeps } from "../../app/catalog/catalog";
import { hybridSearch } from "../../app/catalog/search";
import { ApiError } from "../../core/errors";
import { catalogContract as contract } from "../../core/staff/contract/catalog";
import { takeRateLimit } from "../../app/staff/rate-limit";
import { staffRoute, type StaffRouteInput } from "../staff-route";
import { startSync } from "../../app/staff/services/operations";
import { servicesFor } from "../composition";

/**
 * `GET /api/v1/products` and `/products/search` (hybrid search with filters and pagination),
 * `/products/:idOrSku`, and the catalog sync: `POST /products/sync` starts one (or joins the
 * open one), `GET /products/sync` shows the runs.
 */
export function registerProducts(app: App): void {
  const search = async ({ ctx, config, query }: StaffRouteInput<typeof contract.listProducts>) => {
    // Only a query costs an embeddings call; browsing the list by filters does not.
    if (query.q?.trim()) await takeRateLimit(ctx.db, "search", ctx.actor);
    const started = Date.now();
    const result = await hybridSearch(searchDeps(config, ctx.db), {
      query: query.q,
      category: query.category,
      minPrice: query.min_price,
      maxPrice: query.max_price,
      minStock: query.min_stock,
      limit: query.limit,
      offset: query.offset,
    }, query.retrieval);
    // A query's embedding is cached in the isolate after its first use, so repeats measure search alone.
    const searchMs = Date.now() - started;
    return { ...result, limit: query.limit, offset: query.offset, tookMs: searchMs, searchMs };
  };
  staffRoute(app, contract.listProducts, search);
  staffRoute(app, contract.searchProducts, search);

  staffRoute(app, contract.startSync, async ({ c, ctx, config, body }) => {
    if (!zohoConfigured(config)) throw new ApiError(503, "NOT_CONFIGURED", "Zoho is not configured: set ZOHO_CLIENT_ID, ZOHO_CLIENT_SECRET, ZOHO_REFRESH_TOKEN and ZOHO_ORGANIZATION_ID");
    const result = await startSync(ctx, servicesFor(c.env), body.mode);
    return c.json({ run: result.run, created: result.created, resumed: result.resumed }, result.created ? 202 : 200);
  });

  staffRoute(app, contract.listSyncRuns, async ({ ctx, config, query }) => ({
    runs: await listRuns(ctx.db, query.limit),
    open: await openRun(ctx.db),
    zohoConfigured: zohoConfigured(config),
    vectorStore: vectorStoreKind(config),
    embeddings: config.EMBEDDINGS_API_KEY ? "configured" : "not configured (search is lexical only)",
  }));

  staffRoute(app, contract.getSyncRun, async ({ ctx, params }) => {
    const run = await getRun(ctx.db, params.runId);
    if (!run) throw new ApiError(404, "NOT_FOUND", "No sync run with that id");
    return { run };
  });

  staffRoute(app, contract.getProduct, async ({ ctx, params }) => {
    const product = await getProduct(ctx.db, params.idOrSku);
    if (!product) throw new ApiError(404, "NOT_FOUND", "No active product with that id or SKU");
    return { product };
  });
}
