import { z } from "zod";
import type { ChatCompletionTool } from "../adapters/llm/openrouter";
import type { Language } from "../domain/language";
import type { Catalog, ProductView } from "./catalog";
import type { Handoff } from "./handoff";
import { customerProfileSchema, type CustomerProfile } from "./memory";
import type { QuotationDesk } from "../orders/desk";

/** Tool arguments are validated before anything runs; a bad call becomes an error the model reads. */
const searchArgs = z.object({
  query: z.string().min(1).max(300),
  category: z.string().trim().toLowerCase().min(1).max(60).optional(),
  min_price_aed: z.number().nonnegative().optional(),
  max_price_aed: z.number().positive().optional(),
  min_quantity_in_stock: z.number().int().positive().max(100_000).optional(),
});

const getArgs = z.object({ product_id: z.string().min(1).max(100) });

const knowledgeArgs = z.object({
  question: z.string().min(1).max(300),
  topic: z.enum(["delivery", "warranty", "payment", "showroom", "advantages", "returns"]).optional(),
});

const stockArgs = z.object({ sku: z.string().min(1).max(100) });

const profileArgs = customerProfileSchema;

const lineArgs = z.object({ sku: z.string().trim().min(1).max(100), quantity: z.number().int().min(1).max(10_000) });
const changeArgs = z.object({ sku: z.string().trim().min(1).max(100), quantity: z.number().int().min(0).max(10_000) });
const skuArgs = z.object({ sku: z.string().trim().min(1).max(100) });
const noArgs = z.object({}).strict();

const handoffArgs = z.object({
  reason: z.enum(["customer_request", "policy", "missing_knowledge", "custom_design", "frustration"]),
  summary: z.string().min(1).max(500),
});

