import { readContext, type OfflineContext, type PastMessage } from "../src/core/agent/offline/context";
import { answerSentences } from "../src/core/agent/offline/knowledge";
import { say } from "../src/core/agent/offline/replies";
import { understand, type Understanding } from "../src/core/agent/offline/understand";
import type { Language } from "../src/core/domain/language";
import { escalationFor, type Escalation } from "./scripted-salesperson-escalations";

/**
 * The dialogue of the scripted OpenRouter stand-in (`LLM_STANDIN=1`): a deterministic "model" that
 * reads the customer as the offline salesperson does (the same rules, so the same natural
 * phrasings work) and answers like a model, with tool calls chosen from the tools the request
 * offers, then text built from the tool results. It is stateless: everything comes from the
 * request's messages, as with a real model.
 */
export interface WireMessage {
  role: string;
  content?: unknown;
  tool_calls?: unknown[];
}

export type SalespersonReply = { content: string } | { toolCall: { name: string; arguments: string } };

interface ToolProduct {
  id?: string;
  sku: string;
  name: string;
  name_en?: string;
  category?: string;
  price_aed: number;
  in_stock: number;
}

export function scriptedSalesperson(messages: WireMessage[], offeredTools: unknown[]): SalespersonReply {
  const offered = new Set(offeredTools.map((t) => (t as { function?: { name?: string } }).function?.name).filter(Boolean) as string[]);
  const lastUser = messages.map((m) => m.role).lastIndexOf("user");
  const userText = text(messages[lastUser]);
  const language: Language = /[\u0600-\u06FF]/.test(userText) ? "ar" : "en";
  const history: PastMessage[] = messages
    .slice(0, lastUser)
    .filter((m) => (m.role === "user" || m.role === "assistant") && text(m))
    .map((m) => ({ role: m.role === "user" ? "customer" : "agent", text: m.role === "user" ? text(m) : numberedListing(text(m)) }));
  const system = messages.filter((m) => m.role === "system").map(text).join("\n");
  const context = readContext(history, system);
  const meaning = understand(userText, context);
  const turn = new TurnSoFar(messages.slice(lastUser + 1), offered, language, context);
  const escalation = escalationFor(userText, system, language);
  return escalation ? escalate(escalation, turn) : respond(meaning, userText, turn);
}

/** Refuses, offers the policy, or hands off through `request_handoff` and then tells the customer. */
function escalate(escalation: Escalation, turn: TurnSoFar): SalespersonReply {
  if (escalation.kind !== "handoff" || turn.called("request_handoff")) return { content: escalation.text };
  return turn.call("request_handoff", { reason: escalation.reason, summary: escalation.summary });
}

/** The tool calls this turn already made and their results. */
class TurnSoFar {
  readonly calls: string[];
  readonly results: Record<string, unknown>[];

  constructor(
    since: WireMessage[],
    private readonly offered: Set<string>,
    readonly language: Language,
    readonly context: OfflineContext,
  ) {
    this.calls = since.filter((m) => m.role === "assistant").flatMap((m) => (m.tool_calls ?? []).map((c) => (c as { function: { name: string } }).function.name));
    this.results = since.filter((m) => m.role === "tool").map((m) => parse(text(m)));
  }

  called(name: string): boolean {
    return this.calls.includes(name);
  }

  result(name: string): Record<string, unknown> | undefined {
    const index = this.calls.lastIndexOf(name);
    return index >= 0 ? this.results[index] : undefined;
  }

  offers(name: string): boolean {
    return this.offered.has(name);
  }

  call(name: string, args: Record<string, unknown>): SalespersonReply {
    if (!this.offered.has(name)) return { content: this.language === "ar" ? "لا أستطيع القيام بذلك الآن." : "I cannot do that right now." };
    return { toolCall: { name, arguments: JSON.stringify(args) } };
  }
}

