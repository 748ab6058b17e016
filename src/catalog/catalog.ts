import type { Database } from "../adapters/db/client";
import { getProduct } from "../adapters/db/products-repo";
import { openEmbedder, openVectorIndex } from "../adapters/vector/select";
import type { Catalog } from "../agent/catalog";
import type { Config } from "../config";
import { hybridSearch, type SearchDeps } from "./search";

/** The search dependencies this deployment is configured with, for one unit of work. */
export function searchDeps(config: Config, db: Database): SearchDeps {
  return { db, embedder: openEmbedder(config), index: openVectorIndex(config, db) };
}

/** The catalog the agent's tools read: hybrid search and product lookup over one connection. */
export function openCatalog(config: Config, db: Database): Catalog {
  const deps = searchDeps(config, db);
  return {
    search: async (search) => (await hybridSearch(deps, search)).products,
    get: (idOrSku) => getProduct(db, idOrSku),
  };
}
