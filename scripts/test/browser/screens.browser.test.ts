import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Browser } from "playwright-core";
import { newPage, screenshot, signIn, withBrowser } from "../../../test/harness/node/browser";

const SCREENS = ["Dashboard", "Inbox", "Orders", "Customers", "Prompts", "Settings", "Knowledge", "Catalog", "Quality", "Users", "Audit log"];

/** Every screen of the navigation opens without an uncaught error, and leaves a screenshot. */
describe("every screen", () => {
  let browser: Browser;
  withBrowser((launched) => (browser = launched));

  it("opens from the navigation as an admin, with no uncaught error", async () => {
    const page = await newPage(browser);
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await signIn(page);
    const nav = page.getByRole("navigation", { name: "Main" });
    for (const name of SCREENS) {
      await nav.getByRole("link", { name, exact: true }).click();
      await page.locator("main h1").first().waitFor();
      assert.match(page.url(), new RegExp(`/${name === "Audit log" ? "audit" : name.toLowerCase()}`));
      await screenshot(page, `screen-${name.toLowerCase().replace(/\s+/g, "-")}`);
    }
    assert.deepEqual(errors, []);
    await page.context().close();
  });
});
