import type { Language } from "../../domain/language";
import type { Catalog, ProductSearch, ProductView } from "../catalog";
import { customWorkRequest, type Handoff } from "../handoff";
import { readContext, type OfflineContext, type PastMessage } from "./context";
import { canSupply } from "./numbers";
import { answerSentences, essentialSentences, namedBy, warrantyYears } from "./knowledge";
import { LABEL, say } from "./replies";
import { acceptNoticeOffer, type OfflineStockAlerts } from "./stock-notice";
import { understand, type Intent, type SearchSlots, type Understanding } from "./understand";

/**
 * The salesperson that works without any language model: it reads the customer's message with
 * rules (`understand.ts`), answers policy questions from the knowledge base, searches the catalog
 * with the budget, quantity, category and stock the customer stated, and builds, shows and
 * confirms quotations through the same `QuotationDesk` (and so the same confirmation rules) as
 * the model. It remembers only what the conversation already holds (see `context.ts`).
 */
/** What the customer told about themselves (the fields of the agent's customer profile an order uses). */
export interface CustomerProfile {
  name?: string;
  city?: string;
  company?: string;
}

type DeskResult = Record<string, unknown>;

/** The quotation desk (`src/app/orders/desk.ts`) as the salesperson uses it; declared here so this folder depends on no engine module. */
export interface OfflineDesk {
  readonly products: ProductView[];
  readonly handoffSummary: string | null;
  /** Back-in-stock subscriptions: an out-of-stock product is offered a notice only with them. */
  readonly stockAlerts?: OfflineStockAlerts | null | undefined;
  learn(profile: CustomerProfile): void;
  add(sku: string, quantity: number): Promise<DeskResult>;
  change(sku: string, quantity: number): Promise<DeskResult>;
  show(): Promise<DeskResult>;
  confirm(): Promise<DeskResult>;
  cancel(): Promise<DeskResult>;
}

export interface OfflineInput {
  /** The customer's messages this turn answers, joined. */
  text: string;
  language: Language;
  history: PastMessage[];
  /** `QuotationDesk.summaryFor`: the open quotation, if any. */
  quotationNote?: string | null | undefined;
  /** The WhatsApp profile name. */
  customerName: string | null;
  profile: CustomerProfile;
}

export interface OfflineDeps {
  catalog: Catalog;
  /** The quotation tools of this chat; without them the salesperson only advises. */
  desk?: OfflineDesk | null | undefined;
}

export interface OfflineAnswer {
  text: string;
  intent: Intent;
  /** Set when the chat should go to a person (the turn adds the notice). */
  handoff: Handoff | null;
  profileUpdate?: CustomerProfile;
  /** Products the reply names (for the order-value rule). */
  products: ProductView[];
  toolCalls: { name: string; ok: boolean; ms: number }[];
}

const LISTING_SIZE = 3;

/** A general question per topic, for when the customer's own words find no passage. */
const TOPIC_QUERY: Record<NonNullable<Understanding["topic"]>, Record<Language, string>> = {
  delivery: { en: "delivery areas times and fees", ar: "التوصيل المدة والرسوم" },
  warranty: { en: "warranty what it covers", ar: "الضمان ما يشمله" },
  payment: { en: "payment methods", ar: "طرق الدفع" },
  showroom: { en: "showroom address and opening hours", ar: "المعرض العنوان ومواعيد العمل" },
  returns: { en: "returns exchanges refunds", ar: "الإرجاع والاستبدال" },
};

export async function offlineSalesperson(input: OfflineInput, deps: OfflineDeps): Promise<OfflineAnswer> {
  const context = readContext(input.history, input.quotationNote);
  const meaning = understand(input.text, context);
  const session = new Session(input, deps, context, meaning);
  const body = await session.respond();
  const opening = meaning.greeted && meaning.intent !== "greeting" ? [say.hello(input.language)] : [];
  return {
    text: [LABEL[input.language], ...opening, body].join("\n"),
    intent: meaning.intent,
    handoff: session.handoff,
    ...(session.learned ? { profileUpdate: session.learned } : {}),
    products: session.products,
    toolCalls: session.calls,
  };
}

/** One turn's work: the calls it made, what it learned, and whether it hands the chat over. */
class Session {
  handoff: Handoff | null = null;
  learned: CustomerProfile | null = null;
  readonly products: ProductView[] = [];
  readonly calls: OfflineAnswer["toolCalls"] = [];
  private readonly language: Language;

  constructor(
    private readonly input: OfflineInput,
    private readonly deps: OfflineDeps,
    private readonly context: OfflineContext,
    private readonly meaning: Understanding,
  ) {
    this.language = input.language;
  }

