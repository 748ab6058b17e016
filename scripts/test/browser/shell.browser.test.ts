import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Browser } from "playwright-core";
import { browserStack, conversationOf, navigate, newChatId, newPage, postCustomerText, screenshot, sentTo, signIn, staffUser, withBrowser } from "../../../test/harness/node/browser";

/** Sign-in, what each role is offered, the dashboard, and the panel at a phone's width. */
describe("the panel's shell in a browser", () => {
  let browser: Browser;
  withBrowser((launched) => (browser = launched));

  it("refuses a wrong password with the API's reason and signs in with the right one", async () => {
    const page = await newPage(browser);
    await page.goto(`${browserStack().panelUrl}/`);
    await page.getByLabel("Email").fill(browserStack().admin.email);
    await page.getByLabel("Password").fill("not-the-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    const alert = page.getByRole("alert");
    await alert.waitFor();
    assert.match(await alert.innerText(), /password|credentials|sign in/i);
    await screenshot(page, "sign-in");
    await page.getByLabel("Password").fill(browserStack().admin.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("navigation", { name: "Main" }).waitFor();
    assert.match(page.url(), /\/inbox$/);
    await page.context().close();
  });

  it("offers a viewer no Users screen and no takeover, and says why", async () => {
    const viewer = await staffUser("viewer", "Vera Viewer");
    const chatId = newChatId();
    await postCustomerText(chatId, "Do you sell standing desks?", "Viewer Case");
    const id = await conversationOf(chatId);
    const page = await newPage(browser);
    await signIn(page, viewer);
    const nav = page.getByRole("navigation", { name: "Main" });
    assert.equal(await nav.getByRole("link", { name: "Users", exact: true }).count(), 0);
    assert.equal(await nav.getByRole("link", { name: "Inbox", exact: true }).count(), 1);
    await page.goto(`${browserStack().panelUrl}/inbox/${id}`);
    await page.getByText("Your role (viewer) can read conversations but not take them over or reply.").waitFor();
    assert.equal(await page.getByRole("button", { name: "Take over" }).count(), 0);
    assert.equal(await page.getByLabel("Reply").count(), 0);
    await page.context().close();
  });

  it("charts the period's metrics on the dashboard", async () => {
    const chatId = newChatId();
    await postCustomerText(chatId, "Hello, I need an office chair", "Dashboard Case");
    await sentTo(chatId, { waitMs: 20_000 });
    const page = await newPage(browser);
    await signIn(page);
    await navigate(page, "Dashboard");
    const totals = page.getByLabel("Totals");
    await totals.waitFor();
    const conversations = Number(await totals.locator(".stat", { hasText: "Conversations" }).locator(".value").innerText());
    assert.ok(conversations >= 1, `conversations ${conversations}`);
    for (const chart of ["Conversations and messages per day", "LLM cost per day", "Funnel from conversation to sale order"]) {
      await page.getByRole("img", { name: chart }).locator("svg").first().waitFor();
    }
    await page.getByLabel("Period").selectOption("7d");
    await page.getByRole("img", { name: "Conversations and messages per day" }).locator("svg").first().waitFor();
    await screenshot(page, "dashboard");
    await page.context().close();
  });

  it("fits a phone: the inbox list, then one conversation, no sideways scrolling", async () => {
    const chatId = newChatId();
    await postCustomerText(chatId, "مرحبا، أريد مكتب", "عميل الهاتف");
    const id = await conversationOf(chatId);
    const page = await newPage(browser, "phone");
    await signIn(page);
    await page.getByRole("list", { name: "Conversations" }).waitFor();
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok((await overflow()) <= 1, `inbox list overflows by ${await overflow()} px`);
    await screenshot(page, "phone-inbox");
    await page.goto(`${browserStack().panelUrl}/inbox/${id}`);
    await page.getByRole("region", { name: "Messages" }).waitFor();
    assert.equal(await page.getByRole("list", { name: "Conversations" }).isVisible(), false, "one pane at a time on a phone");
    assert.ok((await overflow()) <= 1, `conversation overflows by ${await overflow()} px`);
    await screenshot(page, "phone-conversation");
    await page.context().close();
  });
});
