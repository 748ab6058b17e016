import { z } from "zod";
import { normalizeArabic } from "./language";

/**
 * A Zoho Inventory item as `GET /items` returns it, validated leniently: only what the catalog
 * needs is required, everything else passes through. An item that fails is skipped and reported
 * by the sync, never fatal to it.
 */
const zohoId = z.union([z.string().min(1), z.number().int().nonnegative()]).transform(String);
const quantity = z
  .union([z.number(), z.string().regex(/^-?\d+(\.\d+)?$/).transform(Number)])
  .nullish()
  .transform((n) => Math.max(0, Math.floor(n ?? 0)));

export const zohoItemSchema = z.object({
  item_id: zohoId,
  name: z.string().trim().min(1, "name is empty"),
  sku: z.string().trim().min(1, "SKU is empty").max(100),
  rate: z.number({ error: "rate must be a number" }).nonnegative().finite(),
  description: z.string().nullish(),
  status: z.enum(["active", "inactive"]),
  category_name: z.string().nullish(),
  image_name: z.string().nullish(),
  stock_on_hand: quantity,
  available_stock: quantity,
  actual_available_stock: quantity.optional(),
  last_modified_time: z.string().nullish(),
  custom_fields: z
    .array(z.object({ api_name: z.string().nullish(), label: z.string().nullish(), value: z.unknown() }).passthrough())
    .nullish(),
});
export type ZohoItem = z.input<typeof zohoItemSchema>;

/** Custom fields that carry the Arabic texts; every other filled custom field becomes an attribute. */
const ARABIC_NAME_FIELDS = new Set(["cf_name_ar", "cf_arabic_name"]);
const ARABIC_DESCRIPTION_FIELDS = new Set(["cf_description_ar", "cf_arabic_description"]);

/** The products row a Zoho item becomes (without database-managed columns). */
export interface CatalogProduct {
  zohoItemId: string;
  sku: string;
  nameEn: string;
  nameAr: string | null;
  descriptionEn: string | null;
  descriptionAr: string | null;
  category: string;
  priceAed: string;
  stockAvailable: number;
  stockOnHand: number;
  status: "active" | "inactive";
  imageUrl: string | null;
  attributes: Record<string, string>;
  searchTextAr: string;
  searchNames: string;
  nameArNormalized: string | null;
  contentHash: string;
  zohoModifiedAt: Date | null;
}

export type ItemParseResult = { ok: true; product: CatalogProduct } | { ok: false; itemId?: string; sku?: string; problem: string };

/** Validates and maps one raw item from Zoho. */
export async function parseZohoItem(raw: unknown): Promise<ItemParseResult> {
  const parsed = zohoItemSchema.safeParse(raw);
  if (!parsed.success) {
    const record = raw && typeof raw === "object" ? (raw as Record<string, unknown>) : {};
    return {
      ok: false,
      ...(record.item_id !== undefined ? { itemId: String(record.item_id) } : {}),
      ...(typeof record.sku === "string" ? { sku: record.sku } : {}),
      problem: parsed.error.issues.map((i) => `${i.path.join(".") || "item"}: ${i.message}`).join("; "),
    };
  }
  return { ok: true, product: await toCatalogProduct(parsed.data) };
}

export async function toCatalogProduct(item: z.output<typeof zohoItemSchema>): Promise<CatalogProduct> {
  let nameAr: string | null = null;
  let descriptionAr: string | null = null;
  const attributes: Record<string, string> = {};
  for (const field of item.custom_fields ?? []) {
    const key = (field.api_name ?? "").toLowerCase();
    const value = typeof field.value === "string" ? field.value.trim() : typeof field.value === "number" ? String(field.value) : "";
    if (!value) continue;
    if (ARABIC_NAME_FIELDS.has(key)) nameAr = value;
    else if (ARABIC_DESCRIPTION_FIELDS.has(key)) descriptionAr = value;
    else attributes[key.replace(/^cf_/, "") || (field.label ?? "attribute")] = value;
  }
  const category = (item.category_name ?? "").trim().toLowerCase() || "uncategorized";
  const description = item.description?.trim() || null;
  const modified = item.last_modified_time ? parseZohoTime(item.last_modified_time) : Number.NaN;
  return {
    zohoItemId: item.item_id,
    sku: item.sku,
    nameEn: item.name,
    nameAr,
    descriptionEn: description,
    descriptionAr,
    category,
    priceAed: item.rate.toFixed(2),
    // Zoho's available_stock already subtracts committed sale orders; that is what may be promised.
    stockAvailable: item.available_stock,
    stockOnHand: item.stock_on_hand,
    status: item.status,
    imageUrl: item.image_name ? `/inventory/v1/items/${item.item_id}/image` : null,
    attributes,
    searchTextAr: normalizeArabic(`${nameAr ?? ""} ${descriptionAr ?? ""}`).trim(),
    searchNames: `${item.name} ${item.sku} ${normalizeArabic(nameAr ?? "")}`.toLowerCase().trim(),
    nameArNormalized: nameAr ? normalizeArabic(nameAr).replace(/\s+/g, " ").trim() : null,
    contentHash: await sha256(JSON.stringify([item.name, nameAr, description, descriptionAr, category, sortedEntries(attributes)])),
    zohoModifiedAt: Number.isNaN(modified) ? null : new Date(modified),
  };
}

/** The text a product's vector is made from: both languages, so either finds it. */
export function productEmbeddingText(p: Pick<CatalogProduct, "nameEn" | "nameAr" | "descriptionEn" | "descriptionAr" | "category" | "attributes">): string {
  const attributes = sortedEntries(p.attributes)
    .map(([k, v]) => `${k.replace(/_/g, " ")}: ${v}`)
    .join("; ");
  return [p.nameEn, p.nameAr, `Category: ${p.category}`, p.descriptionEn, p.descriptionAr, attributes].filter(Boolean).join("\n");
}

function sortedEntries(record: Record<string, string>): [string, string][] {
  return Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Zoho's time format, `2026-01-01T08:00:00+0400`; plain ISO strings are accepted too. */
export function parseZohoTime(text: string): number {
  const fixed = text.trim().replace(/([+-]\d{2})(\d{2})$/, "$1:$2");
  return Date.parse(fixed);
}

/** Formats a time the way Zoho's `last_modified_time` filter takes it, in UTC. */
export function formatZohoTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "+0000");
}

async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}
