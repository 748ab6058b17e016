import { beforeAll, describe, expect, it } from "vitest";
import { adminFetch, control, syncCatalog } from "./helpers";

/**
 * Hybrid product search through GET /api/v1/products/search: Postgres full text and trigram
 * plus dense vectors (embeddings stand-in, Qdrant stand-in), fused by reciprocal rank.
 */
interface Found {
  sku: string;
  name: string;
  category: string;
  priceAed: number;
  stockAvailable: number;
}
interface SearchBody {
  products: Found[];
  mode: "hybrid" | "lexical";
  denseUnavailable?: string;
  total: number;
}

async function search(params: Record<string, string | number>): Promise<SearchBody> {
  const query = new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)]));
  const response = await adminFetch(`/api/v1/products/search?${query}`);
  expect(response.status).toBe(200);
  return (await response.json()) as SearchBody;
}

beforeAll(async () => {
  // Embeds the demo catalog into the vector index (the seed loads products without vectors).
  await syncCatalog();
}, 120_000);

describe("hybrid product search", () => {
  it("finds chairs for an English description, in hybrid mode", async () => {
    const body = await search({ q: "comfortable ergonomic office chair in black mesh", limit: 5 });
    expect(body.mode).toBe("hybrid");
    expect(body.products).toHaveLength(5);
    expect(body.products.slice(0, 3).every((p) => p.category === "chairs")).toBe(true);
    expect(body.products.filter((p) => p.category === "chairs").length).toBeGreaterThanOrEqual(4);
  });

  it("finds the same kind of product for Arabic, whatever the alef, ya or ta marbuta forms and digits", async () => {
    const plain = await search({ q: "كرسي شبكي مريح", limit: 5 });
    const variant = await search({ q: "كرسى شبكى مريـــح", limit: 5 });
    expect(plain.products.every((p) => p.category === "chairs")).toBe(true);
    expect(variant.products.map((p) => p.sku)).toEqual(plain.products.map((p) => p.sku));
    const table = await search({ q: "طاولة اجتماعات دائرية ١٠٠ سم", limit: 3 });
    expect(table.products[0]!.category).toBe("meeting-tables");
    expect(table.products.map((p) => p.sku)).toContain("MT-FOR-1003");
  });

  it("handles mixed Arabic and English and misspelled words", async () => {
    const mixed = await search({ q: "مكتب sit-stand كهربائي", limit: 5 });
    expect(mixed.products.slice(0, 3).every((p) => p.category === "desks")).toBe(true);
    const misspelled = await search({ q: "ergonmic chiar mesh", limit: 5 });
    expect(misspelled.products.filter((p) => p.category === "chairs").length).toBeGreaterThanOrEqual(4);
    const reception = await search({ q: "recepton countr", limit: 3 });
    expect(reception.products[0]!.category).toBe("reception");
  });

  it("puts an exact SKU or exact product name first, in any case", async () => {
    const bySku = await search({ q: "ch-nov-1002" });
    expect(bySku.products[0]!.sku).toBe("CH-NOV-1002");
    const byName = await search({ q: "Grid Open Bookcase 80×180 cm – Walnut" });
    expect(byName.products[0]!.sku).toBe("ST-BKC-1003");
    const byArabicName = await search({ q: "مكتبة غريد المفتوحة 80×180 سم – جوز" });
    expect(byArabicName.products[0]!.sku).toBe("ST-BKC-1003");
  });

  it("applies category, price range and stock filters to every result, and paginates without overlap", async () => {
    const body = await search({ q: "desk", category: "desks", min_price: 600, max_price: 2000, min_stock: 20, limit: 50 });
    expect(body.products.length).toBeGreaterThan(2);
    for (const p of body.products) {
      expect(p.category).toBe("desks");
      expect(p.priceAed).toBeGreaterThanOrEqual(600);
      expect(p.priceAed).toBeLessThanOrEqual(2000);
      expect(p.stockAvailable).toBeGreaterThanOrEqual(20);
    }
    const first = await search({ q: "chair", limit: 5, offset: 0 });
    const second = await search({ q: "chair", limit: 5, offset: 5 });
    expect(second.products).toHaveLength(5);
    const overlap = second.products.filter((p) => first.products.some((q) => q.sku === p.sku));
    expect(overlap).toEqual([]);
  });

  it("is stock-aware: an out-of-stock product disappears when a quantity is required", async () => {
    const any = await search({ q: "DK-AXS-1001", limit: 3 });
    expect(any.products[0]!).toMatchObject({ sku: "DK-AXS-1001", stockAvailable: 0 });
    const inStock = await search({ q: "DK-AXS-1001", min_stock: 1, limit: 10 });
    expect(inStock.products.map((p) => p.sku)).not.toContain("DK-AXS-1001");
  });

  it("falls back to lexical search, and says so, when embeddings fail", async () => {
    await control("embeddingsUrl", "/__control/failures", { body: { failures: [{ status: 503, times: 4 }] } });
    try {
      const body = await search({ q: "walnut boardroom table for twelve", limit: 3 });
      expect(body.mode).toBe("lexical");
      expect(body.denseUnavailable).toMatch(/dense retrieval failed/);
      expect(body.products[0]!.category).toBe("meeting-tables");
    } finally {
      await control("embeddingsUrl", "/__control/failures", { method: "DELETE" });
    }
  });

  it("refuses bad parameters with 400", async () => {
    for (const bad of ["min_price=500&max_price=100", "limit=500", "offset=-1", "min_stock=abc"]) {
      const response = await adminFetch(`/api/v1/products/search?q=chair&${bad}`);
      expect(response.status, bad).toBe(400);
    }
  });
});
