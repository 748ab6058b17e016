import type { Language } from "../domain/language";

/** What a quotation follow-up says, in the customer's language (no figures: the quotation has them). */
export function followUpText(language: Language, name: string | null, quotationNumber: string): string {
  if (language === "ar") {
    return `مرحباً${name ? ` ${name}` : ""}، عرض السعر ${quotationNumber} ما زال متاحاً لك. هل تود تغيير أي شيء فيه، أم نمضي به؟ (أرسل STOP لإيقاف التذكيرات)`;
  }
  return `Hello${name ? ` ${name}` : ""}, your quotation ${quotationNumber} is still open. Would you like to change anything in it, or shall we go ahead? (Reply STOP to stop reminders.)`;
}

/** Why a proactive message did not go, as staff read it in the conversation. */
export function skippedNote(what: string, reason: string): string {
  const why: Record<string, string> = {
    opted_out: "the customer opted out (STOP)",
    handoff: "a manager has taken this conversation",
    no_template: "the WhatsApp 24-hour window is closed and no approved template is chosen in settings",
    template_unavailable: "the WhatsApp 24-hour window is closed and the template chosen in settings is not an approved Wazzup template",
  };
  return `(not sent: ${what}: ${why[reason] ?? reason})`;
}

/** The back-in-stock notice, in the customer's language: the item and its price now. */
export function backInStockText(language: Language, item: string, price: string): string {
  if (language === "ar") return `خبر سار: ${item} متوفر من جديد بسعر ${price} درهم. هل تود أن أجهّز لك عرض سعر؟ (أرسل STOP لإيقاف التنبيهات)`;
  return `Good news: ${item} is back in stock, at ${price} AED. Shall I prepare a quotation for you? (Reply STOP to stop alerts.)`;
}

/** The managers' alert when a sync leaves open quotations short of an item. */
export function lowStockAlertText(item: { name: string; sku: string }, before: number, after: number, quotations: { number: string; quantity: number }[]): string {
  const quoted = quotations.map((q) => `${q.number} (${q.quantity})`).join(", ");
  return `Low stock: ${item.name} (${item.sku}) fell from ${before} to ${after} available, below what open quotations quote: ${quoted}.`;
}
