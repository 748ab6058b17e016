import { z } from "zod";
import { contracts, int32, plainText, row } from "./types";

export const productSearchQuery = z
  .object({
    q: plainText(300).default(""),
    category: plainText(60).optional(),
    min_price: z.coerce.number().nonnegative().max(100_000_000).optional(),
    max_price: z.coerce.number().positive().max(100_000_000).optional(),
    min_stock: int32().min(0).optional(),
    limit: z.coerce.number().int().min(1).max(50).default(10),
    offset: z.coerce.number().int().min(0).max(1000).default(0),
    /** One retriever alone, to measure or debug ranking; customers always get hybrid. */
    retrieval: z.enum(["hybrid", "lexical", "dense"]).default("hybrid"),
  })
  .refine((q) => q.min_price === undefined || q.max_price === undefined || q.min_price <= q.max_price, { message: "min_price must not exceed max_price", path: ["min_price"] });

const foundProduct = row({ id: z.uuid(), sku: z.string(), name: z.string(), nameAr: z.string().nullable(), category: z.string(), priceAed: z.number(), stockAvailable: z.number() });
const searchResult = row({
  products: z.array(foundProduct).describe("best first"),
  total: z.number(),
  mode: z.enum(["hybrid", "lexical", "dense"]).describe("the retrieval that answered: lexical when dense search was not asked for or is unavailable"),
  denseUnavailable: z.string().optional(),
  limit: z.number(),
  offset: z.number(),
  tookMs: z.number(),
  searchMs: z.number(),
});
const run = row({ id: z.uuid(), status: z.string(), mode: z.string() });

export const catalogContract = contracts({
  listProducts: { method: "get", path: "/api/v1/products", tag: "catalog", permission: "staff.read", summary: "Catalog search (hybrid) with filters", query: productSearchQuery, response: searchResult },
  searchProducts: { method: "get", path: "/api/v1/products/search", tag: "catalog", permission: "staff.read", summary: "Catalog search (hybrid) with filters", query: productSearchQuery, response: searchResult },
  startSync: {
    method: "post", path: "/api/v1/products/sync", tag: "catalog", permission: "catalog.sync", status: 202,
    summary: "Start a catalog sync from Zoho (or join the open one: 200)",
    body: z.object({ mode: z.enum(["full", "incremental"]).optional() }).strict(),
    response: z.object({ run, created: z.boolean(), resumed: z.boolean() }),
  },
  listSyncRuns: {
    method: "get", path: "/api/v1/products/sync", tag: "catalog", permission: "staff.read", summary: "Recent catalog sync runs",
    query: z.object({ limit: z.coerce.number().int().min(1).max(100).default(20) }),
    response: row({ runs: z.array(run), open: run.nullable(), zohoConfigured: z.boolean(), vectorStore: z.string(), embeddings: z.string() }),
  },
  getSyncRun: { method: "get", path: "/api/v1/products/sync/:runId", tag: "catalog", permission: "staff.read", summary: "One sync run", params: z.object({ runId: z.uuid() }), response: z.object({ run }) },
  getProduct: {
    method: "get", path: "/api/v1/products/:idOrSku", tag: "catalog", permission: "staff.read", summary: "One active product by id or SKU",
    params: z.object({ idOrSku: plainText(100).pipe(z.string().min(1)) }), response: z.object({ product: row({ id: z.uuid(), sku: z.string() }) }),
  },
  stock: {
    method: "get", path: "/api/v1/inventory/stock", tag: "catalog", permission: "staff.read", summary: "Live stock of a SKU from Zoho (short cache)",
    query: z.object({ sku: plainText(100).pipe(z.string().trim().min(1)) }), response: z.object({ stock: row({ sku: z.string() }) }),
  },
});
