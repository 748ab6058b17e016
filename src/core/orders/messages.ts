import type { Language } from "../domain/language";
import { formatAed } from "../domain/quotation";

/** Manager notifications about orders start with this, so their WhatsApp echoes are never taken for a manager typing. */
export const ORDER_NOTIFICATION_PREFIX = "Order update:";

export interface OrderNotice {
  quotationId: string;
  quotationNumber: string;
  salesorderNumber: string;
  totalAed: number;
  language: Language;
  /** A link to the quotation document, when the Worker's public URL is configured. */
  documentUrl: string | null;
  buyer: { name: string; company?: string; city: string } | null;
}

type Said =
  | ["processing", { number: string }]
  | ["outOfStock", { lines: { name: string; available: number; requested: number }[] }]
  | ["ordered", { number: string; salesorderNumber: string; totalAed: number }];

/** What the customer reads about their order, written by code so the wording and figures are exact. */
export function customerSaid<K extends Said[0]>(kind: K, language: Language, data: Extract<Said, [K, unknown]>[1]): string {
  const ar = language === "ar";
  switch (kind) {
    case "processing": {
      const { number } = data as { number: string };
      return ar
        ? `شكراً لك! تم تأكيد عرض السعر ${number} وجارٍ تجهيز طلبك. ستصلك رسالة برقم أمر البيع هنا قريباً.`
        : `Thank you! Quotation ${number} is confirmed and your order is being processed. You will receive the sale order number here shortly.`;
    }
    case "outOfStock": {
      const { lines } = data as { lines: { name: string; available: number; requested: number }[] };
      // The stock may have been short from the start: say what there is, not that it changed.
      const list = lines.map((l) => (ar ? `• ${l.name}: المتوفر: ${l.available} (طلبت ${l.requested})` : `• ${l.name}: you asked for ${l.requested}, we have ${l.available} in stock`));
      return ar
        ? [`عذراً، لم يتم تقديم الطلب لأن المخزون لا يكفي:`, ...list, `هل تريد تعديل الكميات؟`].join("\n")
        : [`Sorry, the order was not placed: there is not enough in stock.`, ...list, `Would you like to change the quantities?`].join("\n");
    }
    case "ordered": {
      const { number, salesorderNumber, totalAed } = data as { number: string; salesorderNumber: string; totalAed: number };
      return ar
        ? `تم إنشاء أمر البيع ${salesorderNumber} لعرض السعر ${number} بإجمالي ${formatAed(totalAed)} درهم. سيتواصل معك فريقنا لترتيب التوصيل. شكراً لاختيارك لنا!`
        : `Your sale order ${salesorderNumber} for quotation ${number} has been created (total ${formatAed(totalAed)} AED). Our team will contact you to arrange delivery. Thank you for your order!`;
    }
  }
  return "";
}

/** The WhatsApp message managers receive when an order is placed. It names the customer: managers must reach them. */
export function managerOrderPlaced(notice: OrderNotice, chatId: string): string {
  const who = notice.buyer ? `${notice.buyer.name}${notice.buyer.company ? `, ${notice.buyer.company}` : ""} (+${chatId}), ${notice.buyer.city}` : `+${chatId}`;
  return `${ORDER_NOTIFICATION_PREFIX} sale order ${notice.salesorderNumber} created from ${notice.quotationNumber} for ${who}. Total ${formatAed(notice.totalAed)} AED.`;
}

/** The WhatsApp message managers receive when an order could not be placed in Zoho. */
export function managerOrderFailed(input: { quotationNumber: string; chatId: string; reason: string }): string {
  return `${ORDER_NOTIFICATION_PREFIX} quotation ${input.quotationNumber} (+${input.chatId}) was confirmed but the sale order could not be created in Zoho: ${input.reason.slice(0, 200)}. Replay it from the admin panel (Zoho jobs) once fixed.`;
}
