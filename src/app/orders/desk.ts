import type { Database } from "../../adapters/db/client";
import {
  createQuotation,
  latestQuotation,
  openQuotation,
  saveLines,
  transitionQuotation,
  type QuotationRow,
} from "../../adapters/db/quotations-repo";
import type { QuotationBuyer, QuotationLine } from "../../adapters/db/schema";
import type { Catalog, CustomerProfile, ProductView, QuotationTools, StockAlerts, ToolResult } from "../../core/agent/types";
import type { Language } from "../../core/domain/language";
import { deliveryAmount, deliveryQuote, type DeliveryFee } from "../../core/domain/order-money";
import { confirmationVerdict, formatAed, lineTotalAed, quotationTotals, renderQuotation, type QuotationState } from "../../core/domain/quotation";
import { describeError, log } from "../../lib/log";
import { customerSaid, type OrderNotice } from "../../core/orders/messages";

/** Everything a turn knows that the quotation tools need. The conversation object builds it per turn. */
export interface DeskContext {
  db: Database;
  catalog: Catalog;
  conversationId: string;
  customerId: string;
  /** The customer's WhatsApp number (digits). */
  /** The customer's phone number, when the channel tells it (WhatsApp always, Telegram rarely). */
  phone: string | null;
  /** The WhatsApp profile name, used when the customer has not told us their name. */
  contactName: string | null;
  language: Language;
  vatPercent: number;
  /** Delivery fees by city (settings): the quotation's delivery line. */
  deliveryFees: readonly DeliveryFee[];
  /** Orders at or above this total go to a manager instead. */
  handoffOrderValueAed: number;
  /** The customer's messages this turn answers (with when we received them): a confirmation must be these words and nothing else. */
  customerMessages: { text: string; receivedAt: number }[];
  /** True when the customer wrote again after the messages this turn answers: nothing is confirmed on a stale reading. */
  hasNewerMessages(): boolean;
  /** When the last reply before these messages was committed: a "yes" answers that reply, so it must be the quotation. */
  lastReplyAt: number | null;
  /** The profile as known before the turn plus what the turn learned. */
  profile(): CustomerProfile;
  /** Records a Zoho job under its key and puts it on the queue (CRM deal). */
  enqueue(job: { id: string; kind: "sale-order" | "crm-deal"; subjectId: string }): Promise<void>;
  /** Puts a job already recorded (with the confirmation, in its transaction) on the queue. */
  send(jobId: string): Promise<void>;
  /** The chat's back-in-stock subscriptions (`src/app/outreach/back-in-stock.ts`). */
  stockAlerts?: StockAlerts | undefined;
}

/** What a quotation tool answers the model: data plus, where the wording matters, text to relay. */
export type DeskResult = ToolResult;

const MAX_LINES = 30;

/**
 * The quotation tools behind the agent. Prices come from the catalog, never from the model;
 * stock is read live; the state machine in `domain/quotation.ts` gates every move; and a
 * confirmation counts only when the customer's own message is an explicit "yes" to the version
 * they were shown. Every outcome is returned as data the model reads, never thrown.
 */
export class QuotationDesk implements QuotationTools {
  /** Set when show_quotation ran: the reply must carry this text (the turn appends it if the model did not). */
  shownText: string | null = null;
  shownNumber: string | null = null;
  /** The quotation version shown this turn; it counts as seen once the reply carrying it is committed. */
  shown: { quotationId: string; version: number } | null = null;
  /** Figures the tools returned (line totals, VAT, totals): a reply may state them. */
  readonly licensedText: string[] = [];
  /** Set when the order is too large for the agent: the turn hands the chat to a manager. */
  handoffSummary: string | null = null;
  /** Set when the customer confirmed this turn, or confirm found it already confirmed: the reply may then say so. */
  confirmedNumber: string | null = null;
  /** Catalog products the tools read: the names, SKUs and prices a reply may state. */
  readonly products: ProductView[] = [];
  private readonly catalogCache = new Map<string, ProductView | null>();
  /** What the customer told us this turn (update_customer_profile), before it reaches the stored profile. */
  private learned: CustomerProfile = {};

  constructor(private readonly ctx: DeskContext) {}

