import { env, exports } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { conversations, quotations } from "../src/adapters/db/schema";
import { getConfig } from "../src/core/config";
import { documentLink } from "../src/app/orders/document";
import { until, newChatId, postWebhook, query, textMessage, waitUntilIdle } from "./helpers";

const DAY_MS = 24 * 60 * 60 * 1000;

/** A draft quotation of a fresh chat, written straight to Postgres: the link, not the sale, is under test here. */
async function quotation(): Promise<{ id: string; number: string }> {
  const chatId = newChatId();
  await postWebhook({ messages: [textMessage(chatId, "hello")] });
  await waitUntilIdle(chatId);
  const conversation = await until("the conversation row", async () => (await query((db) => db.select().from(conversations).where(eq(conversations.chatId, chatId))))[0]);
  const line = { productId: "p-1", sku: "CH-SWG-1001", name: "Swivel chair <b>", nameAr: null, unitPriceAed: 540, quantity: 2 };
  const [row] = await query((db) =>
    db.insert(quotations).values({ number: `Q-DOC-${chatId}`, conversationId: conversation.id, customerId: conversation.customerId, vatPercent: "5", lines: [line] }).returning({ id: quotations.id, number: quotations.number }),
  );
  return row!;
}

function open(link: string, accept = "*/*") {
  return exports.default.fetch(new Request(link, { headers: { accept } }));
}

describe("quotation document links expire and the page is locked down", () => {
  it("a current link serves the page with CSP, nosniff, no referrer and no framing", async () => {
    const link = (await documentLink(getConfig(env), await quotation()))!;
    expect(link).toMatch(/\?sig=[0-9a-f]{32}&exp=\d+$/);
    const response = await open(link, "text/html");
    expect(response.status).toBe(200);
    const csp = response.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain("unsafe-inline");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("referrer-policy")).toBe("no-referrer");
    const page = await response.text();
    // The page's one style element carries the nonce the policy allows; nothing else may run.
    const nonce = /style-src 'nonce-([0-9a-f]+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(page).toContain(`<style nonce="${nonce}">`);
    expect(page).not.toContain("<script");
    expect(page).toContain("Swivel chair &lt;b&gt;");
  });

  it("a link past its expiry is a 410 page for a browser and LINK_EXPIRED for a client, still with the headers", async () => {
    const config = getConfig(env);
    const link = (await documentLink(config, await quotation(), Date.now() - (config.DOCUMENT_LINK_TTL_DAYS + 1) * DAY_MS))!;
    const page = await open(link, "text/html,application/xhtml+xml");
    expect(page.status).toBe(410);
    expect(page.headers.get("content-type")).toContain("text/html");
    expect(await page.text()).toContain("This document link has expired");
    expect(page.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(page.headers.get("x-content-type-options")).toBe("nosniff");
    const api = await open(link);
    expect(api.status).toBe(410);
    expect(((await api.json()) as { error: { code: string } }).error.code).toBe("LINK_EXPIRED");
  });

  it("an expiry moved forward breaks the signature: 403, not 410 and not the document", async () => {
    const link = (await documentLink(getConfig(env), await quotation(), Date.now() - 400 * DAY_MS))!;
    const extended = link.replace(/exp=\d+/, `exp=${Math.floor(Date.now() / 1000) + 3600}`);
    const response = await open(extended);
    expect(response.status).toBe(403);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("FORBIDDEN");
  });

  it("a link signed before links expired (no exp) is answered as expired, and one without a signature as forged", async () => {
    const { id } = await quotation();
    const key = `document-links:${getConfig(env).ADMIN_API_TOKEN}`;
    const hmac = await crypto.subtle.importKey("raw", new TextEncoder().encode(key), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
    const mac = new Uint8Array(await crypto.subtle.sign("HMAC", hmac, new TextEncoder().encode(`quotation:${id}`)));
    const legacySig = [...mac.slice(0, 16)].map((b) => b.toString(16).padStart(2, "0")).join("");
    expect((await open(`https://agent.test/api/v1/quotations/${id}/document?sig=${legacySig}`)).status).toBe(410);
    expect((await open(`https://agent.test/api/v1/quotations/${id}/document`)).status).toBe(403);
  });
});
