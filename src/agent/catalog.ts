import type { ProductSearch, ProductView } from "../adapters/db/products-repo";
import type { KnowledgePassage } from "../adapters/db/knowledge-repo";
import type { StockFigure } from "../catalog/stock";

export type { KnowledgePassage, ProductSearch, ProductView, StockFigure };

/** What the agent may ask of the catalog and the knowledge base. The catalog module implements it. */
export interface Catalog {
  search(search: ProductSearch): Promise<ProductView[]>;
  get(idOrSku: string): Promise<ProductView | null>;
  /** Passages of the retailer's knowledge base (delivery, warranty, payment, ...). */
  knowledge?(question: string, topic?: string): Promise<KnowledgePassage[]>;
  /** Live stock from Zoho for one SKU (the final quotation); null for an unknown SKU. */
  liveStock?(sku: string, options?: { fresh?: boolean }): Promise<StockFigure | null>;
}
