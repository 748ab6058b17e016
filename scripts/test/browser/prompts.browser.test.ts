import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, it } from "node:test";
import type { Page } from "playwright-core";
import { adminApi, navigate, newChatId, postCustomerText, screenshot, sentTo, withSignedInPage } from "../../../test/harness/node/browser";

/** Letters only, so the reply checks never read it as a figure. */
const word = () => `Team ${Array.from(randomBytes(6), (b) => String.fromCharCode(97 + (b % 26))).join("")}`;

/**
 * The model stand-in follows one instruction of its system prompt ("Sign every reply with: ..."),
 * so a customer's reply shows which prompt version answered it. Settings (the active prompt among
 * them) are cached for up to SETTINGS_TTL_MS per isolate: the check asks again in a new chat until
 * the reply shows the expected prompt, or fails after the deadline.
 */
async function replyUnderActivePrompt(expect: (text: string) => boolean, timeoutMs = 45_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last = "";
  while (Date.now() < deadline) {
    const chatId = newChatId();
    await postCustomerText(chatId, "what are your delivery terms?");
    const [reply] = await sentTo(chatId, { waitMs: 20_000 });
    last = reply?.text ?? "";
    if (expect(last)) return last;
  }
  throw new Error(`no reply under the expected prompt within ${timeoutMs} ms; last: ${last}`);
}

describe("the prompts screen", () => {
  let page: Page;
  let baseline: number;
  before(async () => {
    // A saved version to roll back to: the active text as it is.
    const current = await adminApi().getPrompts();
    baseline = (await adminApi().createPrompt({ body: { content: current.active.content.replace(/\nSign every reply with: .*$/gm, ""), note: "baseline for the browser test", activate: true } })).prompt.version;
  });
  withSignedInPage((opened) => ({ page } = opened));
  before(async () => {
    await navigate(page, "Prompts");
    await page.getByLabel("Prompt text").waitFor();
  });
  after(async () => {
    await adminApi().activatePrompt({ params: { version: baseline } }).catch(() => undefined);
  });

  it("a prompt edited, tried in the playground and activated changes the next bot reply; rolling back restores it", async () => {
    const signature = word();
    const editor = page.getByLabel("Prompt text");
    await editor.fill(`${await editor.inputValue()}\nSign every reply with: ${signature}`);

    // The playground runs the draft without sending anything: its reply already carries the signature.
    await page.getByLabel("Test message").fill("what are your delivery terms?");
    await page.getByRole("button", { name: "Run draft" }).click();
    const tried = page.getByTestId("playground-reply");
    await tried.waitFor();
    assert.ok((await tried.innerText()).trim().endsWith(signature), "the playground answered with the draft");
    await page.getByRole("table", { name: "Tool calls" }).getByText("search_knowledge").waitFor();
    await screenshot(page, "prompts-playground");

    await page.getByLabel("Note").fill("sign replies");
    await page.getByRole("button", { name: "Save and activate" }).click();
    const saved = page.getByRole("status").filter({ hasText: "and activated" });
    await saved.waitFor();
    const version = Number(/v(\d+)/.exec(await saved.innerText())![1]);
    assert.equal((await adminApi().getPrompts()).active.version, version);

    // The diff between the baseline and the new version is the one added line.
    await page.getByLabel("From", { exact: true }).selectOption(String(baseline));
    await page.getByLabel("To", { exact: true }).selectOption(String(version));
    await page.getByText("1 line added, 0 removed.").waitFor();
    const added = page.locator('.diff-line[data-kind="added"]');
    assert.equal(await added.count(), 1);
    assert.match(await added.innerText(), new RegExp(`Sign every reply with: ${signature}`));
    await screenshot(page, "prompts");

    const signed = await replyUnderActivePrompt((text) => text.trim().endsWith(signature));
    assert.ok(signed.includes("deliver"), "the reply answers the question");

    // Roll back from the versions table: the next replies no longer carry the signature.
    await page.getByRole("button", { name: `Roll back to v${baseline}` }).click();
    await page.getByText(`Version ${baseline} is active`).waitFor();
    assert.equal((await adminApi().getPrompts()).active.version, baseline);
    await replyUnderActivePrompt((text) => text.length > 0 && !text.includes(signature));
  });
});