  get stockAlerts(): StockAlerts | null {
    return this.ctx.stockAlerts ?? null;
  }

  learn(profile: CustomerProfile): void {
    this.learned = { ...this.learned, ...profile };
  }

  async add(skuOrId: string, quantity: number): Promise<DeskResult> {
    const product = await this.product(skuOrId);
    if (!product) return { error: "no such product; search the catalog and use a SKU it returned" };
    const quotation = await this.openOrCreate();
    const existing = quotation.lines.find((line) => line.sku === product.sku);
    const nextQuantity = (existing?.quantity ?? 0) + quantity;
    const lines: QuotationLine[] = existing
      ? quotation.lines.map((line) => (line.sku === product.sku ? { ...line, quantity: nextQuantity, unitPriceAed: product.priceAed } : line))
      : [...quotation.lines, { productId: product.id, sku: product.sku, name: product.name, nameAr: product.nameAr, unitPriceAed: product.priceAed, quantity }];
    if (lines.length > MAX_LINES) return { error: `a quotation holds at most ${MAX_LINES} lines` };
    const saved = await this.save(quotation, lines, `added ${quantity} × ${product.sku}`);
    return { ok: true, ...(await this.describe(saved, [product.sku])) };
  }

  /** Sets a line's quantity; 0 removes it. */
  async change(skuOrId: string, quantity: number): Promise<DeskResult> {
    const quotation = await openQuotation(this.ctx.db, this.ctx.conversationId);
    if (!quotation) return { error: "there is no open quotation; add items first" };
    const line = await this.findLine(quotation, skuOrId);
    if (!line) return { error: "that product is not on the quotation", on_quotation: quotation.lines.map((l) => l.sku) };
    const lines = quantity === 0 ? quotation.lines.filter((l) => l.sku !== line.sku) : quotation.lines.map((l) => (l.sku === line.sku ? { ...l, quantity } : l));
    const saved = await this.save(quotation, lines, quantity === 0 ? `removed ${line.sku}` : `set ${line.sku} to ${quantity}`);
    return { ok: true, ...(await this.describe(saved, quantity === 0 ? [] : [line.sku])) };
  }

  async remove(skuOrId: string): Promise<DeskResult> {
    return this.change(skuOrId, 0);
  }

  /**
   * Shows the quotation: prices refreshed from the catalog, stock read live, and the state moved
   * to `shown` at this version. The returned `text` is what the customer must see.
   */
  async show(): Promise<DeskResult> {
    let quotation = await openQuotation(this.ctx.db, this.ctx.conversationId);
    if (!quotation || quotation.lines.length === 0) return { error: "the quotation is empty; add items first" };
    const repriced = await this.repriced(quotation);
    if (repriced) quotation = await this.save(quotation, repriced, "prices refreshed from the catalog");
    // A version counts as seen only once the reply carrying it is committed (markQuotationSeen);
    // showing the same version again needs no transition.
    const alreadyShown = quotation.state === "shown" && quotation.shownVersion === quotation.version;
    const shown = alreadyShown
      ? quotation
      : await transitionQuotation(
          this.ctx.db,
          quotation.id,
          { from: ["draft", "shown"], to: "shown", actor: "agent", reason: "shown to the customer", version: quotation.version },
          { shownVersion: quotation.version, shownAt: null },
        );
    if (!shown) return { error: "the quotation changed meanwhile; show it again" };
    if (!alreadyShown) await this.dealFollows(shown);
    this.shown = { quotationId: shown.id, version: shown.version };
    const text = renderQuotation(view(shown), this.ctx.language);
    this.shownText = text;
    this.shownNumber = shown.number;
    this.licensedText.push(text);
    const stock = await this.stockProblems(shown.lines);
    return {
      ok: true,
      quotation_number: shown.number,
      state: shown.state,
      text,
      instruction: "Send the text exactly as it is, then wait for the customer to reply YES / نعم.",
      ...(stock.length > 0 ? { stock_problems: stock, stock_note: "Tell the customer which items are short and offer to change the quantity." } : {}),
    };
  }

