import type { Language } from "../domain/language";
import { nationalDigits, numbersIn, readFigures } from "./reply-checks/figures";
import { normalizeForChecks } from "./reply-checks/normalize";
import { claimsOrder } from "./reply-checks/order-claims";
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
  const normalized = normalizeForChecks(text);
  return OFF_TOPIC.some((pattern) => pattern.test(text) || pattern.test(normalized));
}

export function declineReply(language: Language): string {
  return language === "ar"
    ? "أنا مساعد مبيعات أثاث المكاتب، ويمكنني المساعدة في المنتجات والأسعار والتوفر والتوصيل وصالة العرض فقط. ما الذي تبحث عنه لمكتبك؟"
    : "I'm the office-furniture sales assistant, so I can only help with our products, prices, stock, delivery and showroom. What are you looking for for your office?";
}

/** Added to the fallback reply when the model's draft made a promise the evidence does not support. */
export function managerOffer(language: Language): string {
  return language === "ar"
    ? "لا أستطيع تأكيد ذلك بنفسي. هل تريد أن يتواصل معك أحد مديرينا بخصوص ذلك؟"
    : "I can't confirm that myself. Would you like one of our managers to contact you about it?";
}

export type Violation = "prompt_leak" | "tool_leak" | "personal_data" | "discount_promise" | "order_claim";

/** A discount offered in words rather than a percentage. */
const DISCOUNT_PHRASES = [
  /\b(?:special|extra|exclusive|additional|personal) (?:discount|deal|price|offer|reduction)\b/,
  /\b(?:discount|reduction|rebate|markdown) of\b/,
  /\b(?:give|offer|make|let|do|get|grant) (?:\w+ ){0,3}(?:a |an |the )?(?:discount|deal|better price|lower price|reduced price|cheaper price|reduction|rebate)\b/,
  /\b(?:discounted|reduced|lowered|slashed|cut) (?:price|rate|cost)\b/,
  /\b(?:lower|reduce|drop|cut|knock(?: down)?) (?:the |its |their |that |this |your )(?:price|cost|rate)\b/,
  /\bbuy \d+ (?:\w+ )?get \d+\b/,
  /\b(?:promo|coupon|voucher) ?code\b|\bon the house\b|\bfree (?:chair|desk|gift|item|unit|product|cushion|lamp|one)\b/,
  /(?:سعر خاص|خصم خاص|تخفيض خاص|سعر مخفض|اسعار مخفضه|سعر افضل لك|اعطيك خصم|نعطيك خصم|امنحك خصم|بخصم|كود خصم)/,
];
const HALF_PRICE = /\bhalf (?:price|off|the price)\b|نصف السعر/;

/** What a screened reply may repeat: the customer's number, and what the turn's evidence states. */
export interface ScreenContext {
  /** What the model was given as its system prompt. */
  systemPrompt: string;
  /** The customer's own number (digits): they may see it. */
  ownPhone: string | null;
  maxDiscountPercent?: number;
  /** The customer confirmed a quotation this turn (or it was already confirmed): the reply may say so. */
  orderConfirmed?: boolean;
  /** Everything the turn's tools returned (results, knowledge passages, the desk's texts). */
  evidenceText?: string;
  /** The customer's own words. Like the evidence, they license phone numbers, e-mail addresses and percentages, but never an order claim. */
  customerText?: string;
}

/**
 * Checks a draft before it is sent, read as the customer would see it (`normalizeForChecks`):
 * no instructions or tool names, no phone number or e-mail address the evidence does not hold,
 * no percentage the policy or the evidence does not allow, no discount in words when the policy
 * allows none, and no claim of an order unless one was confirmed.
 */
