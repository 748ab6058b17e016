import type { Database } from "../../../adapters/db/client";
import type { Language } from "../../../core/domain/language";
import { backInStockText } from "../../../core/outreach/messages";
import type { ConversationHost } from "./host";
import type { ProactiveOutcome, ProactiveSender } from "./proactive";
import { refreshSharedState } from "./turn-context";

/** What the catalog sync's queue job tells the chat: the item that is back, as the catalog has it now. */
export interface BackInStockNotice {
  /** Once per subscription (`back_in_stock:<subscription>:<started>`). */
  key: string;
  sku: string;
  name: string;
  nameAr: string | null;
  /** The price as the customer reads it ("1,450.00"). */
  price: string;
}

/**
 * One back-in-stock notice, within the proactive rules (opt-out, handoff, caps, WhatsApp's window
 * with `backInStockTemplateId` outside it; values: item name, price), in the customer's language.
 */
export async function sendBackInStock(host: ConversationHost, sender: ProactiveSender, db: Database, notice: BackInStockNotice, now: number): Promise<ProactiveOutcome> {
  const { settings } = await refreshSharedState(host, db);
  const language = host.store.getValue<Language>("language") ?? "en";
  const name = language === "ar" && notice.nameAr ? notice.nameAr : notice.name;
  return sender.send(
    db,
    settings,
    {
      key: notice.key,
      kind: "back_in_stock",
      text: backInStockText(language, name, notice.price),
      what: `back-in-stock notice for ${notice.name} (${notice.sku})`,
      templateId: settings.backInStockTemplateId,
      templateValues: [name, `${notice.price} AED`],
      handoff: host.handoffs.current() !== null,
    },
    now,
  );
}
