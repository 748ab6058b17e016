/** What the agent and the API see of a product: the only source of names, prices and stock. */
export interface ProductView {
  id: string;
  sku: string;
  name: string;
  nameAr: string | null;
  category: string;
  priceAed: number;
  stockAvailable: number;
  description: string | null;
  descriptionAr: string | null;
  attributes: Record<string, string>;
}

export interface ProductSearch {
  query: string;
  category?: string | undefined;
  minPrice?: number | undefined;
  maxPrice?: number | undefined;
  /** Only products with at least this many units available. */
  minStock?: number | undefined;
  limit?: number | undefined;
  offset?: number | undefined;
}

export interface KnowledgePassage {
  chunkId: string;
  documentId: string;
  slug: string;
  title: string;
  topic: string;
  language: string;
  text: string;
}

export interface StockFigure {
  sku: string;
  name: string;
  available: number;
  onHand: number;
  /** `deleted` when Zoho no longer has the item, `inactive` when it was switched off there. */
  status: "active" | "inactive" | "deleted";
  /** `zoho`: read live just now (or within the cache window); `catalog`: the last synced figure, Zoho being unreachable. */
  source: "zoho" | "catalog";
  checkedAt: string;
  warning?: string;
}

/** What the agent may ask of the catalog and the knowledge base. The catalog module implements it. */
export interface Catalog {
  search(search: ProductSearch): Promise<ProductView[]>;
  get(idOrSku: string): Promise<ProductView | null>;
  /** Passages of the retailer's knowledge base (delivery, warranty, payment, ...). */
  knowledge?(question: string, topic?: string): Promise<KnowledgePassage[]>;
  /** Live stock from Zoho for one SKU (the final quotation); null for an unknown SKU. */
  liveStock?(sku: string, options?: { fresh?: boolean }): Promise<StockFigure | null>;
}
