import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { sql as raw } from "drizzle-orm";
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { z } from "zod";
import { products } from "../../src/adapters/db/schema";
import { normalizeArabic } from "../../src/domain/language";
import { databaseUrlFromEnv } from "./migrate";

const demoItemSchema = z.object({
  sku: z.string().min(1),
  name_en: z.string().min(1),
  name_ar: z.string().min(1),
  description_en: z.string(),
  description_ar: z.string(),
  category: z.string().min(1),
  price_aed: z.number().positive(),
  stock: z.number().int().min(0),
  attributes: z.record(z.string(), z.string()),
});
export type DemoItem = z.infer<typeof demoItemSchema>;

export const DEMO_CATALOG_PATH = fileURLToPath(new URL("../../data/demo-catalog.json", import.meta.url));

export function loadDemoCatalog(path = process.env.DEMO_CATALOG_PATH ?? DEMO_CATALOG_PATH): DemoItem[] {
  return z.array(demoItemSchema).parse(JSON.parse(readFileSync(path, "utf8")));
}

/** The row a catalog item becomes, with its normalised Arabic search text and content hash. */
export function toProductRow(item: DemoItem) {
  const searchTextAr = normalizeArabic(`${item.name_ar} ${item.description_ar}`);
  const contentHash = createHash("sha256")
    .update(JSON.stringify([item.name_en, item.name_ar, item.description_en, item.description_ar, item.category, item.attributes]))
    .digest("hex");
  return {
    sku: item.sku,
    nameEn: item.name_en,
    nameAr: item.name_ar,
    descriptionEn: item.description_en,
    descriptionAr: item.description_ar,
    category: item.category,
    priceAed: item.price_aed.toFixed(2),
    stockAvailable: item.stock,
    stockOnHand: item.stock,
    status: "active" as const,
    attributes: item.attributes,
    searchTextAr,
    contentHash,
  };
}

/** Upserts the demo catalog by SKU; running it twice changes nothing. Returns the item count. */
export async function seedDemoCatalog(url: string, items = loadDemoCatalog()): Promise<number> {
  const sql = postgres(url, { max: 1, onnotice: () => undefined });
  const db = drizzle(sql);
  try {
    for (let i = 0; i < items.length; i += 100) {
      await db
        .insert(products)
        .values(items.slice(i, i + 100).map(toProductRow))
        .onConflictDoUpdate({
          target: products.sku,
          set: {
            nameEn: raw`excluded.name_en`,
            nameAr: raw`excluded.name_ar`,
            descriptionEn: raw`excluded.description_en`,
            descriptionAr: raw`excluded.description_ar`,
            category: raw`excluded.category`,
            priceAed: raw`excluded.price_aed`,
            stockAvailable: raw`excluded.stock_available`,
            stockOnHand: raw`excluded.stock_on_hand`,
            attributes: raw`excluded.attributes`,
            searchTextAr: raw`excluded.search_text_ar`,
            contentHash: raw`excluded.content_hash`,
            updatedAt: raw`now()`,
          },
        });
    }
    return items.length;
  } finally {
    await sql.end();
  }
}

// `npm run db:seed`: loads the demo catalog into DATABASE_URL.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(`seeded ${await seedDemoCatalog(databaseUrlFromEnv())} products`);
}
