import { describe, expect, it } from "vitest";
import { formatZohoTime, parseZohoItem, parseZohoTime, productEmbeddingText, type CatalogProduct } from "../../src/core/domain/catalog-item";

const item = {
  item_id: "4600000000001",
  name: "Nova Ergonomic Chair",
  sku: "CH-NOV-1001",
  rate: 845,
  description: "Mesh back, adjustable arms",
  status: "active",
  category_name: " Chairs ",
  image_name: "nova.jpg",
  stock_on_hand: 80,
  available_stock: 76,
  last_modified_time: "2026-01-01T08:00:00+0400",
  custom_fields: [
    { api_name: "cf_name_ar", label: "Arabic name", value: "كرسي نوفا" },
    { api_name: "cf_description_ar", label: "Arabic description", value: "ظهر شبكي" },
    { api_name: "cf_colour", label: "Colour", value: "Black" },
    { api_name: "cf_warranty_years", label: "Warranty", value: 5 },
    { api_name: "cf_empty", label: "Empty", value: "  " },
  ],
};

async function product(raw: unknown): Promise<CatalogProduct> {
  const result = await parseZohoItem(raw);
  if (!result.ok) throw new Error(result.problem);
  return result.product;
}

describe("a Zoho item becomes a catalog product", () => {
  it("maps names, texts, category, price, stock and attributes", async () => {
    const p = await product(item);
    expect(p).toMatchObject({
      zohoItemId: "4600000000001",
      sku: "CH-NOV-1001",
      nameEn: "Nova Ergonomic Chair",
      nameAr: "كرسي نوفا",
      descriptionEn: "Mesh back, adjustable arms",
      descriptionAr: "ظهر شبكي",
      category: "chairs",
      priceAed: "845.00",
      stockAvailable: 76,
      stockOnHand: 80,
      status: "active",
      imageUrl: "/inventory/v1/items/4600000000001/image",
      attributes: { colour: "Black", warranty_years: "5" },
      nameArNormalized: "كرسي نوفا",
      zohoModifiedAt: new Date("2026-01-01T04:00:00Z"),
    });
    expect(p.searchNames).toBe("nova ergonomic chair ch-nov-1001 كرسي نوفا");
    expect(p.searchTextAr).toBe("كرسي نوفا ظهر شبكي");
  });

  it("fills what Zoho leaves out: no category, no image, no time, no custom fields, quantities as text or negative", async () => {
    const p = await product({ item_id: 7, name: "Desk", sku: "DK-1", rate: 10.5, status: "inactive", stock_on_hand: "-3", available_stock: "12.7", description: "  " });
    expect(p).toMatchObject({ zohoItemId: "7", category: "uncategorized", imageUrl: null, zohoModifiedAt: null, nameAr: null, descriptionEn: null, attributes: {}, stockOnHand: 0, stockAvailable: 12, priceAed: "10.50", nameArNormalized: null });
    expect(p.searchTextAr).toBe("");
    expect((await product({ ...item, last_modified_time: "not a time" })).zohoModifiedAt).toBeNull();
    // A custom field without an api_name is kept under its label.
    expect((await product({ ...item, custom_fields: [{ api_name: null, label: "Finish", value: "Oak" }] })).attributes).toEqual({ Finish: "Oak" });
    expect((await product({ ...item, custom_fields: [{ api_name: "cf_arabic_name", value: "مكتب" }, { api_name: "CF_ARABIC_DESCRIPTION", value: "خشب" }] }))).toMatchObject({ nameAr: "مكتب", descriptionAr: "خشب" });
    expect((await product({ ...item, custom_fields: [{ api_name: "cf_flag", value: true }] })).attributes).toEqual({});
  });

  it("takes an item with no description at all, and names a custom field with neither api_name nor label", async () => {
    const { description: _omitted, ...withoutDescription } = item;
    expect((await product(withoutDescription)).descriptionEn).toBeNull();
    expect((await product({ ...item, custom_fields: [{ api_name: null, value: "Oak" }] })).attributes).toEqual({ attribute: "Oak" });
  });

  it("trims what Zoho pads, keeps attribute keys that only contain cf_, and normalises Arabic spacing", async () => {
    const p = await product({
      ...item,
      sku: " CH-NOV-1001 ",
      description: "  Mesh back  ",
      custom_fields: [
        { api_name: "cf_name_ar", value: "كرسي   نوفا " },
        { api_name: "cf_colour", value: " Black " },
        { api_name: "seat_cf_height", value: "45" },
      ],
    });
    expect(p).toMatchObject({ sku: "CH-NOV-1001", descriptionEn: "Mesh back", nameAr: "كرسي   نوفا", nameArNormalized: "كرسي نوفا", attributes: { colour: "Black", seat_cf_height: "45" } });
    expect((await product({ ...item, custom_fields: null })).searchNames).toBe("nova ergonomic chair ch-nov-1001");
  });

  it("accepts quantities as whole or decimal numbers in text, and nothing else", async () => {
    expect((await product({ ...item, available_stock: "7.25" })).stockAvailable).toBe(7);
    for (const bad of ["12abc", "abc12", "1.", "1.2.3"]) {
      expect(await parseZohoItem({ ...item, available_stock: bad }), bad).toMatchObject({ ok: false, problem: expect.stringContaining("available_stock") });
    }
  });

  it("names the path of a nested problem, and an item that is not an object", async () => {
    expect(await parseZohoItem({ ...item, custom_fields: [{ api_name: 5, value: "x" }] })).toMatchObject({ ok: false, problem: expect.stringMatching(/^custom_fields\.0\.api_name: /) });
    expect(await parseZohoItem({ ...item, sku: "  " })).toMatchObject({ ok: false, problem: "sku: SKU is empty" });
    expect(await parseZohoItem(null)).toEqual({ ok: false, problem: expect.stringMatching(/^item: /) });
  });

  it("reports an invalid item with its id, SKU and every problem, instead of throwing", async () => {
    expect(await parseZohoItem({ item_id: "9", sku: "X-1", name: " ", rate: -1, status: "active" })).toEqual({
      ok: false,
      itemId: "9",
      sku: "X-1",
      problem: "name: name is empty; rate: rate must be a number",
    });
    const bare = await parseZohoItem("garbage");
    expect(bare.ok).toBe(false);
    expect(bare).not.toHaveProperty("itemId");
    expect(bare).not.toHaveProperty("sku");
    expect(await parseZohoItem({ ...item, rate: "845" })).toMatchObject({ ok: false, problem: expect.stringContaining("rate: rate must be a number") });
  });
});

