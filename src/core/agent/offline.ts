import type { Language } from "../domain/language";

/**
 * Small texts shared by the engine. The offline salesperson itself (no LLM, or the provider
 * down) lives in `./offline/`.
 */
export function formatAed(amount: number, language: Language): string {
  const value = amount.toLocaleString("en-US", { minimumFractionDigits: 0, maximumFractionDigits: 2 });
  return language === "ar" ? `${value} درهم` : `${value} AED`;
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
