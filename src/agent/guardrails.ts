import { normalizeArabic, type Language } from "../domain/language";
import { TOOL_NAMES } from "./tools";

/**
 * Guardrails in code, around the model: requests a sales assistant must not serve are declined
 * before any model runs (WhatsApp forbids general-purpose AI chatbots), and a draft that leaks
 * instructions, tools or other people's data, promises a discount or claims an order is
 * replaced before it is sent. The prompt asks for the same; these hold when the model does not.
 */
const OFF_TOPIC = [
  /\b(write|generate|compose)\b.{0,40}\b(code|script|program|function|poem|essay|story|song|lyrics|homework|article|cover letter)\b/i,
  /\b(python|javascript|sql query|regex|c\+\+)\b/i,
  /\b(weather|forecast|election|politics|president|bitcoin|crypto|stock market|football score|recipe)\b/i,
  /\b(solve|calculate)\b.{0,30}\b(equation|integral|math)\b/i,
  /\b(pretend (you are|to be)|act as|you are now|developer mode|jailbreak|DAN\b|no (rules|restrictions))/i,
  /(اكتب|اكتبي)\s+(لي\s+)?(قصيده|شعر|مقال|قصه|كود|برنامج)/,
  /(الطقس|الانتخابات|السياسه|بيتكوين|وصفه طبخ)/,
];

export function isOffTopic(text: string): boolean {
  const normalized = normalizeArabic(text);
  return OFF_TOPIC.some((pattern) => pattern.test(text) || pattern.test(normalized));
}

export function declineReply(language: Language): string {
  return language === "ar"
    ? "أنا مساعد مبيعات أثاث المكاتب، ويمكنني المساعدة في المنتجات والأسعار والتوفر والتوصيل وصالة العرض فقط. ما الذي تبحث عنه لمكتبك؟"
    : "I'm the office-furniture sales assistant, so I can only help with our products, prices, stock, delivery and showroom. What are you looking for for your office?";
}

export type Violation = "prompt_leak" | "tool_leak" | "personal_data" | "discount_promise" | "order_claim";

const DISCOUNT_PROMISE = [/\b\d{1,2}\s?%\s?(off|discount)\b/i, /\b(discount of|special discount|give you a discount|discounted price)\b/i, /(خصم|تخفيض)\s+\d/];
const ORDER_CLAIM = [
  /\b(order|sale order|purchase) (has been|is|was) (placed|created|confirmed|submitted)\b/i,
  /\b(i('ve| have) (placed|created|submitted) (your|the) order)\b/i,
  /(تم (تأكيد|انشاء|إنشاء|تنفيذ) (طلبك|الطلب))/,
];

/**
 * Checks a draft before it is sent. `systemPrompt` is what the model was given; `ownPhone` is the
 * customer's number (they may see it); ordering is impossible until quotations exist, so any
 * claim of a placed order is false.
 */
export function screenReply(
  draft: string,
  context: { systemPrompt: string; ownPhone: string | null; maxDiscountPercent?: number; /** The customer confirmed a quotation this turn. */ orderConfirmed?: boolean },
): Violation | null {
  if (sharesLongRun(draft, context.systemPrompt, 8)) return "prompt_leak";
  if (/\b(system prompt|my instructions (are|say)|rules you never break)\b/i.test(draft)) return "prompt_leak";
  if (TOOL_NAMES.some((name) => draft.includes(name))) return "tool_leak";
  const phones = draft.match(/\+?\d[\d\s-]{8,}\d/g) ?? [];
  if (phones.some((p) => p.replace(/\D/g, "") !== context.ownPhone)) return "personal_data";
  if (/[\w.+-]+@[\w-]+\.[\w.]+/.test(draft)) return "personal_data";
  if (DISCOUNT_PROMISE.some((p) => p.test(draft)) && !withinDiscountPolicy(draft, context.maxDiscountPercent ?? 0)) return "discount_promise";
  if (!context.orderConfirmed && ORDER_CLAIM.some((p) => p.test(draft))) return "order_claim";
  return null;
}

/** A discount the reply offers is allowed when the policy allows one and every percentage is within it. */
function withinDiscountPolicy(draft: string, maxPercent: number): boolean {
  if (maxPercent <= 0) return false;
  const percents = [...normalizeArabic(draft).replace(/٪/g, "%").matchAll(/(\d{1,3}(?:\.\d+)?)\s*%/g)].map((m) => Number(m[1]));
  return percents.every((p) => p <= maxPercent);
}

/** True when `a` contains a run of `n` consecutive words that also appears in `b`. */
function sharesLongRun(a: string, b: string, n: number): boolean {
  const words = (text: string) => normalizeArabic(text).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  const source = words(b);
  const runs = new Set<string>();
  for (let i = 0; i + n <= source.length; i++) runs.add(source.slice(i, i + n).join(" "));
  const target = words(a);
  for (let i = 0; i + n <= target.length; i++) if (runs.has(target.slice(i, i + n).join(" "))) return true;
  return false;
}