export function screenReply(draft: string, context: ScreenContext): Violation | null {
  const text = normalizeForChecks(draft);
  const tools = normalizeForChecks(context.evidenceText ?? "");
  const evidence = `${tools}\n${normalizeForChecks(context.customerText ?? "")}`;
  if (sharesLongRun(text, normalizeForChecks(context.systemPrompt), 8)) return "prompt_leak";
  if (/\b(system prompt|system message|my (instructions|rules|guidelines) (are|say)|rules you never break)\b/.test(text)) return "prompt_leak";
  // Also "search-products" and markdown's "search\_products".
  if (TOOL_NAMES.some((name) => new RegExp(name.replace(/_/g, "[_-]")).test(text.replace(/\\_/g, "_")))) return "tool_leak";
  if (leaksPersonalData(text, evidence, context.ownPhone)) return "personal_data";
  if (promisesDiscount(text, evidence, context.maxDiscountPercent ?? 0)) return "discount_promise";
  if (!context.orderConfirmed && claimsOrder(withoutEvidenceLines(text, tools))) return "order_claim";
  return null;
}

/** Phone numbers other than the customer's own or one the evidence states (the showroom's); e-mail addresses the evidence does not hold. */
function leaksPersonalData(text: string, evidence: string, ownPhone: string | null): boolean {
  const allowed = new Set(readFigures(evidence).phones.map((p) => nationalDigits(p.text)));
  if (ownPhone) allowed.add(nationalDigits(ownPhone.replace(/\D/g, "")));
  if (readFigures(text).phones.some((p) => !allowed.has(nationalDigits(p.text)))) return true;
  const emails = [...text.replace(EMAIL_SPELLED, "$1@$2.$3").matchAll(EMAIL)].map((m) => m[0]);
  return emails.some((email) => !evidence.includes(email));
}
const EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g;
// "ahmed at example dot com", "ahmed [at] example [dot] com".
const EMAIL_SPELLED = /([\w.+-]+)\s*(?:\(at\)|\[at\]|\sat\s)\s*([\w-]+)\s*(?:\(dot\)|\[dot\]|\sdot\s)\s*([a-z]{2,})\b/g;

/**
 * Every percentage must be allowed: in a sentence about a discount, by the policy; elsewhere, by
 * the evidence (VAT in the quotation, "0% instalments" in the knowledge base). A discount in words
 * needs a policy that allows one.
 */
function promisesDiscount(text: string, evidence: string, maxPercent: number): boolean {
  const licensed = numbersIn(evidence);
  const percents = readFigures(text).percents;
  if (HALF_PRICE.test(text)) percents.push({ value: 50, text: "half", discount: true });
  for (const percent of percents) {
    if (percent.discount ? maxPercent <= 0 || percent.value > maxPercent : !licensed.has(percent.value)) return true;
  }
  if (maxPercent > 0) return false;
  // A phrase the evidence itself uses ("special offer" in a knowledge passage) is the retailer's, not the model's.
  return DISCOUNT_PHRASES.some((pattern) => [...text.matchAll(new RegExp(pattern.source, "g"))].some((m) => !evidence.includes(m[0])));
}

/** The reply without lines the evidence states word for word (the rendered quotation, the desk's own messages). */
function withoutEvidenceLines(text: string, evidence: string): string {
  return text
    .split("\n")
    .filter((line) => line.trim().length < 12 || !evidence.includes(line.trim()))
    .join("\n");
}

/** True when `a` contains a run of `n` consecutive words that also appears in `b` (both normalized). */
function sharesLongRun(a: string, b: string, n: number): boolean {
  const runs = wordRuns(b, n);
  const target = words(a);
  for (let i = 0; i + n <= target.length; i++) if (runs.has(target.slice(i, i + n).join(" "))) return true;
  return false;
}

const words = (text: string) => text.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
// The system prompt is the same for every draft of a turn (and most turns): its runs are built once.
let lastRuns: { text: string; n: number; runs: Set<string> } | null = null;
function wordRuns(text: string, n: number): Set<string> {
  if (lastRuns?.text === text && lastRuns.n === n) return lastRuns.runs;
  const source = words(text);
  const runs = new Set<string>();
  for (let i = 0; i + n <= source.length; i++) runs.add(source.slice(i, i + n).join(" "));
  lastRuns = { text, n, runs };
  return runs;
}
