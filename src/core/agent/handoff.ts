import type { Language } from "../domain/language";
import { normalizeForChecks } from "./reply-checks/normalize";
import type { Handoff, ProductView } from "./types";
import { formatAed } from "./offline";

// The handoff types live in ./types (the tools and the turn record them); re-exported here.
export { HANDOFF_REASONS, type Handoff, type HandoffReason } from "./types";

const HUMAN_REQUEST = [
  // "Are you a real person?" asks what we are; it does not ask for one.
  /\b(?<!are you (a )?)(human|real person|live agent|someone real|sales ?(person|rep|manager)|a manager|your manager|speak to (someone|somebody|a person)|talk to (someone|somebody|a person)|call me)\b/i,
  // Normalised Arabic. "مدير" alone is not enough: "مكتب مدير" is an executive desk.
  /((اتحدث|التحدث|اكلم|كلم|تكلم|اتواصل|التواصل|تواصل)\s+(مع\s+)?(موظف|مدير|شخص|انسان|احد|حد)|شخص حقيقي|انسان حقيقي|خدمه العملاء|موظف خدمه|بشري|اتصل بي|اتصلوا بي)/,
];
// "الأرخص" (the cheapest one) picks a product; "أرخص" alone asks for a lower price.
const DISCOUNT = [/\b(discount|cheaper price|best price|lower (the )?price|special price|deal on price)\b/i, /\b\d+(?:\.\d+)?%\s*(?:off|less)\b/, /(خصم|تخفيض|سعر افضل|(?<!ال)ارخص)/];
const FRUSTRATION = [
  /\b(useless|stupid|ridiculous|terrible|worst|waste of (my )?time|not helpful|you are a bot|angry|annoying)\b/i,
  /(غبي|سيء|زفت|مو مفيد|غير مفيد|مضيعة للوقت|تعبتني)/,
  /[!?]{4,}/,
];

