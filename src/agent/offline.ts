import type { Language } from "../domain/language";
import type { ProductView } from "./catalog";

/**
 * Offline mode: catalog search plus templated replies in the customer's language. Used when no
 * LLM key is configured and as the fallback when the provider fails or a reply cannot be grounded.
 * Every reply is labelled so nobody mistakes it for the full assistant.
 */
const LABEL: Record<Language, string> = {
  en: "🤖 Automatic catalogue assistant (offline mode)",
  ar: "🤖 مساعد الكتالوج الآلي (الوضع دون اتصال)",
};

const GREETING = /^(hi|hello|hey|salam|good (morning|afternoon|evening)|مرحبا|اهلا|أهلا|السلام عليكم|هلا|صباح الخير|مساء الخير)[\s!.,؟?]*$/i;

export function isGreetingOnly(text: string): boolean {
  return GREETING.test(text.trim());
}

export function formatAed(amount: number, language: Language): string {
  const value = amount.toLocaleString("en-US", { minimumFractionDigits: 0, maximumFractionDigits: 2 });
  return language === "ar" ? `${value} درهم` : `${value} AED`;
}

function productLine(product: ProductView, language: Language): string {
  const name = language === "ar" && product.nameAr ? product.nameAr : product.name;
  const stock =
    product.stockAvailable > 0
      ? language === "ar"
        ? `متوفر: ${product.stockAvailable}`
        : `${product.stockAvailable} in stock`
      : language === "ar"
        ? "غير متوفر حالياً"
        : "out of stock";
  return `• ${name} (${product.sku}): ${formatAed(product.priceAed, language)}, ${stock}`;
}

export function offlineReply(input: { language: Language; text: string; products: ProductView[] }): string {
  const { language, text, products } = input;
  const lines: string[] = [LABEL[language]];
  if (isGreetingOnly(text)) {
    lines.push(
      language === "ar"
        ? "أهلاً بك! أخبرنا بما تحتاجه لمكتبك (كراسي، مكاتب، محطات عمل، خزائن...) وسنقترح عليك منتجات من الكتالوج."
        : "Welcome! Tell us what your office needs (chairs, desks, workstations, storage…) and we will suggest products from our catalogue.",
    );
  } else if (products.length > 0) {
    lines.push(language === "ar" ? "إليك ما وجدناه في الكتالوج:" : "Here is what we found in our catalogue:");
    lines.push(...products.slice(0, 3).map((p) => productLine(p, language)));
    lines.push(
      language === "ar"
        ? "سيتواصل معك أحد مديري المبيعات قريباً لتأكيد التفاصيل."
        : "A sales manager will follow up shortly to confirm the details.",
    );
  } else {
    lines.push(
      language === "ar"
        ? "لم نجد منتجاً مطابقاً. صف لنا ما تحتاجه بكلمات أخرى، أو انتظر قليلاً وسيتواصل معك أحد مديري المبيعات."
        : "We could not find a matching product. Try describing it in other words, or a sales manager will get back to you shortly.",
    );
  }
  return lines.join("\n");
}

/** How a manager's non-text message (echoed from the WhatsApp app) is recorded in the history. */
export function describeNonText(type: string): string {
  return `[${type} message]`;
}

/** The one polite notice a customer gets when over the message rate or the daily budget. */
export function limitNotice(kind: "rate" | "daily", language: Language): string {
  if (kind === "rate") {
    return language === "ar"
      ? "شكراً لرسائلك! نستقبل رسائل كثيرة منك في وقت قصير، سنرد عليك خلال دقيقة."
      : "Thanks for your messages! You are writing faster than we can answer; we will reply in a minute.";
  }
  return language === "ar"
    ? "شكراً لك! وصلنا إلى الحد اليومي للردود الآلية في هذه المحادثة، وسيتابع معك أحد مديري المبيعات."
    : "Thank you! This chat has reached today's limit of automatic replies; a sales manager will follow up with you.";
}
