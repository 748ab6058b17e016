import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Page } from "playwright-core";
import { adminApi, navigate, reviewedChat, screenshot, withSignedInPage } from "../../../test/harness/node/browser";

/** Findings in a browser: a run from the screen, a finding citing the reviewed chats, its proposal's diff, the comparison, and the decision. */
describe("the findings screen", () => {
  let page: Page;
  withSignedInPage((opened) => ({ page } = opened));

  it("runs the job, shows a finding with its proposal's diff, simulates it and activates it; Quality shows the score by prompt version", async () => {
    // The scripted salesperson lists products without asking a single question: the judge scores needs_discovery low.
    const original = (await adminApi().getPrompts()).active.content;
    const reviewed = async (text: string) => (await reviewedChat(text, "Findings Customer")).conversationId;
    const conversations = [await reviewed("show me mesh office chairs"), await reviewed("I need standing desks for my team")];

    await navigate(page, "Findings");
    await page.getByRole("button", { name: "Find now" }).click();
    await page.getByRole("status").filter({ hasText: /Last run .*\(manual\).*(done|budget_spent)/ }).waitFor({ timeout: 60_000 });
    const { findings, lastRun } = await adminApi().listQualityFindings();
    const reviews = (await adminApi().listQualityReviews({ query: { limit: 200 } })).reviews.filter((r) => conversations.includes(r.conversationId));
    const cited = findings.find((f) => f.proposalIds.length > 0 && conversations.every((id) => f.conversationIds.includes(id)));
    assert.ok(cited, `a finding with a proposal cites both chats: ${JSON.stringify({ lastRun, findings: findings.map((f) => [f.key, f.conversationIds.length, f.proposalIds.length]), reviews: reviews.map((r) => [r.scores.map((s) => `${s.criterion}:${s.score}`), r.flags.map((f) => f.flag)]) })}`);
    const table = page.getByRole("table", { name: "Findings" });
    await table.waitFor();
    await table.getByText(cited.pattern).first().waitFor();
    await screenshot(page, "findings");

    await page.goto(new URL(`/findings/proposals/${cited.proposalIds[0]}`, page.url()).toString());
    const proposal = (await adminApi().getQualityProposal({ params: { id: cited.proposalIds[0]! } })).proposal;
    if (proposal.kind === "prompt") await page.getByRole("table", { name: "Proposed prompt change" }).waitFor();
    // Activation is refused until the comparison has run, with the API's reason.
    await page.getByRole("button", { name: "Activate" }).click();
    await page.getByText("Run the comparison").waitFor();
    await page.getByRole("button", { name: "Simulate", exact: true }).click();
    await page.getByRole("table", { name: "Before and after" }).waitFor({ timeout: 120_000 });
    const compared = (await adminApi().getQualityProposal({ params: { id: proposal.id } })).proposal;
    assert.equal(compared.comparisonStatus, "passing", JSON.stringify(compared.comparison?.reasons));
    await screenshot(page, "findings-proposal");
    await page.getByRole("button", { name: "Activate" }).click();
    await page.getByRole("status").filter({ hasText: "Activated" }).waitFor();
    const activated = (await adminApi().getQualityProposal({ params: { id: proposal.id } })).proposal;
    assert.equal(activated.status, "activated");
    const audit = await adminApi().listAudit({ query: { target: `quality_proposal:${proposal.id}`, limit: 10 } });
    assert.deepEqual(audit.entries.map((e) => e.action), ["quality.proposal_activated", "quality.proposal_simulated"]);

    await page.getByRole("link", { name: "Quality", exact: true }).first().click();
    await page.getByRole("table", { name: "Score by prompt version" }).waitFor();
    await screenshot(page, "findings-quality-by-version");
    // The other screens' tests find the prompt they expect.
    await adminApi().createPrompt({ body: { content: original, note: "restored after the findings browser test", activate: true } });
  });
});
