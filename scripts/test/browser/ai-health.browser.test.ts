import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import type { Browser } from "playwright-core";
import { navigate, newChatId, openSignedIn, postCustomerText, screenshot, scriptModel, sentTo } from "../../../test/harness/node/browser";

/** Issue 20: while OpenRouter refuses the key, every screen says so; the banner goes once the model answers again. */
describe("the AI model's health in the panel", () => {
  let browser: Browser | undefined;
  after(async () => {
    await browser?.close();
  });

  it("shows a banner while OpenRouter refuses the key, the customer still answered, and hides it when the model answers", async () => {
    const chatId = newChatId();
    const marker = `KEY401${chatId}`;
    await scriptModel(marker, [{ status: 401, error: "User not found." }]);
    await postCustomerText(chatId, `Hello, do you have office chairs? ${marker}`, "Banner Case");
    const [reply] = await sentTo(chatId, { waitMs: 20_000 });
    assert.ok(reply?.text, "the customer got an answer");
    assert.doesNotMatch(reply.text, /sales managers/, "not handed over for a refused key");

    const opened = await openSignedIn();
    browser = opened.browser;
    const page = opened.page;
    const banner = page.getByRole("alert", { name: "AI model status" });
    await banner.waitFor();
    const text = await banner.innerText();
    assert.match(text, /The AI model is failing since .*: OpenRouter refuses the API key \(HTTP 401\)/);
    assert.match(text, /offline salesperson is answering customers/);
    await screenshot(page, "ai-health-banner");
    // The same banner on another screen.
    await navigate(page, "Orders");
    await banner.waitFor();

    // The key works again: a chat the model answers ends the streak, and the banner goes at the next poll.
    const other = newChatId();
    await postCustomerText(other, "Hello, do you have standing desks?", "Banner Recovery");
    await sentTo(other, { waitMs: 20_000 });
    await banner.waitFor({ state: "detached", timeout: 40_000 });
    assert.equal(await page.getByRole("alert", { name: "AI model status" }).count(), 0);
  });
});
