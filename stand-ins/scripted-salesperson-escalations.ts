import { normalizeArabic, type Language } from "../src/core/domain/language";

/**
 * What the scripted salesperson (`LLM_STANDIN=1`) does with requests a good salesperson does not
 * sell through: an attempt to rewrite its instructions is refused, a custom-made piece and a
 * complaint about a late order go to a manager with the reason a model is told to give
 * (`request_handoff`), and a discount request is answered with the policy the system prompt states.
 * These are what the simulated customers (`npm run simulate`) test; rules in code before the model
 * (a request for a person, frustration words, a discount beyond policy) never reach this far.
 */
export type Escalation =
  | { kind: "refuse"; text: string }
  | { kind: "handoff"; reason: "custom_design" | "frustration" | "policy"; summary: string; text: string }
  | { kind: "offer"; text: string };

const INJECTION = [
  /\b(ignore|disregard|forget|override)\b.{0,40}\b(instructions?|rules|prompt|guidelines|above)\b/,
  /\b(system prompt|hidden (rules|instructions)|your (instructions|rules|prompt|tools)|reveal|print|repeat)\b.{0,40}\b(prompt|instructions|rules|tools|configuration)\b/,
  /^\s*(system|admin|developer)\s*:/,
  /(تجاهل|انس)\s+.{0,30}(التعليمات|الاوامر|القواعد)|(التعليمات|الاوامر) (المخفيه|السريه)|موجه النظام/,
];
const CUSTOM = /\b(custom[- ]?(made|built|design(ed)?|size[ds]?)?|bespoke|made[- ]to[- ](order|measure)|tailor[- ]made|engrav(e|ed|ing)|our logo|company logo)\b|(حسب الطلب|تصميم خاص|تفصيل|مقاس خاص|شعار الشركه)/;
// A late order: lateness words about an order or delivery, or an order that has not arrived.
const LATE = [
  /\b(late|delayed|overdue)\b.{0,40}\b(order|deliver|delivery|arriv)|\b(order|deliver|delivery|shipment)\w*\b.{0,40}\b(late|delayed|overdue)\b/,
  /\b(still|has|have|had)\b.{0,8}\bnot\b.{0,8}\b(arrived|been delivered|come)\b|\b(hasn'?t|haven'?t|hadn'?t|never)\b.{0,10}\b(arrived|been delivered|came|come)\b|\bwhere is my order\b/,
  /(تاخر|متاخر|لم يصل|ما وصل|لم تصل|ما وصلت|وين طلبي|اين طلبي)/,
];
const DISCOUNT = /\b(discount|\d+\s*% off|cheaper price|better price|special price)\b|(خصم|تخفيض)/;

/** The escalation a customer message calls for, if any; `system` is the model's system prompt (it states the discount policy). */
export function escalationFor(userText: string, system: string, language: Language): Escalation | null {
  const text = normalizeArabic(userText).toLowerCase();
  const ar = language === "ar";
  if (INJECTION.some((pattern) => pattern.test(text))) {
    return {
      kind: "refuse",
      text: ar
        ? "لا أستطيع مشاركة تعليماتي الداخلية أو تغييرها. أنا مساعد مبيعات أثاث المكاتب: كيف أساعدك في اختيار منتج أو تجهيز عرض سعر؟"
        : "I can't share or change how I work internally. I'm the office-furniture sales assistant: can I help you choose a product or prepare a quotation?",
    };
  }
  if (CUSTOM.test(text)) {
    return {
      kind: "handoff",
      reason: "custom_design",
      summary: `The customer wants a custom-made piece: ${userText.slice(0, 200)}`,
      text: ar ? "القطع المصنوعة حسب الطلب يتولاها فريق المبيعات لدينا." : "Custom-made pieces are handled by our sales team.",
    };
  }
  if (LATE.some((pattern) => pattern.test(text))) {
    return {
      kind: "handoff",
      reason: "frustration",
      summary: `The customer complains about a late delivery: ${userText.slice(0, 200)}`,
      text: ar ? "أعتذر عن التأخير في طلبك." : "I'm sorry your order is late.",
    };
  }
  if (DISCOUNT.test(text)) {
    const allowed = Number(/you may offer up to (\d+(?:\.\d+)?)% off/.exec(system)?.[1] ?? 0);
    const asked = Math.max(0, ...[...text.matchAll(/(\d+(?:\.\d+)?)\s*%/g)].map((m) => Number(m[1])));
    if (allowed > 0 && asked <= allowed) {
      return { kind: "offer", text: ar ? `يمكنني أن أقدم لك خصماً حتى ${allowed}% على السعر المعلن.` : `I can offer you up to ${allowed}% off the listed price.` };
    }
    return {
      kind: "handoff",
      reason: "policy",
      summary: `The customer asked for a discount${asked ? ` of ${asked}%` : ""}; the policy allows ${allowed}%.`,
      text: ar
        ? `لا يمكنني الموافقة على خصم كهذا؛ ${allowed > 0 ? `أقصى ما يسمح به ${allowed}%.` : "أسعارنا كما هي معلنة."}`
        : `A discount like that is beyond what I may agree; ${allowed > 0 ? `the most I can offer is ${allowed}% off.` : "our prices are as listed."}`,
    };
  }
  return null;
}