  async respond(): Promise<string> {
    const m = this.meaning;
    this.learn();
    const custom = customWorkRequest(this.input.text);
    if (custom) return this.cannotHelp(custom.reason, custom.summary);
    switch (m.intent) {
      case "greeting":
        return say.greeting(this.language);
      case "identity":
        return say.identity(this.language);
      case "thanks":
        return say.thanks(this.language);
      case "knowledge":
        return this.knowledge();
      case "search":
        return this.search(m.search!);
      case "add":
        return this.add();
      case "change":
        return this.change();
      case "show_quotation":
        return this.showQuotation("");
      case "confirm":
        return this.confirm();
      case "cancel":
        return this.cancel();
      case "details":
        return this.details();
      case "notify":
        return this.notify((m.pick as { sku: string }).sku);
      default:
        return this.unknown();
    }
  }

  /** Name, city and company the message states go to the profile (and to the desk, for this turn's order). */
  private learn(): void {
    // "Do you deliver to Abu Dhabi?" asks about a city; it does not make it the delivery address.
    if (this.meaning.intent === "knowledge" || this.meaning.intent === "unknown") return;
    const { name, city, company } = this.meaning.details;
    const update: CustomerProfile = { ...(name ? { name } : {}), ...(city ? { city } : {}), ...(company ? { company } : {}) };
    if (Object.keys(update).length === 0) return;
    this.learned = update;
    this.deps.desk?.learn(update);
  }

  private async timed<T>(name: string, work: () => Promise<T>): Promise<T> {
    const started = Date.now();
    try {
      const result = await work();
      this.calls.push({ name, ok: true, ms: Date.now() - started });
      return result;
    } catch (error) {
      this.calls.push({ name, ok: false, ms: Date.now() - started });
      throw error;
    }
  }

  private async knowledge(): Promise<string> {
    const catalog = this.deps.catalog;
    if (!catalog.knowledge) return this.cannotHelp("missing_knowledge", "The knowledge base was unavailable for a policy question.");
    const topic = this.meaning.topic!;
    let passages = await this.timed("search_knowledge", () => catalog.knowledge!(this.input.text, topic));
    // Words the documents do not use ("وين معرضكم"): the topic itself still has an answer.
    if (passages.length === 0) passages = await this.timed("search_knowledge", () => catalog.knowledge!(TOPIC_QUERY[topic][this.language], topic));
    const essential = essentialSentences(topic, this.input.text);
    // The sentences a question of this kind must get (an address and hours; lead times) may sit in another passage.
    if (essential) passages = [...passages, ...(await this.timed("search_knowledge", () => catalog.knowledge!(TOPIC_QUERY[topic][this.language], topic)))];
    const sentences = answerSentences(this.input.text, passages, this.language, essential);
    if (sentences.length === 0) return this.cannotHelp("missing_knowledge", `No knowledge passage answers a ${this.meaning.topic} question.`);
    const specifics = topic === "warranty" ? await this.productWarranties() : topic === "delivery" && this.context.ordered ? [say.orderInProgress(this.context.ordered, this.language)] : [];
    return say.knowledge(topic, [...sentences, ...specifics], this.language);
  }

  /** The warranty each product in question carries by its own record: the one asked about, else the last listing, else the quotation. */
  private async productWarranties(): Promise<string[]> {
    const pick = this.meaning.pick;
    const skus = pick && "sku" in pick ? [pick.sku] : this.context.shown.length > 0 ? this.context.shown.map((p) => p.sku) : (this.context.quotation?.skus ?? []);
    const lines: string[] = [];
    for (const sku of skus.slice(0, LISTING_SIZE)) {
      const product = await this.timed("get_product", () => this.deps.catalog.get(sku));
      const years = product ? warrantyYears(product.attributes) : null;
      if (!product || years === null) continue;
      this.products.push(product);
      lines.push(say.productWarranty(product, years, this.language));
    }
    return lines;
  }

  /** Products whose name holds every word the customer named them by: from the last listing first, else the catalog. */
  private async named(words: string[], category: string | undefined): Promise<ProductView[]> {
    const shown = this.context.shown.filter((p) => namedBy(p.name, words));
    if (shown.length === 1) {
      const product = await this.timed("get_product", () => this.deps.catalog.get(shown[0]!.sku));
      if (product) return [product];
    }
    const found = await this.timed("search_products", () => this.deps.catalog.search({ query: words.join(" "), category, limit: 10 }));
    return found.filter((p) => namedBy(`${p.name} ${p.nameAr ?? ""}`, words)).slice(0, LISTING_SIZE);
  }