// A complaint about an order that did not come: nothing the assistant can look up or fix.
const ORDER_COMPLAINT = [
  /\b(?:(?:has|have|had|did|was|were|is|are)(?:n'?t| not)|never|still not|not yet)\s+(?:been\s+|yet\s+)?(?:arrived?|delivered|shipped)\b/i,
  /\b(?:late|delayed|missing) (?:delivery|order)\b|\b(?:delivery|order) (?:is|was) (?:late|delayed|missing)\b|\bwhere is my (?:order|delivery)\b|\bunacceptable\b/i,
  /((لم|ما) ?(يصل|تصل|وصل|وصلت|يتم التوصيل)|تاخر (الطلب|التوصيل|الطلبيه)|(الطلب|الطلبيه|التوصيل) (متاخر|تاخر)|(وين|اين) طلبي|غير مقبول)/,
];
// Work to the customer's own design: priced and promised only by a person.
const CUSTOM_WORK = [
  /\b(?:custom[- ]?(?:made|built|designed|design|sized?|dimensions?)|made[- ]to[- ](?:order|measure)|bespoke|tailor[- ]made|engrav(?:e|ed|ing)|(?:with|put|add) (?:our|my|the) (?:company |brand )?logo)\b/i,
  /(تفصيل|حسب الطلب|حسب المقاس|مقاس خاص|تصميم خاص|بشعار|شعار الشركه)/,
];

/** Percentages a text states ("20%", "٢٠٪", "20 percent"). */
export function statedPercents(text: string): number[] {
  return [...normalizeForChecks(text).matchAll(/(\d{1,3}(?:\.\d+)?)%/g)].map((m) => Number(m[1]));
}

/**
 * Rules in code, before any model runs: explicit request, frustration, and a discount request
 * beyond `maxDiscountPercent` (any discount request when the policy allows none).
 */
export function handoffByRules(text: string, maxDiscountPercent = 0): Handoff | null {
  // Read as the checks on replies read text: "30 pct off", "خصم ثلاثين بالمئة", zero-width spaces.
  const normalized = normalizeForChecks(text);
  const matches = (patterns: RegExp[]) => patterns.some((p) => p.test(text) || p.test(normalized));
  if (matches(HUMAN_REQUEST)) return { reason: "customer_request", summary: "The customer asked for a person." };
  if (matches(FRUSTRATION)) return { reason: "frustration", summary: "The customer sounds frustrated." };
  if (matches(ORDER_COMPLAINT)) return { reason: "frustration", summary: "The customer is complaining about an order that is late or has not arrived." };
  if (matches(DISCOUNT) && (maxDiscountPercent === 0 || statedPercents(text).some((p) => p > maxDiscountPercent))) {
    return { reason: "policy", summary: "The customer asked for a discount beyond policy, which only a manager can decide." };
  }
  return null;
}

/**
 * A request for custom-made work. The model can talk it through and hand off when it should; the
 * offline salesperson cannot, so it hands off at once instead of listing catalogue products.
 */
export function customWorkRequest(text: string): Handoff | null {
  const normalized = normalizeForChecks(text);
  return CUSTOM_WORK.some((p) => p.test(text) || p.test(normalized))
    ? { reason: "custom_design", summary: "The customer asks for custom-made work (their own size, finish or branding)." }
    : null;
}

/** Words after a number that make it a measure, not a quantity ("180 cm", "8 people", "800 AED"). */
const NOT_A_QUANTITY =
  /^(cm|mm|m|meters?|metres?|kg|in|inch(es)?|ft|feet|x|×|aed|dhs?|dirhams?|people|persons?|pax|seats?|seater|staff|employees|years?|days?|weeks?|months?|%|سم|مم|متر|كغ|درهم|شخص|اشخاص|افراد|موظف|موظفين|سنه|سنوات|يوم|ايام)$/i;

/** Quantities the customer wrote: a whole number followed by a word that is not a unit or a head count. */
export function statedQuantities(text: string): number[] {
  const quantities: number[] = [];
  // Not digits inside a SKU or a word ("CH-TMP-1003 to 4" states 4, not 1003).
  for (const match of normalizeForChecks(text).matchAll(/(?<![\d.,×x\-/\p{L}])(\d{1,5})\s*([\p{L}%×]+)/gu)) {
    const value = Number(match[1]);
    if (value >= 2 && !NOT_A_QUANTITY.test(match[2]!)) quantities.push(value);
  }
  return quantities;
}

/**
 * An order above the threshold goes to a manager: a quantity the customer wrote times the price
 * of a product the turn showed them.
 */
export function handoffByOrderValue(text: string, evidence: Iterable<ProductView>, thresholdAed: number): Handoff | null {
  const quantities = statedQuantities(text);
  if (quantities.length === 0) return null;
  const quantity = Math.max(...quantities);
  for (const product of evidence) {
    const total = quantity * product.priceAed;
    if (total >= thresholdAed) {
      return {
        reason: "order_value",
        summary: `About ${quantity} × ${product.name} (${product.sku}) ≈ ${formatAed(total, "en")}, above the ${formatAed(thresholdAed, "en")} threshold.`,
      };
    }
  }
  return null;
}

/** What the customer is told when a manager takes over. */
export function handoffNotice(language: Language): string {
  return language === "ar"
    ? "سأحوّل محادثتك الآن إلى أحد مديري المبيعات لدينا، وسيرد عليك هنا قريباً."
    : "I'm passing your chat to one of our sales managers now; they will reply to you here shortly.";
}

/** How every manager notification starts, so its echo in the manager's own chat is recognised. */
export const MANAGER_NOTIFICATION_PREFIX = "Handoff needed:";

/** The WhatsApp message managers receive. It carries the customer's number: managers must reach them. */
export function managerNotification(input: { chatId: string; customerName: string | null; handoff: Handoff }): string {
  const who = input.customerName ? `${input.customerName} (+${input.chatId})` : `+${input.chatId}`;
  return `${MANAGER_NOTIFICATION_PREFIX} ${who}\nReason: ${input.handoff.reason.replace(/_/g, " ")}\n${input.handoff.summary}`;
}
