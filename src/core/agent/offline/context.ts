import { normalizeArabic } from "../../domain/language";
import { plainNumbers, statedQuantity } from "./numbers";

/**
 * What the offline salesperson remembers between turns, read back from the conversation itself:
 * the products its last listing showed (numbered lines carrying SKUs and prices), what its last
 * reply asked for, and the open quotation as the turn's quotation note states it. Nothing extra is
 * stored: the history the conversation already keeps is the state.
 */
export interface ShownProduct {
  sku: string;
  priceAed: number;
  /** The name as the listing wrote it (in the customer's language). */
  name: string;
}

/** One earlier message, as the turn passes its history. */
export interface PastMessage {
  role: "customer" | "agent" | "manager";
  text: string;
}

export interface OfflineContext {
  /** Products of the latest listing, in the order shown ("the second one" is index 1). */
  shown: ShownProduct[];
  /** What the last agent reply asked the customer for. */
  asked: "which" | "details" | "confirm" | "clarify" | "notify" | null;
  /** The out-of-stock product (SKU) the last reply offered a back-in-stock notice for. */
  notifyOffer: string | null;
  /** A quantity the customer stated before we asked which product they meant. */
  pendingQuantity: number | null;
  /** The open quotation: its state and SKUs, when there is one. */
  quotation: { state: "draft" | "shown"; skus: string[] } | null;
  /** The quotation number of an order this conversation confirmed ("when will it arrive?" is about it). */
  ordered: string | null;
  /** Earlier customer messages, newest first (categories and budgets carry over from them). */
  earlierCustomerTexts: string[];
}

/** Markers the replies carry so the next turn knows what was asked (see replies.ts). */
export const ASK_MARKERS = {
  which: ["Which one do you mean", "أي منتج تقصد"],
  details: ["To prepare your quotation I need", "لإعداد عرض السعر أحتاج"],
  confirm: ["Reply YES or CONFIRM", `للتأكيد ردّ بكلمة "نعم"`],
  clarify: ["I did not quite understand", "لم أفهم طلبك تماماً"],
  notify: ["Shall I message you once when it is back in stock", "هل أرسل لك رسالة واحدة عند توفره"],
} as const;

const LISTING_LINE = /^\s*(\d{1,2})\.\s(.*?)\s*\(([A-Z]{2,}(?:-[A-Z0-9]+)+)\)(?!\s*×)[^\n]*?([\d,]+(?:\.\d+)?)\s*(?:AED|درهم)/;

export function readContext(history: PastMessage[], quotationNote: string | null | undefined): OfflineContext {
  const agentReplies = history.filter((h) => h.role === "agent");
  const lastReply = agentReplies[agentReplies.length - 1]?.text ?? "";
  let shown: ShownProduct[] = [];
  for (let i = agentReplies.length - 1; i >= 0 && shown.length === 0; i--) shown = listing(agentReplies[i]!.text);
  const asked = (Object.keys(ASK_MARKERS) as (keyof typeof ASK_MARKERS)[]).find((key) => ASK_MARKERS[key].some((marker) => lastReply.includes(marker))) ?? null;
  const earlierCustomerTexts = history
    .filter((h) => h.role === "customer")
    .map((h) => h.text)
    .reverse();
  // "2 of those" asked back "which one?": the 2 still stands when the answer is "the first".
  const previous = earlierCustomerTexts[0];
  const pendingQuantity = asked === "which" && previous ? statedQuantity(plainNumbers(normalizeArabic(previous))) : null;
  const notifyOffer = asked === "notify" ? (/\(([A-Z]{2,}(?:-[A-Z0-9]+)+)\)/.exec(lastReply)?.[1] ?? null) : null;
  return { shown, asked, notifyOffer, pendingQuantity, quotation: parseQuotationNote(quotationNote), ordered: orderedQuotation(agentReplies.map((r) => r.text)), earlierCustomerTexts };
}

/** The latest quotation our replies said was confirmed or ordered (`customerSaid` in src/core/orders/messages.ts writes these). */
export function orderedQuotation(replies: string[]): string | null {
  for (let i = replies.length - 1; i >= 0; i--) {
    const match = /(?:Quotation (Q-\d+) is confirmed|for quotation (Q-\d+) has been created|تم تأكيد عرض السعر (Q-\d+)|لعرض السعر (Q-\d+) بإجمالي)/.exec(replies[i]!);
    if (match) return match[1] ?? match[2] ?? match[3] ?? match[4]!;
  }
  return null;
}

/** The numbered product lines of one reply ("1. Aero Mesh Chair (CH-ERG-1001): 1,450 AED, 64 in stock"). */
export function listing(text: string): ShownProduct[] {
  const products: ShownProduct[] = [];
  for (const line of text.split("\n")) {
    const match = LISTING_LINE.exec(line);
    if (match) products.push({ sku: match[3]!, priceAed: Number(match[4]!.replace(/,/g, "")), name: match[2]! });
  }
  return products;
}

/** "Open quotation Q-000012 (shown): 2 × CH-ERG-1001, 1 × DK-…" as `QuotationDesk.summaryFor` writes it. */
function parseQuotationNote(note: string | null | undefined): OfflineContext["quotation"] {
  const match = note ? /\((draft|shown)\):\s*(.*?)\.\s/.exec(note) : null;
  if (!match) return null;
  const skus = [...match[2]!.matchAll(/×\s*([A-Z0-9-]+)/g)].map((m) => m[1]!);
  return { state: match[1] as "draft" | "shown", skus };
}