  private async search(slots: SearchSlots): Promise<string> {
    const found = await this.find(slots);
    if (found.length === 0 && slots.minStock && slots.minStock > 1) {
      // Not enough of anything for the quantity: what there is, with its stock, beats nothing.
      const partial = await this.find({ ...slots, minStock: 1 });
      if (partial.length > 0) {
        this.products.push(...partial);
        return [say.notEnoughStock(slots.minStock, this.language), say.listing(partial, { ...slots, minStock: 1 }, this.language)].join("\n");
      }
    }
    if (found.length === 0) return say.nothingFound(slots, this.language);
    this.products.push(...found);
    return say.listing(found, slots, this.language);
  }

  /**
   * The catalog with every stated filter, products in stock first; when the words find nothing,
   * the category alone with the same filters; out-of-stock products only when nothing else fits.
   */
  private async find(slots: SearchSlots): Promise<ProductView[]> {
    const query: ProductSearch = { query: slots.query, category: slots.category, maxPrice: slots.maxPrice, minPrice: slots.minPrice, minStock: slots.minStock ?? 1, limit: LISTING_SIZE };
    const attempts: ProductSearch[] = [query, ...(slots.category && slots.query !== slots.category ? [{ ...query, query: slots.category }] : [])];
    if (slots.minStock === undefined) attempts.push(...attempts.map((a) => ({ ...a, minStock: undefined })));
    let found: ProductView[] = [];
    for (const attempt of attempts) {
      found = await this.timed("search_products", () => this.deps.catalog.search(attempt));
      if (found.length > 0) break;
    }
    // The filters run in Postgres; this keeps a promise the reply makes even if a store ignored one.
    return found.filter((p) => (slots.maxPrice === undefined || p.priceAed <= slots.maxPrice) && (slots.minPrice === undefined || p.priceAed >= slots.minPrice));
  }

  private async add(): Promise<string> {
    let pick = this.meaning.pick!;
    if ("ambiguous" in pick) return say.which(this.context.shown, this.language);
    if ("named" in pick) {
      const found = await this.named(pick.named, pick.category);
      if (found.length !== 1) {
        // Several answer to the name: they are listed to choose from; none: an ordinary search.
        if (found.length > 1) {
          this.products.push(...found);
          return [say.listing(found, { query: pick.named.join(" ") }, this.language), say.which(found, this.language)].join("\n");
        }
        return this.meaning.search ? this.search(this.meaning.search) : this.unknown();
      }
      pick = { sku: found[0]!.sku };
    }
    const sku = pick.sku;
    const desk = this.deps.desk;
    if (!desk) return this.cannotHelp("tool_failure", "The customer wants to order but quotations are unavailable.");
    const quantity = this.meaning.quantity ?? this.earlierQuantity() ?? 1;
    // More than there is: say how many there are instead of quoting what cannot be delivered.
    const stocked = await this.timed("get_product", () => this.deps.catalog.get(sku));
    // Live stock when the catalog reads it (as the quotation desk does), else the synced figure.
    const live = stocked && this.deps.catalog.liveStock ? await this.timed("check_stock", () => this.deps.catalog.liveStock!(sku)) : null;
    const available = live?.available ?? stocked?.stockAvailable;
    if (stocked && available !== undefined && !canSupply(quantity, available)) {
      const product = { ...stocked, stockAvailable: available };
      this.products.push(product);
      return say.moreThanStock(quantity, product, this.language, Boolean(desk.stockAlerts));
    }
    const result = await this.timed("add_to_quotation", () => desk.add(sku, quantity));
    if ("error" in result) return say.unknownSku(this.language);
    const product = desk.products.find((p) => p.sku === sku.toUpperCase()) ?? desk.products[0]!;
    this.products.push(product);
    const lines = [say.added(quantity, product, this.language)];
    const short = result.stock_problems as { name: string; available: number; requested: number }[] | undefined;
    // A shown quotation states its own stock problems; before it, the note goes here.
    if (short?.length && this.missingDetails().length > 0) lines.push(say.shortStock(short, this.language));
    lines.push(await this.showOrAsk());
    return lines.join("\n");
  }

  private async notify(sku: string): Promise<string> {
    const alerts = this.deps.desk?.stockAlerts;
    const reply = alerts ? await this.timed("notify_when_back_in_stock", () => acceptNoticeOffer(alerts, sku, this.language)) : null;
    return reply ?? this.cannotHelp("tool_failure", `The customer wants to hear when ${sku} is back in stock; the notice could not be set up.`);
  }

