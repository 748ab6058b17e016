import type { Language } from "../../domain/language";
import { say } from "./replies";

/** The back-in-stock subscriptions as the offline salesperson uses them (`StockAlerts` in src/core/agent/types.ts). */
export interface OfflineStockAlerts {
  subscribe(sku: string): Promise<Record<string, unknown>>;
}

/**
 * The customer accepted our offer to say when an out-of-stock product is back: subscribed (once;
 * asking twice changes nothing), or told it is in stock after all. Null when it could not be done.
 */
export async function acceptNoticeOffer(alerts: OfflineStockAlerts, sku: string, language: Language): Promise<string | null> {
  const result = await alerts.subscribe(sku);
  const name = typeof result.name === "string" ? result.name : sku;
  if (result.error === "in_stock") return say.inStockAfterAll(name, sku, language);
  if ("error" in result) return null;
  return say.willNotify(name, language);
}