function respond(meaning: Understanding, userText: string, turn: TurnSoFar): SalespersonReply {
  const language = turn.language;
  const { name, city, company } = meaning.details;
  const details = { ...(name ? { name } : {}), ...(city ? { city } : {}), ...(company ? { company } : {}) };
  // What the customer tells about themselves is remembered first, whatever else the message asks.
  if (Object.keys(details).length > 0 && meaning.intent !== "knowledge" && !turn.called("update_customer_profile")) return turn.call("update_customer_profile", details);
  switch (meaning.intent) {
    case "greeting":
      return { content: say.greeting(language) };
    case "identity":
      return { content: say.identity(language) };
    case "thanks":
      return { content: say.thanks(language) };
    case "knowledge": {
      const result = turn.result("search_knowledge");
      if (!result) return turn.call("search_knowledge", { question: userText.slice(0, 300), topic: meaning.topic });
      const passages = (result.passages as { title: string; topic: string; language: string; text: string }[] | undefined) ?? [];
      const sentences = answerSentences(userText, passages.map((p, i) => ({ ...p, chunkId: String(i), documentId: String(i), slug: p.title })), language);
      return { content: sentences.length ? say.knowledge(meaning.topic!, sentences, language) : say.noKnowledge(language) };
    }
    case "search":
    case "unknown":
      return search(meaning, turn);
    case "add":
      return add(meaning, turn);
    case "change": {
      const skus = turn.context.quotation?.skus ?? [];
      const sku = meaning.pick && "sku" in meaning.pick ? meaning.pick.sku : skus[skus.length - 1];
      if (!sku) return { content: say.noQuotation(turn.language) };
      if (!turn.called("change_quotation_item")) return turn.call("change_quotation_item", { sku, quantity: meaning.quantity });
      return turn.called("show_quotation") ? quotationText(turn) : turn.call("show_quotation", {});
    }
    case "show_quotation":
      return turn.called("show_quotation") ? quotationText(turn) : turn.call("show_quotation", {});
    case "details":
      return turn.called("show_quotation") ? quotationText(turn) : turn.call("show_quotation", {});
    case "confirm":
      return confirm(turn);
    case "notify": {
      const sku = (meaning.pick as { sku: string }).sku;
      const result = turn.result("notify_when_back_in_stock");
      if (!result) return turn.call("notify_when_back_in_stock", { product_id: sku });
      const name = typeof result.name === "string" ? result.name : sku;
      if (result.error === "in_stock") return { content: say.inStockAfterAll(name, sku, language) };
      return { content: result.error ? say.unknownSku(language) : say.willNotify(name, language) };
    }
    case "cancel": {
      const result = turn.result("cancel_quotation");
      if (!result) return turn.call("cancel_quotation", {});
      return { content: typeof result.quotation_number === "string" ? say.cancelled(result.quotation_number, language) : say.noQuotation(language) };
    }
  }
}

function search(meaning: Understanding, turn: TurnSoFar): SalespersonReply {
  const slots = meaning.search ?? { query: "" };
  const result = turn.result("search_products");
  if (!result) {
    if (!slots.query) return { content: say.clarify(turn.language) };
    return turn.call("search_products", {
      query: slots.query.slice(0, 300),
      ...(slots.category ? { category: slots.category } : {}),
      ...(slots.maxPrice !== undefined ? { max_price_aed: slots.maxPrice } : {}),
      ...(slots.minPrice !== undefined ? { min_price_aed: slots.minPrice } : {}),
      ...(slots.minStock ? { min_quantity_in_stock: slots.minStock } : {}),
    });
  }
  const found = ((result.products as ToolProduct[] | undefined) ?? []).slice(0, 3);
  if (found.length === 0) return { content: meaning.intent === "unknown" ? say.clarify(turn.language) : say.nothingFound(slots, turn.language) };
  // Tool results carry the name in the customer's language already.
  const products = found.map((p) => ({ id: p.id ?? p.sku, sku: p.sku, name: p.name, nameAr: null, category: p.category ?? "", priceAed: p.price_aed, stockAvailable: p.in_stock, description: null, descriptionAr: null, attributes: {} }));
  return { content: bulletedListing(say.listing(products, slots, turn.language)) };
}

