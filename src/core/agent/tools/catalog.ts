import { z } from "zod";
import type { Language } from "../../domain/language";
import type { ProductView } from "../types";
import { defineTool } from "./define";

const KNOWLEDGE_TOPICS = ["delivery", "warranty", "payment", "showroom", "advantages", "returns"] as const;

export const searchProducts = defineTool({
  name: "search_products",
  description: "Search the catalog: products with exact names, SKUs, prices (AED) and stock.",
  input: z.strictObject({
    query: z.string().min(1).max(300).describe("What the customer wants, English or Arabic"),
    category: z
      .string()
      .trim()
      .toLowerCase()
      .min(1)
      .max(60)
      .describe("chairs, desks, workstations, meeting-tables, storage, reception, sofas, acoustic-booths or accessories")
      .optional(),
    min_price_aed: z.number().nonnegative().max(10_000_000).optional(),
    max_price_aed: z.number().positive().max(10_000_000).optional(),
    min_quantity_in_stock: z.number().int().positive().max(100_000).describe("At least this many available").optional(),
  }),
  async handler(args, { catalog, language, evidence }) {
    const found = await catalog.search({
      query: args.query,
      category: args.category,
      minPrice: args.min_price_aed,
      maxPrice: args.max_price_aed,
      minStock: args.min_quantity_in_stock,
      limit: 5,
    });
    evidence.add(found);
    return { products: found.map((p) => productSummary(p, language)), count: found.length };
  },
});

export const getProduct = defineTool({
  name: "get_product",
  description: "One product's full details by id or SKU.",
  input: z.strictObject({ product_id: z.string().min(1).max(100).describe("Id or SKU from search results") }),
  async handler(args, { catalog, language, evidence }) {
    const product = await catalog.get(args.product_id);
    if (!product) return { error: "no such product" };
    evidence.add([product]);
    const description = language === "ar" ? (product.descriptionAr ?? product.description) : product.description;
    return { product: { ...productSummary(product, language), description, attributes: product.attributes } };
  },
});

export const searchKnowledge = defineTool({
  name: "search_knowledge",
  description: "The company's knowledge base: delivery and assembly, warranty, payment, showroom, advantages, returns.",
  input: z.strictObject({
    question: z.string().min(1).max(300).describe("The customer's question"),
    topic: z.enum(KNOWLEDGE_TOPICS).optional(),
  }),
  async handler(args, { catalog, evidence }) {
    if (!catalog.knowledge) return { error: "the knowledge base is not available; offer to ask a manager" };
    const passages = await catalog.knowledge(args.question, args.topic);
    evidence.knowledge.push(...passages.map((p) => p.text));
    return passages.length
      ? { passages: passages.map((p) => ({ title: p.title, topic: p.topic, language: p.language, text: p.text })) }
      : { passages: [], note: "nothing in the knowledge base answers this; do not guess, offer a manager" };
  },
});

export const checkStock = defineTool({
  name: "check_stock",
  description: "Live warehouse stock for one SKU.",
  input: z.strictObject({ sku: z.string().min(1).max(100).describe("The product's SKU") }),
  async handler(args, { catalog, evidence }) {
    if (!catalog.liveStock) return { error: "live stock is not available right now" };
    const stock = await catalog.liveStock(args.sku);
    if (!stock) return { error: "no product with that SKU" };
    const product = await catalog.get(stock.sku);
    // The live figure is what a reply may state from now on.
    if (product) evidence.add([{ ...product, stockAvailable: stock.available }]);
    return { sku: stock.sku, name: stock.name, available: stock.available, status: stock.status, live: stock.source === "zoho", ...(stock.warning ? { note: stock.warning } : {}) };
  },
});

function productSummary(product: ProductView, language: Language) {
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