export const TOOL_DEFINITIONS: ChatCompletionTool[] = [
  {
    type: "function",
    function: {
      name: "search_products",
      description:
        "Search the live catalog. Returns matching products with exact names, SKUs, prices in AED and available stock. Always call this before naming or pricing any product.",
      parameters: {
        type: "object",
        properties: {
          query: { type: "string", description: "What the customer is looking for, in English or Arabic" },
          category: {
            type: "string",
            description: "Catalog category, e.g. chairs, desks, workstations, meeting-tables, storage, reception, sofas, acoustic-booths, accessories",
          },
          min_price_aed: { type: "number" },
          max_price_aed: { type: "number" },
          min_quantity_in_stock: { type: "integer", description: "Only products with at least this many units available" },
        },
        required: ["query"],
        additionalProperties: false,
      },
    },
  },
  {
    type: "function",
    function: {
      name: "get_product",
      description: "Full details of one product by its id or SKU: description, attributes, price and stock.",
      parameters: {
        type: "object",
        properties: { product_id: { type: "string", description: "Product id or SKU from search results" } },
        required: ["product_id"],
        additionalProperties: false,
      },
    },
  },
  {
    type: "function",
    function: {
      name: "search_knowledge",
      description:
        "Search the company's knowledge base: delivery (areas, times, fees, assembly), warranty, payment methods, showroom address and hours, company advantages, returns. Call it before answering any such question; answer only from what it returns.",
      parameters: {
        type: "object",
        properties: {
          question: { type: "string", description: "The customer's question, in English or Arabic" },
          topic: { type: "string", enum: ["delivery", "warranty", "payment", "showroom", "advantages", "returns"] },
        },
        required: ["question"],
        additionalProperties: false,
      },
    },
  },
  {
    type: "function",
    function: {
      name: "check_stock",
      description: "Live stock for one product from the warehouse system. Use it before confirming quantities for a quotation.",
      parameters: {
        type: "object",
        properties: { sku: { type: "string", description: "The product's SKU" } },
        required: ["sku"],
        additionalProperties: false,
      },
    },
  },
  {
    type: "function",
    function: {
      name: "update_customer_profile",
      description:
        "Remember what the customer told you about themselves: name, company, city, email, needs. Call it whenever you learn one; only include fields the customer stated.",
      parameters: {
        type: "object",
        properties: {
          name: { type: "string" },
          company: { type: "string" },
          city: { type: "string" },
          email: { type: "string" },
          needs: { type: "string", description: "What they are furnishing, quantities, budget" },
        },
        additionalProperties: false,
      },
    },
  },
  {
    type: "function",
    function: {
      name: "add_to_quotation",
      description:
        "Add a product to the customer's quotation (or add to its quantity). The price comes from the catalog; live stock is checked. Use a SKU returned by search_products.",
      parameters: {
        type: "object",
        properties: { sku: { type: "string" }, quantity: { type: "integer", minimum: 1 } },
        required: ["sku", "quantity"],
        additionalProperties: false,
      },
    },
  },
  {
    type: "function",
    function: {
      name: "change_quotation_item",
      description: "Set the quantity of a product already on the quotation (0 removes it).",
      parameters: {
        type: "object",
        properties: { sku: { type: "string" }, quantity: { type: "integer", minimum: 0 } },
        required: ["sku", "quantity"],
        additionalProperties: false,
      },
    },
  },
  {
    type: "function",
    function: {
      name: "remove_from_quotation",
      description: "Remove a product from the quotation.",
      parameters: { type: "object", properties: { sku: { type: "string" } }, required: ["sku"], additionalProperties: false },
    },
  },
  {
    type: "function",
    function: {
      name: "show_quotation",
      description:
        "Show the quotation to the customer: items, unit prices, quantities, VAT and total in AED. Returns the exact text to send; the customer then confirms by replying YES / نعم.",
      parameters: { type: "object", properties: {}, additionalProperties: false },
    },
  },
  {
    type: "function",
    function: {
      name: "confirm_quotation",
      description:
        "Place the order for the shown quotation. Call it only when the customer's latest message explicitly confirms the quotation you showed (yes / confirm / نعم). The order needs the customer's name and delivery city.",
      parameters: { type: "object", properties: {}, additionalProperties: false },
    },
  },
  {
    type: "function",
    function: {
      name: "cancel_quotation",
      description: "Cancel the open quotation when the customer no longer wants it.",
      parameters: { type: "object", properties: {}, additionalProperties: false },
    },
  },
  {
    type: "function",
    function: {
      name: "request_handoff",
      description:
        "Hand the chat to a human sales manager: the customer wants a person, asks for a discount or custom design, or you cannot answer from the catalog. The customer is told and the bot goes quiet.",
      parameters: {
        type: "object",
        properties: {
          reason: { type: "string", enum: ["customer_request", "policy", "missing_knowledge", "custom_design", "frustration"] },
          summary: { type: "string", description: "One or two sentences for the manager: what the customer needs" },
        },
        required: ["reason", "summary"],
        additionalProperties: false,
      },
    },
  },
];

/** The products a turn's tools returned (the only names and prices a reply may state) and a handoff request. */
export class ToolEvidence {
  readonly products = new Map<string, ProductView>();
  readonly calls: { name: string; ok: boolean; ms: number }[] = [];
  handoff: Handoff | null = null;
  profile: CustomerProfile = {};
  /** Knowledge-base passages the turn read (figures in them, such as delivery fees, may be quoted). */
  readonly knowledge: string[] = [];
  /** The quotation tools for this chat; absent where there is no conversation to quote in. */
  desk: QuotationDesk | null = null;

  add(found: ProductView[]): void {
    for (const product of found) this.products.set(product.id, product);
  }
}

/** Runs one tool call and returns the JSON string given back to the model. Never throws. */
export async function runTool(
  name: string,
  rawArguments: string,
  catalog: Catalog,
  language: Language,
  evidence: ToolEvidence,
): Promise<string> {
  const started = Date.now();
  try {
    const args: unknown = JSON.parse(rawArguments || "{}");
    const result = await dispatch(name, args, catalog, language, evidence);
    evidence.calls.push({ name, ok: true, ms: Date.now() - started });
    return JSON.stringify(result);
  } catch (error) {
    evidence.calls.push({ name, ok: false, ms: Date.now() - started });
    const message =
      error instanceof z.ZodError
        ? `invalid arguments: ${error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ")}`
        : error instanceof SyntaxError
          ? "arguments are not valid JSON"
          : "the tool failed; tell the customer you will check and do not guess";
    return JSON.stringify({ error: message });
  }
}