  /** Confirms the shown quotation if, and only if, the customer's message says so. */
  async confirm(): Promise<DeskResult> {
    const quotation = (await openQuotation(this.ctx.db, this.ctx.conversationId)) ?? (await latestQuotation(this.ctx.db, this.ctx.conversationId));
    if (!quotation) return { error: "there is no quotation to confirm" };
    if (quotation.state === "confirmed" || quotation.state === "ordered") {
      // Already confirmed: the reply may say the order stands.
      this.confirmedNumber = quotation.number;
      return { ok: true, already: quotation.state, quotation_number: quotation.number, message: customerSaid("processing", this.ctx.language, { number: quotation.number }) };
    }
    // Seen means: the reply carrying this version was committed before every message that confirms it arrived.
    const seenAt = quotation.state === "shown" && quotation.shownVersion === quotation.version ? quotation.shownAt?.getTime() : undefined;
    const verdict = confirmationVerdict({ seenAt, lastReplyAt: this.ctx.lastReplyAt, messages: this.ctx.customerMessages });
    if (verdict === "not_shown") {
      return { error: "not_shown", instruction: "The customer has not seen this version of the quotation. Call show_quotation, send its text, and ask them to reply YES / نعم." };
    }
    if (verdict === "not_answering_quotation") {
      return { error: "not_answering_quotation", instruction: "The customer's reply answers your last message, not the quotation. Nothing was ordered. If they want to order, call show_quotation, send its text, and ask them to reply YES / نعم." };
    }
    if (verdict === "not_confirmed") {
      log("info", "quotation.confirmation_refused", { quotation: quotation.number });
      return {
        error: "not_confirmed",
        instruction: "Nothing was ordered: the customer's message is not an explicit confirmation. Answer what they asked and, if they want to order, ask them to reply YES / نعم to the quotation.",
      };
    }
    const buyer = this.buyer();
    if ("missing" in buyer) {
      return { error: "missing_details", missing: buyer.missing, instruction: `Before ordering, ask the customer for: ${buyer.missing.join(", ")}. Then show the quotation again.` };
    }
    if (this.deliveryChanged(quotation, quotation.lines)) {
      // The city became known (or changed) after this version was shown: its delivery line is not the one to order.
      return { error: "delivery_changed", instruction: "Nothing was ordered: delivery to the customer's city changes the total. Call show_quotation, send its text, and ask them to reply YES / نعم." };
    }
    if (this.ctx.hasNewerMessages()) {
      return { error: "newer_message", instruction: "The customer wrote again before this could be ordered; nothing was ordered. Answer their latest message." };
    }
    const total = Number(quotation.totalAed);
    if (total >= this.ctx.handoffOrderValueAed) {
      this.handoffSummary = `Quotation ${quotation.number} for ${formatAed(total)} AED is ready to confirm; orders of this size are handled by a manager.`;
      return { ok: false, handoff: true, instruction: "Tell the customer a sales manager will finalise this order here." };
    }
    const short = await this.stockProblems(quotation.lines, { fresh: true });
    if (short.length > 0) {
      const draft = await transitionQuotation(this.ctx.db, quotation.id, { from: "shown", to: "draft", actor: "system", reason: "stock short at confirmation" });
      if (draft) await this.ctx.enqueue({ id: `crm-deal:${draft.id}:draft:${draft.version}:stock`, kind: "crm-deal", subjectId: draft.id });
      return {
        error: "out_of_stock",
        stock_problems: short,
        message: customerSaid("outOfStock", this.ctx.language, { lines: short.map((s) => ({ name: s.name, available: s.available, requested: s.requested })) }),
        instruction: "Nothing was ordered. Relay the message and offer to change the quantities.",
      };
    }
    const saleOrderJob = `sale-order:${quotation.id}`;
    const confirmed = await transitionQuotation(
      this.ctx.db,
      quotation.id,
      {
        from: "shown",
        to: "confirmed",
        actor: "customer",
        reason: `customer replied: ${this.ctx.customerMessages.map((m) => m.text).join(" / ").slice(0, 120)}`,
        version: quotation.version,
        jobs: [{ id: saleOrderJob, kind: "sale-order", subjectId: quotation.id }],
      },
      { buyer: buyer.buyer, confirmedAt: new Date() },
    );
    if (!confirmed) return { error: "the quotation changed meanwhile; show it again" };
    this.confirmedNumber = confirmed.number;
    await this.ctx.send(saleOrderJob);
    await this.dealFollows(confirmed);
    log("info", "quotation.confirmed", { quotation: confirmed.number, totalAed: total });
    const message = customerSaid("processing", this.ctx.language, { number: confirmed.number });
    this.licensedText.push(message);
    return { ok: true, state: "confirmed", quotation_number: confirmed.number, message, instruction: "Relay the message; the sale order number follows in this chat." };
  }