describe("the content hash decides what is embedded again", () => {
  const hashOf = async (change: Record<string, unknown>) => (await product({ ...item, ...change })).contentHash;

  it("changes with every text that goes into the product's vector", async () => {
    const base = await hashOf({});
    expect(base).toMatch(/^[0-9a-f]{64}$/);
    const changed = await Promise.all([
      hashOf({ name: "Nova Chair II" }),
      hashOf({ description: "Leather back" }),
      hashOf({ category_name: "Stools" }),
      hashOf({ custom_fields: [...item.custom_fields.slice(1)] }),
      hashOf({ custom_fields: [item.custom_fields[0], { api_name: "cf_description_ar", value: "جلد" }, ...item.custom_fields.slice(2)] }),
      hashOf({ custom_fields: [...item.custom_fields.slice(0, 2), { api_name: "cf_colour", value: "White" }] }),
    ]);
    for (const hash of changed) expect(hash).not.toBe(base);
    expect(new Set(changed).size).toBe(changed.length);
  });

  it("stays the same when only price, stock, status or attribute order change (no re-embedding)", async () => {
    const base = await hashOf({});
    expect(await hashOf({ rate: 999, available_stock: 1, stock_on_hand: 2, status: "inactive", last_modified_time: "2026-02-01T08:00:00+0400" })).toBe(base);
    expect(await hashOf({ custom_fields: [...item.custom_fields].reverse() })).toBe(base);
  });
});

describe("embedding text and Zoho times", () => {
  it("puts both languages, the category and sorted attributes into the embedded text", () => {
    const text = productEmbeddingText({ nameEn: "Nova", nameAr: "نوفا", category: "chairs", descriptionEn: "Mesh", descriptionAr: null, attributes: { seat_height: "45 cm", colour: "Black" } });
    expect(text).toBe("Nova\nنوفا\nCategory: chairs\nMesh\ncolour: Black; seat height: 45 cm");
    expect(productEmbeddingText({ nameEn: "Desk", nameAr: null, category: "desks", descriptionEn: null, descriptionAr: null, attributes: {} })).toBe("Desk\nCategory: desks");
  });

  it("reads Zoho's offset format and ISO, and writes the filter format in UTC", () => {
    expect(parseZohoTime(" 2026-01-01T08:00:00+0400 ")).toBe(Date.parse("2026-01-01T04:00:00Z"));
    expect(parseZohoTime("2026-01-01T08:00:00-0130")).toBe(Date.parse("2026-01-01T09:30:00Z"));
    expect(parseZohoTime("2026-01-01T08:00:00Z")).toBe(Date.parse("2026-01-01T08:00:00Z"));
    expect(formatZohoTime(Date.parse("2026-03-04T05:06:07.890Z"))).toBe("2026-03-04T05:06:07+0000");
  });
});
