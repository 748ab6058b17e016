import type { Database } from "../../../adapters/db/client";
import type { Language } from "../../../core/domain/language";
import { backInStockText } from "../../../core/outreach/messages";
import type { ConversationHost } from "./host";
import type { BackInStockNotice, ProactiveOutcome } from "../../../core/ports/conversation-object";
import type { ProactiveSender } from "./proactive";
import { refreshSharedState } from "./turn-context";

/**
 * One back-in-stock notice, within the proactive rules (opt-out, handoff, caps, WhatsApp's window
 * with `backInStockTemplateId` outside it; values: item name, price), in the customer's language.
 */
export async function sendBackInStock(host: ConversationHost, sender: ProactiveSender, db: Database, notice: BackInStockNotice, now: number): Promise<ProactiveOutcome> {
  const { settings } = await refreshSharedState(host, db);
  const language = host.store.getValue("language") ?? "en";
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