  async cancel(): Promise<DeskResult> {
    const quotation = await openQuotation(this.ctx.db, this.ctx.conversationId);
    if (!quotation) return { error: "there is no open quotation" };
    const cancelled = await transitionQuotation(this.ctx.db, quotation.id, { from: ["draft", "shown"], to: "cancelled", actor: "customer", reason: "customer cancelled" });
    if (cancelled) await this.dealFollows(cancelled);
    return cancelled ? { ok: true, state: "cancelled", quotation_number: quotation.number } : { error: "the quotation changed meanwhile" };
  }

  /** What the turn tells the model about the open quotation at the start (so it knows what is on it). */
  static async summaryFor(db: Database, conversationId: string): Promise<string | null> {
    const quotation = await openQuotation(db, conversationId);
    if (!quotation || quotation.lines.length === 0) return null;
    const items = quotation.lines.map((l) => `${l.quantity} × ${l.sku}`).join(", ");
    return `Open quotation ${quotation.number} (${quotation.state}): ${items}. Use the quotation tools to change, show or confirm it.`;
  }

  /** A catalog product, read once per turn (show and confirm look every line up for price and stock). */
  private async product(skuOrId: string): Promise<ProductView | null> {
    const key = skuOrId.toUpperCase();
    if (this.catalogCache.has(key)) return this.catalogCache.get(key)!;
    const product = await this.ctx.catalog.get(skuOrId);
    this.catalogCache.set(key, product);
    if (product) {
      this.catalogCache.set(product.sku.toUpperCase(), product);
      this.products.push(product);
    }
    return product;
  }

  private async openOrCreate(): Promise<QuotationRow> {
    const open = await openQuotation(this.ctx.db, this.ctx.conversationId);
    if (open) return open;
    const created = await createQuotation(this.ctx.db, {
      conversationId: this.ctx.conversationId,
      customerId: this.ctx.customerId,
      language: this.ctx.language,
      vatPercent: this.ctx.vatPercent,
    });
    await this.dealFollows(created);
    return created;
  }

  private async save(quotation: QuotationRow, lines: QuotationLine[], reason: string): Promise<QuotationRow> {
    const { deliveryAed, city } = this.delivery(lines);
    return saveLines(this.ctx.db, quotation, lines, quotationTotals(lines, this.ctx.vatPercent, deliveryAed), this.ctx.vatPercent, reason, city);
  }

  /** Delivery for these lines to the customer's city as known now: a fee, free (0), or null (quoted separately). */
  private delivery(lines: readonly QuotationLine[]): { deliveryAed: number | null; city: string | null } {
    const city = { ...this.ctx.profile(), ...this.learned }.city ?? null;
    const quote = deliveryQuote(city, quotationTotals(lines, 0).subtotalAed, this.ctx.deliveryFees);
    return { deliveryAed: deliveryAmount(quote), city: quote.kind === "separate" ? null : quote.city };
  }

  /** Whether the stored delivery differs from what the customer's city gives now (a city learned after the last save). */
  private deliveryChanged(quotation: QuotationRow, lines: readonly QuotationLine[]): boolean {
    const now = this.delivery(lines).deliveryAed;
    const stored = quotation.deliveryAed === null ? null : Number(quotation.deliveryAed);
    return now !== stored;
  }

  private async findLine(quotation: QuotationRow, skuOrId: string): Promise<QuotationLine | undefined> {
    const direct = quotation.lines.find((l) => l.sku.toLowerCase() === skuOrId.toLowerCase() || l.productId === skuOrId);
    if (direct) return direct;
    const product = await this.product(skuOrId);
    return product ? quotation.lines.find((l) => l.sku === product.sku) : undefined;
  }

