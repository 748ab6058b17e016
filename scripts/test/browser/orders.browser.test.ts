import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Page } from "playwright-core";
import { adminApi, browserStack, navigate, newChatId, say, screenshot, until, withSignedInPage } from "../../../test/harness/node/browser";

describe("the orders screen", () => {
  let page: Page;
  withSignedInPage((opened) => ({ page } = opened));

  it("replays a dead Zoho job from Orders, and the sale order then appears with its Zoho number", async () => {
    const chatId = newChatId();
    const shown = await say(chatId, "I need a quotation for 2 x CH-NOV-1001, I am Sara from Acme in Dubai", "Orders Customer");
    const number = /Q-\d+/.exec(shown)?.[0];
    assert.ok(number, `a quotation was shown: ${shown}`);
    // Zoho refuses this order once with a validation error: not worth retrying, so the job dies at once.
    const scripted = await fetch(`${browserStack().zohoStandInUrl}/__control/failures`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ failures: [{ path: "/inventory/v1/salesorders", method: "POST", bodyContains: number, status: 400, body: { code: 1001, message: "Customer is inactive" }, times: 1 }] }),
    });
    assert.equal(scripted.status, 201);
    assert.match(await say(chatId, "yes", "Orders Customer"), /confirmed/i);
    const quotation = await until("the quotation to fail", async () => (await adminApi().listQuotations({ query: { state: "failed", limit: 50 } })).quotations.find((q) => q.number === number), { everyMs: 250 });
    const jobId = `sale-order:${quotation.id}`;

    await navigate(page, "Orders");
    const deadJobs = page.getByRole("table", { name: "Dead Zoho jobs" });
    const row = deadJobs.getByRole("row").filter({ hasText: jobId });
    await row.waitFor();
    assert.match(await row.innerText(), /Customer is inactive/);
    await screenshot(page, "orders-dead-job");
    await row.getByRole("button", { name: "Replay" }).click();
    await page.getByRole("status").filter({ hasText: `Replayed ${jobId}` }).waitFor();

    const order = await until("the sale order", async () => (await adminApi().listSaleOrders({ query: { status: "created", limit: 50 } })).saleOrders.find((o) => o.quotationNumber === number), { everyMs: 250 });
    assert.match(String(order.salesorderNumber), /^SO-/);
    // The screen shows it once it refreshes: the sale order with its Zoho number and a document link.
    await page.reload();
    const saleRow = page.getByRole("table", { name: "Sale orders" }).getByRole("row").filter({ hasText: number });
    await saleRow.getByText(String(order.salesorderNumber)).waitFor();
    const pdf = saleRow.getByRole("link", { name: "PDF" });
    const href = await pdf.getAttribute("href");
    assert.ok(href?.startsWith(`/api/v1/quotations/${quotation.id}/document?sig=`));
    const documentResponse = await page.request.get(new URL(href!, browserStack().panelUrl).toString());
    assert.equal(documentResponse.status(), 200);
    assert.equal(await deadJobs.getByRole("row").filter({ hasText: jobId }).count(), 0, "the job left the dead list");
    await screenshot(page, "orders");
  });
});