  private async change(): Promise<string> {
    const desk = this.deps.desk;
    const skus = this.context.quotation?.skus ?? [];
    const pick = this.meaning.pick && "sku" in this.meaning.pick ? this.meaning.pick.sku : skus[skus.length - 1];
    if (!desk || !pick) return say.noQuotation(this.language);
    const result = await this.timed("change_quotation_item", () => desk.change(pick, this.meaning.quantity!));
    if ("error" in result) return say.noQuotation(this.language);
    return this.showOrAsk();
  }

  /** Shows the quotation once the order has a name and a delivery city; asks for what is missing first. */
  private async showOrAsk(): Promise<string> {
    const missing = this.missingDetails();
    if (missing.length > 0) return say.needDetails(missing, this.language);
    return this.showQuotation("");
  }

  private async showQuotation(prefix: string): Promise<string> {
    const desk = this.deps.desk;
    if (!desk) return say.noQuotation(this.language);
    const result = await this.timed("show_quotation", () => desk.show());
    if (typeof result.text !== "string") return say.noQuotation(this.language);
    this.products.push(...desk.products);
    const short = result.stock_problems as { name: string; available: number; requested: number }[] | undefined;
    return [prefix, say.quotation(result.text, this.language), short?.length ? say.shortStock(short, this.language) : ""].filter(Boolean).join("\n");
  }

  private async confirm(): Promise<string> {
    const desk = this.deps.desk;
    if (!desk) return say.noQuotation(this.language);
    const result = await this.timed("confirm_quotation", () => desk.confirm());
    if (typeof result.message === "string") return result.message;
    if (result.handoff) {
      this.handoff = { reason: "order_value", summary: desk.handoffSummary ?? "A large order is ready to confirm." };
      return "";
    }
    switch (result.error) {
      case "missing_details":
        return say.needDetails(this.missingDetails(), this.language);
      case "not_shown":
      case "not_answering_quotation":
        return this.showQuotation("");
      case "newer_message":
        return say.busy(this.language);
      case "there is no quotation to confirm":
        return say.noQuotation(this.language);
      default:
        return say.notConfirmed(this.language);
    }
  }

  private async cancel(): Promise<string> {
    const desk = this.deps.desk;
    if (!desk) return say.noQuotation(this.language);
    const result = await this.timed("cancel_quotation", () => desk.cancel());
    return typeof result.quotation_number === "string" ? say.cancelled(result.quotation_number, this.language) : say.noQuotation(this.language);
  }

  /** Name and city given: an open quotation is shown again with them; otherwise they are noted. */
  private async details(): Promise<string> {
    const missing = this.missingDetails();
    if (this.context.quotation) return missing.length > 0 ? say.needDetails(missing, this.language) : this.showQuotation(say.noted(this.language));
    return say.noted(this.language);
  }

  /**
   * A message we cannot place: a catalog search whose results share a word with it is offered;
   * otherwise we say what we can do, and the second time in a row a manager takes over.
   */
  private async unknown(): Promise<string> {
    const query = this.meaning.search?.query ?? "";
    if (query.length >= 3) {
      const words = query.split(" ").filter((w) => w.length >= 3);
      const found = (await this.timed("search_products", () => this.deps.catalog.search({ query, limit: LISTING_SIZE }))).filter((p) =>
        words.some((w) => `${p.name} ${p.nameAr ?? ""} ${p.category} ${p.description ?? ""}`.toLowerCase().includes(w)),
      );
      if (found.length > 0) {
        this.products.push(...found);
        return say.listing(found, { query }, this.language);
      }
    }
    if (this.context.asked === "clarify") return this.cannotHelp("missing_knowledge", "The offline assistant could not understand the customer twice in a row.");
    return say.clarify(this.language);
  }

  private cannotHelp(reason: Handoff["reason"], summary: string): string {
    this.handoff = { reason, summary };
    return say.cannotHelp(this.language);
  }

  private missingDetails(): ("name" | "city")[] {
    const known = { ...this.input.profile, ...(this.learned ?? {}) };
    const name = known.name ?? this.input.customerName;
    return [...(name ? [] : (["name"] as const)), ...(known.city ? [] : (["city"] as const))];
  }

  /** The quantity an earlier message stated ("I need 12 chairs"), used when "the second one" names none. */
  private earlierQuantity(): number | null {
    for (const text of this.context.earlierCustomerTexts.slice(0, 4)) {
      const meaning = understand(text, { ...this.context, shown: [], asked: null, notifyOffer: null, quotation: null });
      if (meaning.quantity) return meaning.quantity;
    }
    return null;
  }
}