function add(meaning: Understanding, turn: TurnSoFar): SalespersonReply {
  const pick = meaning.pick!;
  if ("ambiguous" in pick) return { content: say.which(turn.context.shown, turn.language) };
  // A product named by its words: the scripted model searches for it, as a model would.
  if ("named" in pick) return search(meaning, turn);
  const added = turn.result("add_to_quotation");
  if (!added) return turn.call("add_to_quotation", { sku: pick.sku, quantity: meaning.quantity ?? 1 });
  if (added.error) return { content: say.unknownSku(turn.language) };
  // Nothing of it in stock: offer to say when it is back (as a model told so by the prompt would).
  const gone = (added.stock_problems as { sku: string; name: string; available: number }[] | undefined)?.find((p) => p.sku === pick.sku.toUpperCase() && p.available <= 0);
  if (gone && turn.offers("notify_when_back_in_stock")) {
    const product = { id: gone.sku, sku: gone.sku, name: gone.name, nameAr: null, category: "", priceAed: 0, stockAvailable: 0, description: null, descriptionAr: null, attributes: {} };
    return { content: say.moreThanStock(meaning.quantity ?? 1, product, turn.language, true) };
  }
  return turn.called("show_quotation") ? quotationText(turn) : turn.call("show_quotation", {});
}

function confirm(turn: TurnSoFar): SalespersonReply {
  const result = turn.result("confirm_quotation");
  if (!result) return turn.call("confirm_quotation", {});
  if (typeof result.message === "string") return { content: result.message };
  if (result.error === "missing_details") {
    const missing = (result.missing as string[]).map((m) => (m.includes("city") ? "city" : "name")) as ("name" | "city")[];
    return { content: say.needDetails(missing, turn.language) };
  }
  if (result.error === "not_shown" || result.error === "not_answering_quotation") return turn.called("show_quotation") ? quotationText(turn) : turn.call("show_quotation", {});
  if (result.handoff) return { content: turn.language === "ar" ? "سيُنهي أحد مديري المبيعات هذا الطلب معك هنا." : "A sales manager will finalise this order with you here." };
  return { content: say.notConfirmed(turn.language) };
}

function quotationText(turn: TurnSoFar): SalespersonReply {
  const shown = turn.result("show_quotation");
  return { content: typeof shown?.text === "string" ? say.quotation(shown.text, turn.language) : say.noQuotation(turn.language) };
}

/**
 * The offline listing as a model would write it and the reply checks accept: every figure in a
 * model's reply needs evidence (ADR 0008), and list numbers, an option count or an example
 * quantity have none, so the listing uses bullets and words. `numberedListing` numbers the bullets
 * back when the history is read, so "the second one" still finds its product.
 */
export function bulletedListing(listing: string): string {
  return listing
    .replace(/^\s*\d{1,2}\.\s/gm, "• ")
    .replace(/^Here are \d+ options/m, "Here are some options")
    .replace(/^To order, reply for example .*$/m, "To order, tell me which one and how many, and I will prepare your quotation.")
    .replace(/^للطلب اكتب مثلاً .*$/m, "للطلب أخبرني أي منتج وكم قطعة، وسأجهّز لك عرض السعر.");
}

export function numberedListing(reply: string): string {
  let n = 0;
  return reply.replace(/^• /gm, () => `${++n}. `);
}

function text(message: WireMessage | undefined): string {
  return typeof message?.content === "string" ? message.content : "";
}

function parse(raw: string): Record<string, unknown> {
  try {
    return JSON.parse(raw) as Record<string, unknown>;
  } catch {
    return {};
  }
}
