import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import type { Page } from "playwright-core";
import { adminApi, conversationOf, navigate, newChatId, say, screenshot, sentTo, staffUser, until, withSignedInPage } from "../../../test/harness/node/browser";

/** The panel as a manager found it in issue 20: each finding, seen in the browser. */
describe("what a manager found in the panel", () => {
  let page: Page;
  const chatId = newChatId();
  let number = "";
  let conversationId = "";
  withSignedInPage((opened) => ({ page } = opened));
  before(async () => {
    const shown = await say(chatId, "I need a quotation for 2 x CH-NOV-1001, I am Sara from Acme in Dubai", "Findings Customer");
    number = /Q-\d+/.exec(shown)?.[0] ?? "";
    assert.ok(number, `a quotation was shown: ${shown}`);
    assert.match(await say(chatId, "yes", "Findings Customer"), /confirmed/i);
    await until("the sale order", async () => (await adminApi().listSaleOrders({ query: { status: "created", limit: 50 } })).saleOrders.find((o) => o.quotationNumber === number), { everyMs: 250 });
    conversationId = await conversationOf(chatId);
    // The document, then a few more turns: a conversation longer than the screen.
    await until("the document message", async () => (await adminApi().listMessages({ params: { id: conversationId }, query: { limit: 200, latest: "true" } })).messages.find((m) => m.documentPath), { everyMs: 250 });
    for (const text of ["thank you", "do you deliver to Abu Dhabi?", "what is the warranty?"]) await say(chatId, text, "Findings Customer");
  });

  it("opens a conversation at its newest message, with the quotation document's link and its reviews", async () => {
    await page.goto(new URL(`/inbox/${conversationId}`, page.url()).toString());
    const messages = page.getByRole("list", { name: "Messages" });
    const newest = messages.getByRole("listitem").last();
    await newest.waitFor();
    await until("the newest message in view", async () => (await newest.evaluate((li) => { const box = li.getBoundingClientRect(); return box.bottom <= window.innerHeight + 1 && box.bottom > 0; })) || null, { timeoutMs: 5_000, everyMs: 250 });
    const first = messages.getByRole("listitem").first();
    assert.equal(await first.evaluate((li) => li.getBoundingClientRect().bottom > 0), false, "the oldest message is scrolled out of view");
    const link = messages.getByRole("link", { name: `📄 Quotation ${number}` });
    const href = await link.getAttribute("href");
    assert.match(String(href), /^\/api\/v1\/quotations\/[0-9a-f-]{36}\/document\?sig=[0-9a-f]{32}&exp=\d+$/);
    assert.equal((await page.request.get(new URL(href!, page.url()).toString())).status(), 200);
    await page.getByRole("region", { name: "Quality reviews" }).waitFor();
    await screenshot(page, "conversation-newest");
  });

  it("previews each inbox row's last message and counts the chats waiting for a person", async () => {
    await page.goto(new URL(`/inbox?q=${chatId}`, page.url()).toString());
    const row = page.getByRole("list", { name: "Conversations" }).getByRole("listitem").first();
    const last = (await sentTo(chatId)).at(-1)!.text!.split("\n").filter((line) => !line.startsWith("🤖"))[0]!.slice(0, 30);
    await row.getByText(last, { exact: false }).waitFor();
    const waiting = await adminApi().listConversations({ query: { limit: 1 } });
    await page.getByText(waiting.waitingForHuman === 0 ? "No chat waiting for a person" : new RegExp(`^${waiting.waitingForHuman} chats? waits? for a person$`)).waitFor();
  });

  it("shows each sale order's items, city and phone", async () => {
    await navigate(page, "Orders");
    const row = page.getByRole("table", { name: "Sale orders" }).getByRole("row").filter({ hasText: number });
    await row.waitFor();
    const text = await row.innerText();
    assert.match(text, /2 × .*CH-NOV-1001/);
    assert.match(text, /Dubai/);
    assert.match(text, new RegExp(`\\+${chatId}`));
    await screenshot(page, "orders-items");
  });

  it("reads the audit log's changes as fields and dates, and labels roles and channels on the dashboard", async () => {
    await staffUser("viewer", "Audit Reader");
    await navigate(page, "Audit log");
    const table = page.getByRole("table", { name: "Audit entries" });
    await table.getByRole("row").nth(1).waitFor();
    const changes = await table.locator("tbody td:nth-child(5)").allInnerTexts();
    assert.ok(changes.length > 0);
    // No JSON and no epoch milliseconds as dates (an opaque id such as "admin-1796…" may carry digits).
    for (const change of changes) assert.doesNotMatch(change, /[{}]|"\w+":|(?<![-\w])1\d{12}\b/, `readable: ${change}`);
    assert.match((await table.innerText()), /\((Administrator|Sales manager|Viewer)\)/);

    await navigate(page, "Dashboard");
    const breakdown = page.getByRole("table", { name: "By channel and language" });
    await breakdown.waitFor();
    const text = await breakdown.innerText();
    assert.match(text, /WhatsApp/);
    assert.doesNotMatch(text, /Channel: |Language: |\bwhatsapp\b/);
    assert.doesNotMatch(await page.getByRole("banner").first().innerText().catch(() => ""), /· admin\b/);
    await screenshot(page, "dashboard-labels");
  });
});
