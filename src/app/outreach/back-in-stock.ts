import { subscribeBackInStock } from "../../adapters/db/back-in-stock-repo";
import type { Database } from "../../adapters/db/client";
import type { Catalog, StockAlerts, ToolResult } from "../../core/agent/types";
import type { Language } from "../../core/domain/language";
import { log } from "../../lib/log";

/**
 * A chat's back-in-stock subscriptions: the customer asked for an item that is out of stock and
 * accepted the offer to be told when it is back. One row per customer and item (asking twice
 * changes nothing); the catalog sync that sees it return sends the notice (ADR 0017).
 */
export class ChatStockAlerts implements StockAlerts {
  constructor(private readonly ctx: { db: Database; catalog: Catalog; customerId: string; conversationId: string; language: Language }) {}

  async subscribe(productIdOrSku: string): Promise<ToolResult> {
    const product = await this.ctx.catalog.get(productIdOrSku);
    if (!product) return { error: "no such product; use a product id or SKU from search results" };
    const name = this.ctx.language === "ar" && product.nameAr ? product.nameAr : product.name;
    if (product.stockAvailable > 0) return { error: "in_stock", sku: product.sku, name, available: product.stockAvailable, note: "It is in stock now: offer it instead of a notice." };
    const status = await subscribeBackInStock(this.ctx.db, { customerId: this.ctx.customerId, productId: product.id, conversationId: this.ctx.conversationId });
    log("info", "back_in_stock.subscribed", { sku: product.sku, status });
    return { ok: true, status, sku: product.sku, name, instruction: "Tell the customer you will message them once, here, when it is back in stock." };
  }
}