async function dispatch(name: string, args: unknown, catalog: Catalog, language: Language, evidence: ToolEvidence) {
  switch (name) {
    case "search_products": {
      const a = searchArgs.parse(args);
      const found = await catalog.search({
        query: a.query,
        category: a.category,
        minPrice: a.min_price_aed,
        maxPrice: a.max_price_aed,
        minStock: a.min_quantity_in_stock,
        limit: 5,
      });
      evidence.add(found);
      return { products: found.map((p) => summarize(p, language)), count: found.length };
    }
    case "get_product": {
      const a = getArgs.parse(args);
      const product = await catalog.get(a.product_id);
      if (!product) return { error: "no such product" };
      evidence.add([product]);
      return { product: { ...summarize(product, language), description: language === "ar" ? (product.descriptionAr ?? product.description) : product.description, attributes: product.attributes } };
    }
    case "search_knowledge": {
      const a = knowledgeArgs.parse(args);
      if (!catalog.knowledge) return { error: "the knowledge base is not available; offer to ask a manager" };
      const passages = await catalog.knowledge(a.question, a.topic);
      evidence.knowledge.push(...passages.map((p) => p.text));
      return passages.length
        ? { passages: passages.map((p) => ({ title: p.title, topic: p.topic, language: p.language, text: p.text })) }
        : { passages: [], note: "nothing in the knowledge base answers this; do not guess, offer a manager" };
    }
    case "check_stock": {
      const a = stockArgs.parse(args);
      if (!catalog.liveStock) return { error: "live stock is not available right now" };
      const stock = await catalog.liveStock(a.sku);
      if (!stock) return { error: "no product with that SKU" };
      const product = await catalog.get(stock.sku);
      // The live figure is what a reply may state from now on.
      if (product) evidence.add([{ ...product, stockAvailable: stock.available }]);
      return { sku: stock.sku, name: stock.name, available: stock.available, status: stock.status, live: stock.source === "zoho", ...(stock.warning ? { note: stock.warning } : {}) };
    }
    case "update_customer_profile": {
      const a = profileArgs.parse(args);
      evidence.profile = { ...evidence.profile, ...a };
      evidence.desk?.learn(a);
      return { ok: true };
    }
    case "add_to_quotation":
    case "change_quotation_item":
    case "remove_from_quotation":
    case "show_quotation":
    case "confirm_quotation":
    case "cancel_quotation": {
      const result = await quotationTool(name, args, evidence);
      if (evidence.desk) evidence.add(evidence.desk.products);
      return result;
    }
    case "request_handoff": {
      const a = handoffArgs.parse(args);
      evidence.handoff = { reason: a.reason, summary: a.summary };
      return { ok: true, instruction: "Tell the customer briefly that a sales manager will continue this chat here." };
    }
    default:
      return { error: `unknown tool ${name}` };
  }
}

async function quotationTool(name: string, args: unknown, evidence: ToolEvidence) {
  const desk = evidence.desk;
  if (!desk) return { error: "quotations are not available right now; offer to have a manager prepare one" };
  switch (name) {
    case "add_to_quotation": {
      const a = lineArgs.parse(args);
      return desk.add(a.sku, a.quantity);
    }
    case "change_quotation_item": {
      const a = changeArgs.parse(args);
      return desk.change(a.sku, a.quantity);
    }
    case "remove_from_quotation":
      return desk.remove(skuArgs.parse(args).sku);
    case "show_quotation":
      noArgs.parse(args);
      return desk.show();
    case "confirm_quotation":
      noArgs.parse(args);
      return desk.confirm();
    default:
      noArgs.parse(args);
      return desk.cancel();
  }
}

function summarize(product: ProductView, language: Language) {
  return {
    id: product.id,
    sku: product.sku,
    name: language === "ar" && product.nameAr ? product.nameAr : product.name,
    name_en: product.name,
    category: product.category,
    price_aed: product.priceAed,
    in_stock: product.stockAvailable,
  };
}
