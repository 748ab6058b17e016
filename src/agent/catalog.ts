import type { ProductSearch, ProductView } from "../adapters/db/products-repo";

export type { ProductSearch, ProductView };

/** What the agent may ask of the catalog. The database adapter implements it. */
export interface Catalog {
  search(search: ProductSearch): Promise<ProductView[]>;
  get(idOrSku: string): Promise<ProductView | null>;
}
