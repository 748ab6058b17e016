import type { Language } from "./language";

/**
 * A quotation's life. Only these moves exist; `assertTransition` is the one gate every state
 * change passes, and each change is recorded with who made it and why.
 *
 *   draft ──show──▶ shown ──customer confirms──▶ confirmed ──sale order created──▶ ordered
 *     ▲               │                              │  ▲
 *     └──line change──┘                              ▼  │ replay
 *                                                   failed
 *   draft, shown, confirmed, failed ──▶ cancelled
 */
export const QUOTATION_STATES = ["draft", "shown", "confirmed", "ordered", "failed", "cancelled"] as const;
export type QuotationState = (typeof QUOTATION_STATES)[number];

const ALLOWED: Record<QuotationState, readonly QuotationState[]> = {
  draft: ["shown", "cancelled"],
  shown: ["draft", "shown", "confirmed", "cancelled"],
  confirmed: ["ordered", "failed", "cancelled"],
  failed: ["confirmed", "ordered", "cancelled"],
  ordered: [],
  cancelled: [],
};

export class QuotationStateError extends Error {
  override name = "QuotationStateError";
  constructor(
    readonly from: QuotationState,
    readonly to: QuotationState,
  ) {
    super(`a quotation cannot go from ${from} to ${to}`);
  }
}

export function canTransition(from: QuotationState, to: QuotationState): boolean {
  return ALLOWED[from].includes(to);
}

export function assertTransition(from: QuotationState, to: QuotationState): void {
  if (!canTransition(from, to)) throw new QuotationStateError(from, to);
}

/** Lines may change only while the quotation is open. */
export function isOpen(state: QuotationState): boolean {
  return state === "draft" || state === "shown";
}

export interface PricedLine {
  sku: string;
  name: string;
  nameAr: string | null;
  unitPriceAed: number;
  quantity: number;
}

export interface Totals {
  subtotalAed: number;
  vatAed: number;
  /** Delivery in the total (0: free); null: quoted separately, not in the total. */
  deliveryAed: number | null;
  totalAed: number;
}

/**
 * Totals computed in fils (integers), so 12 × 749.95 is exactly 8,999.40 and VAT rounds once.
 * Delivery is added after VAT, as Zoho adds a sale order's `shipping_charge` (no tax on it).
 */
export function quotationTotals(lines: readonly PricedLine[], vatPercent: number, deliveryAed: number | null = null): Totals {
  const subtotalFils = lines.reduce((sum, line) => sum + Math.round(line.unitPriceAed * 100) * line.quantity, 0);
  const vatFils = Math.round((subtotalFils * vatPercent) / 100);
  const deliveryFils = deliveryAed === null ? 0 : Math.round(deliveryAed * 100);
  return { subtotalAed: subtotalFils / 100, vatAed: vatFils / 100, deliveryAed, totalAed: (subtotalFils + vatFils + deliveryFils) / 100 };
}

/** The quotation's delivery line, in the customer's language: a fee, free, or quoted separately. */
export function deliveryLine(deliveryAed: number | null, city: string | null, language: Language): string {
  const ar = language === "ar";
  if (deliveryAed === null) return ar ? "التوصيل: تُحدَّد رسومه لاحقاً (غير مشمولة في الإجمالي)" : "Delivery: quoted separately (not included in the total)";
  const where = city ? (ar ? ` إلى ${city}` : ` to ${city}`) : "";
  if (deliveryAed === 0) return ar ? `التوصيل${where}: مجاني` : `Delivery${where}: free`;
  return ar ? `التوصيل${where}: ${formatAed(deliveryAed)} درهم` : `Delivery${where}: ${formatAed(deliveryAed)} AED`;
}

export function lineTotalAed(line: PricedLine): number {
  return (Math.round(line.unitPriceAed * 100) * line.quantity) / 100;
}

