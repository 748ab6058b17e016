import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Browser, Page } from "playwright-core";
import { adminApi, conversationOf, customerSays, newChatId, openSignedIn, screenshot, sentTo } from "./harness";

async function until<T>(what: string, probe: () => Promise<T | null | undefined>, timeoutMs = 45_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

/** Quality in a browser: a reviewed conversation in the list and the trends, its review's evidence, and a manager's verdict. */
describe("the quality screen", () => {
  let browser: Browser;
  let page: Page;
  before(async () => {
    ({ browser, page } = await openSignedIn());
  });
  after(async () => {
    await browser?.close();
  });

  it("shows a review with its evidence and trends, and records an agreeing verdict", async () => {
    const chatId = newChatId();
    await customerSays(chatId, "what are your delivery terms?", "Quality Customer");
    await sentTo(chatId, { waitMs: 20_000 });
    const conversationId = await conversationOf(chatId);
    await adminApi().requestQualityReview({ body: { conversationId } });
    const review = await until("the review", async () => (await adminApi().listQualityReviews({ query: { limit: 200 } })).reviews.find((r) => r.conversationId === conversationId && r.status !== "queued"));

    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Quality", exact: true }).click();
    await page.getByRole("region", { name: "Reviews" }).first().waitFor();
    const reviews = page.getByRole("table", { name: "Quality reviews" });
    await reviews.waitFor();
    assert.ok(Number(await page.locator(".big-number").first().innerText()) >= 1, "the period's review count includes it");
    await screenshot(page, "quality");

    await page.goto(new URL(`/quality/${review.id}`, page.url()).toString());
    await page.getByRole("link", { name: "Open the conversation" }).waitFor();
    await page.getByRole("table", { name: "Evidence messages" }).or(page.getByText("No messages cited.")).first().waitFor();
    await page.getByRole("button", { name: "Agree", exact: true }).click();
    await page.getByRole("table", { name: "Verdicts" }).getByText("agree").waitFor();
    const stored = await adminApi().getQualityReview({ params: { id: review.id } });
    assert.deepEqual(stored.verdicts.map((v) => v.verdict), ["agree"]);
    await screenshot(page, "quality-review");
  });
});
