import type { Database } from "../../adapters/db/client";
import { getProduct } from "../../adapters/db/products-repo";
import { openEmbedder, openVectorIndex } from "../../adapters/vector/select";
import type { Catalog } from "../../core/agent/catalog";
import type { Config } from "../../core/config";
import type { ZohoInventoryClient } from "../../adapters/zoho/client";
import { searchKnowledge } from "../knowledge/service";
import { hybridSearch, type SearchDeps } from "./search";
import { liveStock } from "./stock";

/** The search dependencies this deployment is configured with, for one unit of work. */
export function searchDeps(config: Config, db: Database): SearchDeps {
  return { db, embedder: openEmbedder(config), index: openVectorIndex(config, db) };
}

/**
 * The catalog the agent's tools read over one connection: hybrid search, product lookup, the
 * knowledge base, and live stock from Zoho when it is configured (`zoho`).
 */
export function openCatalog(config: Config, db: Database, zoho: ZohoInventoryClient | null = null): Catalog {
  const deps = searchDeps(config, db);
  return {
    search: async (search) => (await hybridSearch(deps, search)).products,
    get: (idOrSku) => getProduct(db, idOrSku),
    knowledge: async (question, topic) => (await searchKnowledge(deps, question, { topic, limit: 3 })).passages,
    // `fresh` skips the cache: a confirmation must see the warehouse as it is now.
    liveStock: (sku, options) => liveStock(db, zoho, sku, options?.fresh ? 0 : config.STOCK_CACHE_TTL_MS),
  };
}
