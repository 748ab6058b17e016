import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { sql as raw } from "drizzle-orm";
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { z } from "zod";
import { ANALYZE_PRODUCTS, VOCABULARY_REBUILD } from "../../src/adapters/db/catalog-repo";
import { knowledgeChunks, knowledgeDocuments, products } from "../../src/adapters/db/schema";
import { parseZohoItem, type CatalogProduct } from "../../src/core/domain/catalog-item";
import { knowledgeDocumentInput, type KnowledgeDocumentInput } from "../../src/core/domain/knowledge";
import { normalizeArabic } from "../../src/core/domain/language";
import { chunkDocument } from "../../src/core/knowledge/chunk";
import { demoItemToZohoItem, type ZohoItem } from "../../stand-ins/zoho-catalog";
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
export const DEMO_KNOWLEDGE_PATH = fileURLToPath(new URL("../../data/demo-knowledge.json", import.meta.url));

export function loadDemoCatalog(path = process.env.DEMO_CATALOG_PATH ?? DEMO_CATALOG_PATH): DemoItem[] {
  return z.array(demoItemSchema).parse(JSON.parse(readFileSync(path, "utf8")));
}

/** The demo catalog as the Zoho stand-in serves it: seeding and syncing describe the same items. */
export function demoZohoItems(items = loadDemoCatalog()): ZohoItem[] {
  return items.map((item, index) => demoItemToZohoItem(item, index));
}

export function loadDemoKnowledge(path = DEMO_KNOWLEDGE_PATH): KnowledgeDocumentInput[] {
  return z.array(knowledgeDocumentInput).parse(JSON.parse(readFileSync(path, "utf8")));
}

/** The product rows Zoho items become, through the same mapping the sync uses. */
export async function toProductRows(items: ZohoItem[]): Promise<CatalogProduct[]> {
  const rows: CatalogProduct[] = [];
  for (const item of items) {
    const parsed = await parseZohoItem(item);
    if (!parsed.ok) throw new Error(`demo item ${item.sku} does not map: ${parsed.problem}`);
    rows.push(parsed.product);
  }
  return rows;
}

/**
 * Loads the demo catalog (keyed by Zoho item id, as a sync would) and the demo knowledge base;
 * running it twice changes nothing. Vectors are not made here: the first sync (or knowledge
 * indexing tick) embeds whatever has no vector yet. Returns the product count.
 */
export async function seedDemoData(url: string, items = demoZohoItems()): Promise<number> {
  const sql = postgres(url, { max: 1, onnotice: () => undefined });
  const db = drizzle(sql);
  try {
    // Marked demo until a sync sees them: a sync against a real Zoho removes every one it does not list.
    const rows = (await toProductRows(items)).map((row) => ({ ...row, demo: true }));
    for (let i = 0; i < rows.length; i += 100) {
      await db
        .insert(products)
        .values(rows.slice(i, i + 100))
        .onConflictDoUpdate({
          target: products.sku,
          set: Object.fromEntries(
            ["zoho_item_id", "name_en", "name_ar", "description_en", "description_ar", "category", "price_aed", "stock_available", "stock_on_hand", "status", "image_url", "attributes", "search_text_ar", "search_names", "name_ar_normalized", "content_hash", "zoho_modified_at"].map(
              (column) => [camel(column), raw.raw(`excluded.${column}`)],
            ),
          ),
        });
    }
    for (const doc of loadDemoKnowledge()) {
      const [saved] = await db.insert(knowledgeDocuments).values({ ...doc, indexStatus: "pending" }).onConflictDoNothing().returning({ id: knowledgeDocuments.id });
      if (!saved) continue;
      const chunks = chunkDocument(doc.title, doc.body);
      await db.insert(knowledgeChunks).values(chunks.map((text, ordinal) => ({ documentId: saved.id, ordinal, text, searchText: normalizeArabic(text) })));
    }
    // Search reads the catalog vocabulary (which words exist, how common they are), as after a sync.
    for (const statement of VOCABULARY_REBUILD) await db.execute(statement);
    await db.execute(ANALYZE_PRODUCTS);
    return rows.length;
  } finally {
    await sql.end();
  }
}

function camel(column: string): string {
  return column.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}

// `npm run db:seed`: loads the demo catalog and knowledge base into DATABASE_URL.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(`seeded ${await seedDemoData(databaseUrlFromEnv())} products`);
}
