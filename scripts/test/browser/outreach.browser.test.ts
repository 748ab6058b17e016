import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Page } from "playwright-core";
import { adminApi, conversationOf, newChatId, postCustomerText, screenshot, sentTo, until, withSignedInPage } from "../../../test/harness/node/browser";

/** The outreach controls in a browser: Export buttons, a customer's opt-out, the outreach settings. */
describe("outreach controls in the panel", () => {
  let page: Page;
  withSignedInPage((opened) => ({ page } = opened));

  const nav = (name: string) => page.getByRole("navigation", { name: "Main" }).getByRole("link", { name, exact: true }).click();

  /** Downloads a link's file with the page's own session, as the browser would. */
  async function download(href: string): Promise<{ status: number; bom: number[]; text: string }> {
    return page.evaluate(async (url) => {
      const response = await fetch(url);
      const bytes = new Uint8Array(await response.arrayBuffer());
      return { status: response.status, bom: [...bytes.slice(0, 3)], text: new TextDecoder().decode(bytes) };
    }, href);
  }

  it("each list has an Export button whose CSV opens in a spreadsheet, with a date range", async () => {
    const chatId = newChatId();
    await postCustomerText(chatId, "Hello, office chairs please", "Export Customer");
    await conversationOf(chatId);
    const screens: [string, string][] = [
      ["Customers", "customers"],
      ["Inbox", "conversations"],
      ["Orders", "quotations"],
      ["Orders", "orders"],
    ];
    for (const [screen, kind] of screens) {
      await nav(screen);
      const box = page.locator(`[data-export="${kind}"]`);
      await box.waitFor();
      const link = box.getByRole("link", { name: "Export CSV" });
      const href = (await link.getAttribute("href"))!;
      assert.equal(href, `/api/v1/export/${kind}.csv`);
      const file = await download(href);
      assert.equal(file.status, 200, kind);
      assert.deepEqual(file.bom, [0xef, 0xbb, 0xbf], `${kind} starts with a BOM`);
      if (kind === "customers") assert.ok(file.text.includes(chatId), "the new customer is in the file");
    }
    await nav("Customers");
    const box = page.locator('[data-export="customers"]');
    await box.getByLabel("Export from").fill("2020-01-01");
    await box.getByLabel("Export to").fill("2020-01-31");
    const href = (await box.getByRole("link", { name: "Export CSV" }).getAttribute("href"))!;
    assert.equal(href, "/api/v1/export/customers.csv?from=2020-01-01T00%3A00%3A00Z&to=2020-02-01T00%3A00%3A00Z");
    const empty = await download(href);
    assert.equal(empty.text.trim().split("\r\n").length, 1, "only the header for a range with nobody in it");
    await screenshot(page, "outreach-export");
  });

  it("a customer who wrote STOP shows as opted out on their profile", async () => {
    const chatId = newChatId();
    await postCustomerText(chatId, "hello", "Stop Customer");
    await conversationOf(chatId);
    await postCustomerText(chatId, "STOP", "Stop Customer");
    await until("the opt-out's answer", async () => (await sentTo(chatId)).some((m) => m.text?.includes("START")), { timeoutMs: 20_000, everyMs: 200 });
    const customer = await until("the opt-out in the customer row", async () => (await adminApi().listCustomers({ query: { q: chatId } })).customers.find((c) => c.phone === chatId && c.proactiveOptOutAt), { timeoutMs: 20_000, everyMs: 200 });
    await page.goto(`${new URL(page.url()).origin}/customers/${customer.id}`);
    const state = page.getByTestId("proactive-state");
    await state.waitFor();
    assert.match(await state.innerText(), /opted out/);
    await screenshot(page, "outreach-opted-out");
  });

  it("the outreach settings save through the API, and bad business hours show the API's message", async () => {
    const before = (await adminApi().getSettings()).settings;
    await nav("Settings");
    const minutes = page.getByLabel("Follow up a quiet quotation after (minutes)");
    await minutes.waitFor();
    // The templates to choose from, as Wazzup lists them.
    await page.getByRole("table", { name: "WhatsApp templates" }).getByText("Quotation follow-up").waitFor();
    await minutes.fill("120");
    await page.getByLabel("Business hours and holidays (JSON)").fill('{"timezone":"Mars/Olympus","weekly":[],"holidays":[]}');
    await page.getByRole("button", { name: "Save settings" }).click();
    const error = page.locator(".field", { has: page.getByLabel("Business hours and holidays (JSON)", { exact: true }) }).getByRole("alert");
    await error.waitFor();
    assert.match(await error.innerText(), /time zone/);
    await page.getByLabel("Business hours and holidays (JSON)").fill('{"timezone":"Asia/Dubai","weekly":[{"day":"sun","open":"09:00","close":"18:00"}],"holidays":["2026-12-02"]}');
    await page.getByRole("button", { name: "Save settings" }).click();
    await page.getByText("Saved. The agent uses the new settings from its next reply.").waitFor();
    const saved = (await adminApi().getSettings()).settings;
    assert.equal(saved.quotationFollowUpMinutes, 120);
    assert.deepEqual(saved.businessHours, { timezone: "Asia/Dubai", weekly: [{ day: "sun", open: "09:00", close: "18:00" }], holidays: ["2026-12-02"] });
    await screenshot(page, "outreach-settings");
    await adminApi().patchSettings({ body: { quotationFollowUpMinutes: before.quotationFollowUpMinutes as number, businessHours: null } });
  });

  it("the dashboard shows the last daily digest, and an admin sends one now", async () => {
    await nav("Dashboard");
    await page.getByRole("button", { name: "Send digest now" }).click();
    const text = page.getByLabel("Last digest");
    await text.waitFor();
    assert.match(await text.innerText(), /^Daily digest for \d{4}-\d{2}-\d{2}/);
    assert.match(await text.innerText(), /Sale orders: \d+, revenue/);
    const manager = (await adminApi().getSettings()).settings.managerPhones as string[];
    if (manager.length > 0) assert.ok((await sentTo(manager[0]!, { waitMs: 5000 })).some((m) => m.text?.startsWith("Daily digest for")), "a manager got it");
    await screenshot(page, "outreach-digest");
  });
});