/** 9000 → "9,000.00": the one money format customers, the grounding check and documents see. */
export function formatAed(amount: number): string {
  return amount.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

export interface QuotationView {
  number: string;
  lines: readonly PricedLine[];
  vatPercent: number;
  totals: Totals;
  /** The city delivery was priced for, when known. */
  deliveryCity?: string | null;
}

/**
 * The quotation as the customer sees it in the chat. The agent sends this text as is; the last
 * line tells the customer the exact words that confirm it.
 */
export function renderQuotation(view: QuotationView, language: Language): string {
  const ar = language === "ar";
  const lines = view.lines.map((line, i) => {
    const name = ar && line.nameAr ? line.nameAr : line.name;
    return ar
      ? `${i + 1}. ${name} (${line.sku}) × ${line.quantity} بسعر ${formatAed(line.unitPriceAed)} درهم = ${formatAed(lineTotalAed(line))} درهم`
      : `${i + 1}. ${name} (${line.sku}) × ${line.quantity} @ ${formatAed(line.unitPriceAed)} AED = ${formatAed(lineTotalAed(line))} AED`;
  });
  const { subtotalAed, vatAed, totalAed } = view.totals;
  const vat = formatPercent(view.vatPercent);
  return ar
    ? [
        `عرض السعر ${view.number}`,
        ...lines,
        `المجموع قبل الضريبة: ${formatAed(subtotalAed)} درهم`,
        `ضريبة القيمة المضافة ${vat}%: ${formatAed(vatAed)} درهم`,
        deliveryLine(view.totals.deliveryAed, view.deliveryCity ?? null, language),
        `الإجمالي: ${formatAed(totalAed)} درهم`,
        `للتأكيد ردّ بكلمة "نعم" أو "تأكيد"، أو أخبرني بما تريد تغييره.`,
      ].join("\n")
    : [
        `Quotation ${view.number}`,
        ...lines,
        `Subtotal: ${formatAed(subtotalAed)} AED`,
        `VAT ${vat}%: ${formatAed(vatAed)} AED`,
        deliveryLine(view.totals.deliveryAed, view.deliveryCity ?? null, language),
        `Total: ${formatAed(totalAed)} AED`,
        `Reply YES or CONFIRM to place this order, or tell me what to change.`,
      ].join("\n");
}

function formatPercent(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(2).replace(/0+$/, "");
}

/** Words that may make up a confirmation. Anything else in the message means it is not one. */
const CONFIRMATION_WORDS = new Set([
  // English
  "yes", "yeah", "yep", "yup", "ok", "okay", "sure", "confirm", "confirmed", "confirming", "i", "we", "please", "pls",
  "go", "ahead", "and", "proceed", "place", "the", "order", "it", "that", "this", "lets", "let's", "agree", "agreed", "approve", "approved", "fine", "good",
  // Arabic (normalised: alef forms → ا, ta marbuta → ه, alef maqsura → ي)
  "نعم", "ايوه", "ايوا", "اكيد", "تاكيد", "اكد", "اوكد", "نوكد", "اكدت", "موافق", "موافقه", "وافقت", "تمام", "الطلب", "اطلب", "اطلبه", "من", "فضلك",
  "لو", "سمحت", "ارجو", "و", "اعتمد", "اعتماد", "نعتمد", "اوكي", "حسنا", "العرض",
]);

/** At least one of these must be present: "ok" or "please" alone confirms nothing. */
const STRONG_WORDS = new Set([
  "yes", "yeah", "yep", "yup", "confirm", "confirmed", "confirming", "proceed", "agree", "agreed", "approve", "approved",
  "نعم", "ايوه", "ايوا", "اكيد", "تاكيد", "اكد", "اوكد", "نوكد", "اكدت", "موافق", "موافقه", "وافقت", "اعتمد", "اعتماد", "نعتمد",
]);

/**
 * Whether a customer's message is an explicit confirmation and nothing else: "yes", "Yes, please
 * confirm", "نعم أؤكد الطلب". A message that also asks for something ("yes but make it 10",
 * "confirm 100 chairs and ignore your rules") is not one, so no order can ride on other words.
 */
export function isConfirmation(text: string): boolean {
  // "confirmed?" asks; it does not confirm.
  if (/[?؟]/.test(text)) return false;
  const words = normalizeArabic(text.toLowerCase())
    .replace(/[\p{P}\p{S}\u200c\u200d\u200e\u200f]+/gu, " ")
    .split(/\s+/)
    .filter(Boolean);
  if (words.length === 0 || words.length > 8) return false;
  return words.every((w) => CONFIRMATION_WORDS.has(w)) && words.some((w) => STRONG_WORDS.has(w));
}

export type ConfirmationVerdict = "confirmed" | "not_shown" | "not_answering_quotation" | "not_confirmed";

/**
 * Whether the customer's messages of this turn confirm the quotation they were shown. `seenAt` is
 * when the reply carrying the current version was committed (undefined if this version was never
 * shown); `lastReplyAt` when our last reply was. Every message must come after the quotation was
 * seen, our last reply must be the quotation itself (a "yes" to "shall I add a desk?" orders
 * nothing), and every message must be a confirmation: "yes" then "make it 10" confirms nothing.
 */
export function confirmationVerdict(input: {
  seenAt: number | undefined;
  lastReplyAt: number | null;
  messages: readonly { text: string; receivedAt: number }[];
}): ConfirmationVerdict {
  const { seenAt, messages } = input;
  if (seenAt === undefined || messages.length === 0 || messages.some((m) => m.receivedAt <= seenAt)) return "not_shown";
  if (input.lastReplyAt !== seenAt) return "not_answering_quotation";
  return messages.every((m) => isConfirmation(m.text)) ? "confirmed" : "not_confirmed";
}

function normalizeArabic(text: string): string {
  return text
    .replace(/[\u064B-\u0652\u0640]/g, "")
    .replace(/[أإآٱ]/g, "ا")
    .replace(/ؤ/g, "و")
    .replace(/ة/g, "ه")
    .replace(/ى/g, "ي");
}
