import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import type { Page } from "playwright-core";
import { adminApi, newChatId, openScreen, poll, postCustomerText, screenshot, withSignedInPage } from "../../../test/harness/node/browser";

/**
 * Customer analytics in the panel, on the Zoho order history the browser stack loads at start
 * (400 generated customers): the Customers screen's segments, scores, filter, sort and order
 * history, the dashboard's segment charts and Model card, and the inbox's lead score.
 */
describe("customer analytics in the panel", () => {
  let page: Page;
  before(async () => {
    // The stack started an analytics run when it loaded the history; wait for it to finish.
    const ended = (status?: string) => status === "succeeded" || status === "failed";
    const { lastRun } = await poll("the analytics run to finish", () => adminApi().getAnalyticsModel({}), (model) => ended(model.lastRun?.status), { timeoutMs: 120_000, everyMs: 1000 });
    assert.equal(lastRun!.status, "succeeded");
  });
  withSignedInPage((opened) => ({ page } = opened));

  it("Customers: filters by segment, sorts by churn risk, and shows a customer's scores and Zoho order history", async () => {
    await openScreen(page, "Customers");
    await page.getByLabel("Segment").selectOption("lost");
    await page.getByLabel("Sort by").selectOption("churnRisk");
    const table = page.getByRole("table", { name: "Customers" });
    await table.getByText("Lost").first().waitFor();
    const segments = await table.locator("tbody tr td:nth-child(3)").allInnerTexts();
    assert.ok(segments.length > 0);
    for (const segment of segments) assert.equal(segment.trim(), "Lost");
    await screenshot(page, "customers-analytics");

    await page.getByLabel("Segment").selectOption("loyal");
    await table.getByText("Loyal").first().waitFor();
    await table.locator("tbody tr").first().click();
    const scores = page.getByRole("region", { name: "Segment and scores" });
    await scores.waitFor();
    assert.match(await scores.innerText(), /Loyal[\s\S]*Likely to buy in 30 days/);
    const orders = page.getByRole("table", { name: "Order history" });
    await orders.locator("tbody tr").first().waitFor();
    assert.ok((await orders.locator("tbody tr").count()) >= 4, "a loyal customer has at least four orders");
    await screenshot(page, "customer-order-history");
  });

  it("Dashboard: customers and revenue by segment, and the Model card in plain words", async () => {
    await openScreen(page, "Dashboard");
    await page.getByRole("img", { name: "Customers by segment" }).waitFor();
    await page.getByRole("img", { name: "Revenue by segment" }).waitFor();
    const card = page.getByLabel("Model card");
    await card.waitFor();
    const text = await card.innerText();
    // Either the evaluation against recency, or why there is no model: never silence.
    assert.match(text, /recency alone|Not enough history/);
    await screenshot(page, "dashboard-analytics");
  });

  it("Inbox: each conversation shows its lead score and the list sorts by it", async () => {
    const chatId = newChatId();
    await postCustomerText(chatId, "Can you deliver 10 chairs to Dubai?", "Lead Customer");
    await openScreen(page, "Inbox");
    await page.getByLabel("Sort").selectOption("leadScore");
    const list = page.getByRole("list", { name: "Conversations" });
    await list.getByText(/Lead \d+/).first().waitFor({ timeout: 30_000 });
    const scores = (await list.getByText(/Lead \d+/).allInnerTexts()).map((t) => Number(/Lead (\d+)/.exec(t)![1]));
    assert.deepEqual(scores, [...scores].sort((a, b) => b - a));
    await screenshot(page, "inbox-lead-score");
  });
});
