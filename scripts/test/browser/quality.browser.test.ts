import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Page } from "playwright-core";
import { adminApi, navigate, reviewedChat, screenshot, withSignedInPage } from "../../../test/harness/node/browser";

/** Quality in a browser: a reviewed conversation in the list and the trends, its review's evidence, and a manager's verdict. */
describe("the quality screen", () => {
  let page: Page;
  withSignedInPage((opened) => ({ page } = opened));

  it("shows a review with its evidence and trends, and records an agreeing verdict", async () => {
    const { review } = await reviewedChat("what are your delivery terms?", "Quality Customer");

    await navigate(page, "Quality");
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
