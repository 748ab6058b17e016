import { describe, expect, it } from "vitest";
import { adminFetch } from "./helpers";

/**
 * Staff inputs an outside probe found answered with 500 (issue 11, finding 6): each is a 400 (or
 * a 404 for a well-formed id that names nothing) and touches no shared state.
 */
describe("bad staff input is a 4xx, never a 500", () => {
  it.each([
    ["a NUL in the search words", "/api/v1/products/search?q=%00"],
    ["a stock filter past 32 bits", "/api/v1/products/search?q=chair&min_stock=2147483648"],
    ["a NUL in a product id", "/api/v1/products/CH%00"],
    // Found by test/property/staff-api.property.test.ts.
    ["a NUL in the inbox search", "/api/v1/conversations?q=le%7F%00x"],
    ["a NUL in the knowledge search", "/api/v1/admin/knowledge/search?q=a%00b"],
    ["a NUL in a stock lookup", "/api/v1/inventory/stock?sku=CH%00"],
    ["an offset on messages of an unknown conversation", "/api/v1/conversations/00000000-0000-4000-8000-000000000000/messages?offset=5"],
  ])("%s", async (_name, path) => {
    const response = await adminFetch(path);
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect(await response.json()).toMatchObject({ error: expect.anything() });
  });

  it("a search refused for bad input leaves dense search on for everyone", async () => {
    expect((await adminFetch("/api/v1/products/search?q=%00")).status).toBeLessThan(500);
    const search = await adminFetch("/api/v1/products/search?q=ergonomic%20chair");
    expect(search.status).toBe(200);
    expect(await search.json()).not.toMatchObject({ denseUnavailable: true });
  });

  it("activating a prompt version that cannot exist, or saving a prompt of NULs or zero-width spaces, is refused", async () => {
    const activate = await adminFetch("/api/v1/admin/prompts/99999999999/activate", { method: "POST" });
    expect(activate.status).toBeGreaterThanOrEqual(400);
    expect(activate.status).toBeLessThan(500);
    for (const content of ["You are a salesperson\u0000", "\u200b\u200b\u200b\u200b\u200b\u200b\u200b\u200b\u200b\u200b"]) {
      const saved = await adminFetch("/api/v1/admin/prompts", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ content }) });
      expect(saved.status, JSON.stringify(content)).toBe(400);
    }
  });

  it("a manager reply with a NUL or only invisible characters is refused before it reaches the chat", async () => {
    for (const text of ["hello\u0000", "\u200b\u200b"]) {
      const response = await adminFetch("/api/v1/conversations/00000000-0000-4000-8000-000000000000/messages", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ text }),
      });
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ error: { code: "VALIDATION_FAILED" } });
    }
  });
});