  /** Lines with today's catalog prices, or null when none changed. */
  private async repriced(quotation: QuotationRow): Promise<QuotationLine[] | null> {
    let changed = false;
    const lines: QuotationLine[] = [];
    for (const line of quotation.lines) {
      const product = await this.product(line.sku);
      if (product && product.priceAed !== line.unitPriceAed) {
        changed = true;
        lines.push({ ...line, unitPriceAed: product.priceAed });
      } else lines.push(line);
    }
    return changed || Number(quotation.vatPercent) !== this.ctx.vatPercent || this.deliveryChanged(quotation, lines) ? lines : null;
  }

  /** Lines the warehouse cannot cover right now, read live (the last synced figure if Zoho is down). */
  private async stockProblems(lines: QuotationLine[], options: { fresh?: boolean } = {}): Promise<{ sku: string; name: string; requested: number; available: number }[]> {
    const problems: { sku: string; name: string; requested: number; available: number }[] = [];
    for (const line of lines) {
      const product = await this.product(line.sku);
      let available = product?.stockAvailable ?? 0;
      try {
        const live = this.ctx.catalog.liveStock ? await this.ctx.catalog.liveStock(line.sku, options) : null;
        if (live) available = live.available;
      } catch (error) {
        log("warn", "quotation.stock_check_failed", { sku: line.sku, ...describeError(error) });
      }
      // The figure read now is the one a reply may state.
      if (product) this.products.push({ ...product, stockAvailable: available });
      if (available < line.quantity) problems.push({ sku: line.sku, name: this.ctx.language === "ar" && line.nameAr ? line.nameAr : line.name, requested: line.quantity, available: Math.max(0, available) });
    }
    return problems;
  }

  private buyer(): { buyer: QuotationBuyer } | { missing: string[] } {
    const profile = { ...this.ctx.profile(), ...this.learned };
    const name = profile.name ?? this.ctx.contactName ?? undefined;
    const missing = [...(name ? [] : ["contact name"]), ...(profile.city ? [] : ["delivery city"])];
    if (missing.length > 0 || !name || !profile.city) return { missing };
    return {
      buyer: {
        name,
        city: profile.city,
        ...(this.ctx.phone ? { phone: this.ctx.phone } : {}),
        ...(profile.company ? { company: profile.company } : {}),
        ...(profile.email ? { email: profile.email } : {}),
      },
    };
  }

  /** The CRM deal follows the quotation: one job per state reached. */
  private async dealFollows(quotation: QuotationRow): Promise<void> {
    await this.ctx.enqueue({ id: `crm-deal:${quotation.id}:${quotation.state}:${quotation.version}`, kind: "crm-deal", subjectId: quotation.id });
  }

  private async describe(quotation: QuotationRow, checkSkus: string[]): Promise<DeskResult> {
    const stock = await this.stockProblems(quotation.lines.filter((l) => checkSkus.includes(l.sku)));
    const v = view(quotation);
    const described = {
      quotation_number: quotation.number,
      state: quotation.state as QuotationState,
      lines: quotation.lines.map((l) => ({ sku: l.sku, name: this.ctx.language === "ar" && l.nameAr ? l.nameAr : l.name, quantity: l.quantity, unit_price_aed: l.unitPriceAed, line_total_aed: lineTotalAed(l) })),
      subtotal_aed: v.totals.subtotalAed,
      vat_percent: v.vatPercent,
      vat_aed: v.totals.vatAed,
      delivery_aed: v.totals.deliveryAed ?? "quoted separately",
      total_aed: v.totals.totalAed,
      ...(stock.length > 0 ? { stock_problems: stock } : {}),
      next: "Call show_quotation when the customer wants to see the quotation.",
    };
    this.licensedText.push(renderQuotation(v, this.ctx.language));
    return described;
  }
}

function view(quotation: QuotationRow) {
  const vatPercent = Number(quotation.vatPercent);
  const deliveryAed = quotation.deliveryAed === null ? null : Number(quotation.deliveryAed);
  return { number: quotation.number, lines: quotation.lines, vatPercent, totals: quotationTotals(quotation.lines, vatPercent, deliveryAed), deliveryCity: quotation.deliveryCity };
}

export type { OrderNotice };
