import { describe, expect, it } from "vitest";
import { arabicStem, queryTerms } from "../src/core/domain/search-terms";
import { adminFetch } from "./helpers";

/** Arabic adjectives of relation (nisba) and their feminine and plural forms match their stems in search. */
interface Found {
  products: { sku: string; category: string }[];
}

async function search(q: string): Promise<Found> {
  const response = await adminFetch(`/api/v1/products/search?q=${encodeURIComponent(q)}&retrieval=lexical&limit=10`);
  expect(response.status).toBe(200);
  return (await response.json()) as Found;
}

describe("Arabic adjective forms in search", () => {
  it("reduces nisba endings to the noun", () => {
    expect(queryTerms("أريد مكتب خشبي")).toEqual(["مكتب", "خشب"]);
    expect(arabicStem("خشبيه")).toBe("خشب");
    expect(arabicStem("معدنيات")).toBe("معدن");
    expect(arabicStem("desk")).toBe("desk");
  });

  it("finds wooden desks for 'مكتب خشبي' as it does for 'مكتب خشب', through the search API", async () => {
    const adjective = await search("أريد مكتب خشبي");
    const noun = await search("مكتب خشب");
    expect(adjective.products.length).toBeGreaterThan(0);
    expect(adjective.products.filter((p) => p.category === "desks").length).toBeGreaterThan(0);
    expect(adjective.products.map((p) => p.sku).slice(0, 3)).toEqual(noun.products.map((p) => p.sku).slice(0, 3));
  });

  it("finds the feminine form 'طاولة خشبية' too", async () => {
    expect((await search("طاولة خشبية")).products.length).toBeGreaterThan(0);
  });
});
