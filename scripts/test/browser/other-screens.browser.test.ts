import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Browser, Page } from "playwright-core";
import { adminApi, newChatId, newPage, openScreen, postCustomerText, screenshot, sentTo, signIn, staffUser, until, withSignedInPage } from "../../../test/harness/node/browser";

/** Customers, Knowledge, Catalog, Users and Audit log in a browser, each doing its main job once, with a screenshot. */
describe("the other screens", () => {
  let browser: Browser;
  let page: Page;
  withSignedInPage((opened) => ({ browser, page } = opened));

  it("Customers: finds a customer who wrote and shows the profile, CRM contact and conversation", async () => {
    const chatId = newChatId();
    await postCustomerText(chatId, "Hello, do you have standing desks?", "Profile Customer");
    await sentTo(chatId, { waitMs: 20_000 });
    await openScreen(page, "Customers");
    await page.getByLabel("Search").fill(chatId);
    await page.getByRole("table", { name: "Customers" }).getByRole("link", { name: "Profile Customer" }).click();
    await page.getByRole("heading", { level: 1, name: "Profile Customer" }).waitFor();
    await page.getByRole("table", { name: "Conversations" }).getByRole("link", { name: "Open in inbox" }).waitFor();
    assert.match(await page.getByRole("region", { name: "Zoho CRM" }).innerText(), /Status/);
    await screenshot(page, "customers");
  });

  it("Knowledge: an Arabic document is written and shown right to left, with its index status", async () => {
    await openScreen(page, "Knowledge");
    await page.getByRole("link", { name: "New document" }).click();
    const slug = `returns-ar-${Date.now().toString(36)}`;
    await page.getByLabel("Slug").fill(slug);
    await page.getByLabel("Topic").selectOption("returns");
    await page.getByLabel("Language").selectOption("ar");
    await page.getByLabel("Title").fill("سياسة الإرجاع");
    await page.getByLabel("Text").fill("يمكن إرجاع المنتجات غير المستخدمة خلال أربعة عشر يوماً من التسليم مع الفاتورة الأصلية.");
    assert.equal(await page.getByLabel("Text").getAttribute("dir"), "rtl");
    await page.getByRole("button", { name: "Save" }).click();
    // Saved, or the reason it was not (an alert), whichever comes first: a failure then says why.
    const outcome = page.getByRole("status").filter({ hasText: "Saved" }).or(page.getByRole("alert"));
    await outcome.first().waitFor({ timeout: 30_000 });
    assert.match(await outcome.first().innerText(), /^Saved/);
    // The index status is shown either way: indexed, or pending (lexical search meanwhile) when the vector store cannot take it.
    await page.getByText(/Index: (indexed|pending) \d+ passages?/).waitFor();
    await screenshot(page, "knowledge-arabic");
    await page.getByRole("link", { name: "All documents" }).click();
    const title = page.getByRole("table", { name: "Knowledge documents" }).getByText("سياسة الإرجاع").first();
    await title.waitFor();
    assert.equal(await title.getAttribute("dir"), "rtl");
    assert.equal(await title.evaluate((el) => getComputedStyle(el).direction), "rtl");
    await screenshot(page, "knowledge");
  });

  it("Catalog: shows sync runs and a search with its mode and ranking", async () => {
    await openScreen(page, "Catalog");
    await page.getByRole("table", { name: "Sync runs" }).waitFor();
    await page.getByLabel("Customer words").fill("mesh chair");
    await page.getByLabel("Retrieval").selectOption("lexical");
    await page.getByRole("button", { name: "Search" }).click();
    const results = page.getByRole("table", { name: "Search results" });
    await results.waitFor();
    assert.match(await page.getByRole("status").filter({ hasText: "Mode" }).innerText(), /lexical/);
    const firstRow = results.getByRole("row").nth(1);
    assert.match(await firstRow.innerText(), /^1\s/);
    await screenshot(page, "catalog");
  });

  it("Users: an admin creates a user and changes their role; Audit log: the change is found by action and target", async () => {
    await openScreen(page, "Users");
    const email = `screens-${Date.now().toString(36)}@browser.test`;
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Name").fill("Screens Manager");
    await page.getByLabel("Role", { exact: true }).selectOption("viewer");
    await page.getByLabel("Password").fill("a-long-enough-password");
    await page.getByRole("button", { name: "Create user" }).click();
    await page.getByRole("status").filter({ hasText: `Created ${email}` }).waitFor();
    await page.getByLabel(`Role of ${email}`).selectOption("manager");
    const user = await until(`${email} a manager`, async () => (await adminApi().listUsers()).users.find((u) => u.email === email && u.role === "manager"), { timeoutMs: 15_000, everyMs: 200 });
    await screenshot(page, "users");
    // A password reset from the list: the user signs in with the new one.
    await page.getByRole("row").filter({ hasText: email }).getByRole("button", { name: "Reset password" }).click();
    await page.getByLabel(`New password for ${email}`).fill("short");
    await page.getByRole("button", { name: "Set password", exact: true }).click();
    await page.locator(".field", { has: page.getByLabel(`New password for ${email}`) }).getByRole("alert").filter({ hasText: "at least 12 characters" }).waitFor();
    await page.getByLabel(`New password for ${email}`).fill("the-new-password-2");
    await page.getByRole("button", { name: "Set password", exact: true }).click();
    await page.getByRole("status").filter({ hasText: `Password reset for ${email}` }).waitFor();
    const theirPage = await newPage(browser);
    await signIn(theirPage, { email, password: "the-new-password-2" });
    await theirPage.context().close();

    await openScreen(page, "Audit log");
    await page.getByLabel("Action").fill("user.update");
    await page.getByLabel("Target").fill(`user:${user.id}`);
    await page.getByRole("button", { name: "Filter" }).click();
    const entries = page.getByRole("table", { name: "Audit entries" });
    await entries.getByText(`user:${user.id}`).waitFor();
    assert.equal(await entries.getByRole("row").count(), 2, "the header and the one matching entry");
    assert.match(await entries.innerText(), /role: viewer → manager/);
    await screenshot(page, "audit");
  });

  it("a viewer on a phone sees no Users link, is told the audit log is for admins, and reads the prompts", async () => {
    const viewerPage = await newPage(browser, "phone");
    await signIn(viewerPage, await staffUser("viewer", "Phone Viewer"));
    const nav = viewerPage.getByRole("navigation", { name: "Main" });
    assert.equal(await nav.getByRole("link", { name: "Users", exact: true }).count(), 0);
    await nav.getByRole("link", { name: "Audit log", exact: true }).click();
    await viewerPage.getByText("Only admins read the audit log (you are viewer).").waitFor();
    // On a phone the screens stack up and keep working: the prompts screen with its diff.
    await nav.getByRole("link", { name: "Prompts", exact: true }).click();
    await viewerPage.getByRole("table", { name: "Prompt versions" }).waitFor();
    await screenshot(viewerPage, "prompts-phone");
  });
});

