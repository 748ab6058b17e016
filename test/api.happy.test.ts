import { describe, expect, it } from "vitest";
import { exports } from "cloudflare:workers";
import { adminFetch, newChatId, postWebhook, textMessage, waitUntilIdle } from "./helpers";

describe("operator API", () => {
  it("health reports the database round trip and names no model, provider or setting", async () => {
    const response = await exports.default.fetch(new Request("https://agent.test/api/v1/health"));
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toEqual({ ok: true, database: { ok: true, ms: expect.any(Number) }, ai: { ok: true, state: "answering" } });
    expect(JSON.stringify(body)).not.toMatch(/model|openrouter|wazzup|llm/i);
  });

  it("lists conversations and their messages behind the admin token", async () => {
    const chatId = newChatId();
    await postWebhook({ messages: [textMessage(chatId, "round meeting table")] });
    await waitUntilIdle(chatId);
    expect((await exports.default.fetch(new Request("https://agent.test/api/v1/conversations"))).status).toBe(401);

    const list = (await (await adminFetch("/api/v1/conversations?limit=200")).json()) as { conversations: { id: string; chatId: string; language: string }[] };
    const mine = list.conversations.find((c) => c.chatId === chatId);
    expect(mine).toMatchObject({ chatId, language: "en" });
    const detail = (await (await adminFetch(`/api/v1/conversations/${mine!.id}/messages`)).json()) as { messages: { direction: string }[] };
    expect(detail.messages.map((m) => m.direction)).toEqual(["in", "out"]);

    const bad = await adminFetch("/api/v1/conversations/not-a-uuid/messages");
    expect(bad.status).toBe(400);
    const badLimit = await adminFetch("/api/v1/conversations?limit=5000");
    expect(badLimit.status).toBe(400);
  });

  it("searches products with filters, in English and Arabic, and finds a product by SKU", async () => {
    const chairs = (await (await adminFetch("/api/v1/products/search?q=ergonomic%20chair&max_price=900&min_stock=12")).json()) as {
      products: { sku: string; priceAed: number; stockAvailable: number; category: string }[];
    };
    expect(chairs.products.length).toBeGreaterThan(0);
    for (const p of chairs.products) {
      expect(p.priceAed).toBeLessThanOrEqual(900);
      expect(p.stockAvailable).toBeGreaterThanOrEqual(12);
    }
    const arabic = (await (await adminFetch(`/api/v1/products/search?q=${encodeURIComponent("مكتب")}`)).json()) as { products: { category: string }[] };
    expect(arabic.products.length).toBeGreaterThan(0);
    const sku = chairs.products[0]!.sku;
    const bySku = (await (await adminFetch(`/api/v1/products/search?q=${sku.toLowerCase()}`)).json()) as { products: { sku: string }[] };
    expect(bySku.products[0]!.sku).toBe(sku);
    expect((await adminFetch("/api/v1/products/NO-SUCH-SKU")).status).toBe(404);
    expect((await adminFetch("/api/v1/products/search?max_price=-5")).status).toBe(400);
  });
});
