import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { env } from "cloudflare:workers";
import { messages } from "../src/adapters/db/schema";
import { qualityFindingRuns } from "../src/adapters/db/quality-findings-schema";
import { getConfig } from "../src/core/config";
import { runFindings } from "../src/app/quality/findings/job";
import { weeklyFindingsTick } from "../src/app/quality/findings/weekly";
import { newChatId, query, say } from "./helpers";
import { conversationIdOf, finishedReview, judgeRequests, scriptJudge } from "./quality-helpers";
import { asToken, json, staffFetch, staffUser, type TestStaff } from "./staff-helpers";
import { CRITERIA } from "../src/core/quality/rubric";
import type { StaffResult } from "../src/core/staff/contract/client";

type RunView = StaffResult<"runQualityFindings">["run"];
type FindingView = StaffResult<"listQualityFindings">["findings"][number];
type ProposalView = StaffResult<"getQualityProposal">["proposal"];

/** A chat the judge (scripted) scores low on needs_discovery (a prompt cause) and accuracy (a knowledge cause), citing the agent's reply, reviewed now. */
async function chatWithoutQuestions(marker: string): Promise<string> {
  const chatId = newChatId();
  await say(chatId, `hello ${marker}, I need office chairs for the team`);
  const conversationId = await conversationIdOf(chatId);
  const replies = await query((db) => db.select({ id: messages.id }).from(messages).where(and(eq(messages.conversationId, conversationId), eq(messages.direction, "out"))));
  const low = new Set(["needs_discovery", "accuracy"]);
  const criteria = CRITERIA.map((criterion) => ({ criterion, reason: low.has(criterion) ? "Quoted before asking how many chairs; the delivery answer is unsupported." : "fine", messageIds: low.has(criterion) ? replies.map((r) => r.id) : [], score: low.has(criterion) ? 1 : 4 }));
  await scriptJudge(marker, [{ text: JSON.stringify({ reasoning: "No question about quantity.", criteria, overall: 3 }) }]);
  expect((await asToken("/api/v1/quality/reviews", { method: "POST", body: { conversationId } })).status).toBe(202);
  const review = await finishedReview(chatId);
  expect(review.scores.find((s) => s.criterion === "needs_discovery")).toMatchObject({ score: 1, messageIds: replies.map((r) => r.id) });
  return conversationId;
}

const run = (staff: TestStaff, body: unknown = {}) => json<{ run: RunView }>(staffFetch("/api/v1/quality/findings/run", { method: "POST", session: staff.session, body }), 202).then((b) => b.run);
const findings = (staff: TestStaff) => json<{ findings: FindingView[]; lastRun: RunView | null }>(staffFetch("/api/v1/quality/findings", { session: staff.session }));
const proposal = (staff: TestStaff, id: string) => json<{ proposal: ProposalView; finding: FindingView }>(staffFetch(`/api/v1/quality/proposals/${id}`, { session: staff.session })).then((b) => b.proposal);
const settings = (body: unknown) => asToken("/api/v1/admin/settings", { method: "PATCH", body });

async function auditActions(target: string): Promise<string[]> {
  const body = await json<{ entries: { action: string }[] }>(asToken(`/api/v1/admin/audit?limit=50&target=${target}`));
  return body.entries.map((e) => e.action);
}

describe("the quality loop: findings, proposals, comparison, activation", () => {
  let admin: TestStaff;
  let manager: TestStaff;
  let viewer: TestStaff;
  const since = new Date(Date.now() - 1000).toISOString();
  const conversations: string[] = [];
  let originalPrompt = "";

  beforeAll(async () => {
    admin = await staffUser("admin", "loop-admin");
    manager = await staffUser("manager", "loop-manager");
    viewer = await staffUser("viewer", "loop-viewer");
    originalPrompt = (await json<{ active: { content: string } }>(asToken("/api/v1/admin/prompts"))).active.content;
    for (const marker of ["loopfault-one", "loopfault-two"]) conversations.push(await chatWithoutQuestions(marker));
    // Drafts a previous run on this database left open would stop a new one being drafted.
    const open = (await findings(manager)).findings.filter((f) => f.key === "criterion:needs_discovery" || f.key === "criterion:accuracy").flatMap((f) => f.proposalIds);
    for (const id of open) await staffFetch(`/api/v1/quality/proposals/${id}/dismiss`, { method: "POST", session: manager.session, body: { reason: "clean slate for the test" } });
  }, 90_000);

  afterAll(async () => {
    // The prompt these tests activated goes; the next tests find the rules they expect.
    expect((await asToken("/api/v1/admin/prompts", { method: "POST", body: { content: originalPrompt, note: "restored after the quality-loop tests", activate: true } })).status).toBe(201);
  });

  it("stops drafting when the run's budget is spent, and says so", async () => {
    expect((await settings({ qualityLoopBudgetUsd: 0 })).status).toBe(200);
    try {
      const spent = await run(manager, { from: since });
      expect(spent).toMatchObject({ status: "budget_spent", proposals: 0, budgetUsd: 0 });
      expect(spent.note).toMatch(/budget of 0 USD was spent/);
      const finding = (await findings(viewer)).findings.find((f) => f.key === "criterion:needs_discovery")!;
      expect(finding.conversationIds).toEqual(expect.arrayContaining(conversations));
      expect(finding.proposalIds).toEqual([]);
      expect((await findings(viewer)).findings.find((f) => f.key === "criterion:accuracy")).toMatchObject({ cause: "knowledge", proposalIds: [] });
    } finally {
      expect((await settings({ qualityLoopBudgetUsd: 1 })).status).toBe(200);
    }
  });

  it("groups the reviews into a finding citing them, drafts a prompt proposal with structured output, and an admin activates it after a passing comparison", async () => {
    const done = await run(manager, { from: since });
    expect(done.status).toBe("done");
    expect(done.proposals).toBeGreaterThanOrEqual(1);
    const listed = await findings(viewer);
    expect(listed.lastRun?.id).toBe(done.id);
    const finding = listed.findings.find((f) => f.key === "criterion:needs_discovery")!;
    expect(finding).toMatchObject({ cause: "prompt", pattern: expect.stringContaining("quantity") });
    expect(finding.conversations).toBeGreaterThanOrEqual(2);
    expect(finding.conversationIds).toEqual(expect.arrayContaining(conversations));
    expect(finding.exampleMessageIds.length).toBeGreaterThan(0);
    expect(finding.proposalIds).toHaveLength(1);

    // The proposal came from QUALITY_MODEL with a json_schema generated from the zod schema.
    const [request] = await judgeRequests("Finding key: criterion:needs_discovery");
    expect(request?.responseFormat).toMatchObject({ type: "json_schema", json_schema: { name: "quality_proposal", strict: true } });
    expect(request?.responseFormat.json_schema.schema).toMatchObject({ type: "object", required: expect.arrayContaining(["reasoning", "kind", "prompt", "knowledge"]) });

    const draft = await proposal(viewer, finding.proposalIds[0]!);
    expect(draft).toMatchObject({ kind: "prompt", status: "draft", scripted: false, comparisonStatus: "missing", comparison: null });
    expect(draft.diff?.filter((l) => l.op === "add").map((l) => l.text)).toEqual(["", "Before quoting, always ask how many pieces the customer needs."]);
    expect(draft.diff?.some((l) => l.op === "remove")).toBe(false);

    // Refused without a comparison; a manager may not activate at all.
    expect((await staffFetch(`/api/v1/quality/proposals/${draft.id}/activate`, { method: "POST", session: manager.session })).status).toBe(403);
    const early = await staffFetch(`/api/v1/quality/proposals/${draft.id}/activate`, { method: "POST", session: admin.session });
    expect(early.status).toBe(409);
    expect(await early.text()).toContain("Run the comparison");

    const compared = (await json<{ proposal: ProposalView }>(staffFetch(`/api/v1/quality/proposals/${draft.id}/simulate`, { method: "POST", session: manager.session }), 202)).proposal;
    expect(compared.comparisonStatus).toBe("passing");
    expect(compared.comparison!.draft.runs.map((r) => r.persona)).toEqual(expect.arrayContaining(["budget-chairs", "finding-criterion:needs_discovery"]));
    expect(compared.comparison!.active.runs).toHaveLength(compared.comparison!.draft.runs.length);
    expect(compared.comparison!.draft.runs.every((r) => r.codeCriteria.length === 4 && r.codeCriteria.every((c) => c.passed))).toBe(true);

    const activated = await json<{ proposal: ProposalView; activeVersion: number }>(staffFetch(`/api/v1/quality/proposals/${draft.id}/activate`, { method: "POST", session: admin.session }));
    expect(activated.proposal).toMatchObject({ status: "activated", activatedVersion: activated.activeVersion });
    const prompts = await json<{ active: { version: number; content: string } }>(asToken("/api/v1/admin/prompts"));
    expect(prompts.active).toMatchObject({ version: activated.activeVersion, content: draft.content });
    expect(await auditActions(`quality_proposal:${draft.id}`)).toEqual(["quality.proposal_activated", "quality.proposal_simulated"]);
    expect(await auditActions(`quality_finding_run:${done.id}`)).toEqual(["quality.findings_run"]);
    // Decided once: a second activation or a dismissal is refused.
    expect((await staffFetch(`/api/v1/quality/proposals/${draft.id}/activate`, { method: "POST", session: admin.session })).status).toBe(409);
    expect((await staffFetch(`/api/v1/quality/proposals/${draft.id}/dismiss`, { method: "POST", session: manager.session, body: { reason: "too late" } })).status).toBe(409);
  }, 180_000);

  it("vetoes a draft that invents a figure even when the judge scores it 5, and refuses to activate it; a dismissal is audited", async () => {
    // The next run drafts a new proposal (the last one was activated): scripted to sign every reply with an invented price.
    const current = await json<{ active: { content: string } }>(asToken("/api/v1/admin/prompts"));
    const bad = { reasoning: "A low entry price closes sales faster.", kind: "prompt", prompt: `${current.active.content}\n\nSign every reply with: Chairs start at 99 AED`, knowledge: null };
    await scriptProposal("Finding key: criterion:needs_discovery", [{ text: JSON.stringify(bad) }]);
    await scriptJudgeAllFives("budget 800 AED per chair", 2);
    const drafted = await run(manager, { from: since });
    expect(drafted.proposals).toBeGreaterThanOrEqual(1);
    const finding = (await findings(viewer)).findings.find((f) => f.key === "criterion:needs_discovery")!;
    expect(finding.proposalIds).toHaveLength(2);
    const id = finding.proposalIds[0]!;
    expect((await proposal(viewer, id)).content).toBe(bad.prompt);

    const compared = (await json<{ proposal: ProposalView }>(staffFetch(`/api/v1/quality/proposals/${id}/simulate`, { method: "POST", session: manager.session }), 202)).proposal;
    const omar = compared.comparison!.draft.runs.find((r) => r.persona === "budget-chairs")!;
    expect(omar.overall).toBe(5);
    expect(omar.codeCriteria.find((c) => c.criterion === "no_invented_figure")?.passed).toBe(false);
    expect(compared.comparisonStatus).toBe("failing");
    expect(compared.comparison!.reasons.join("\n")).toContain("budget-chairs: no_invented_figure failed");

    const refused = await staffFetch(`/api/v1/quality/proposals/${id}/activate`, { method: "POST", session: admin.session });
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain("The comparison failed");
    const dismissed = await json<{ proposal: ProposalView }>(staffFetch(`/api/v1/quality/proposals/${id}/dismiss`, { method: "POST", session: manager.session, body: { reason: "invents an offer" } }));
    expect(dismissed.proposal).toMatchObject({ status: "dismissed" });
    expect(await auditActions(`quality_proposal:${id}`)).toEqual(["quality.proposal_dismissed", "quality.proposal_simulated"]);
  }, 180_000);

  it("drafts a knowledge document for a knowledge finding and saves it on activation", async () => {
    const finding = (await findings(viewer)).findings.find((f) => f.key === "criterion:accuracy")!;
    expect(finding.proposalIds).toHaveLength(1);
    const draft = await proposal(viewer, finding.proposalIds[0]!);
    expect(draft).toMatchObject({ kind: "knowledge", diff: null, knowledge: { slug: "stand-in-criterion-accuracy", topic: "other", language: "en" } });
    const compared = (await json<{ proposal: ProposalView }>(staffFetch(`/api/v1/quality/proposals/${draft.id}/simulate`, { method: "POST", session: manager.session }), 202)).proposal;
    expect(compared.comparisonStatus).toBe("passing");
    await json(staffFetch(`/api/v1/quality/proposals/${draft.id}/activate`, { method: "POST", session: admin.session }));
    const documents = await json<{ documents: { id: string; slug: string; body: string }[] }>(asToken("/api/v1/admin/knowledge"));
    const saved = documents.documents.find((d) => d.slug === "stand-in-criterion-accuracy");
    expect(saved?.body).toBe(draft.content);
    expect(await auditActions(`quality_proposal:${draft.id}`)).toEqual(["quality.proposal_activated", "quality.proposal_simulated"]);
    // The placeholder document goes again, so later tests search the knowledge base they expect.
    expect((await asToken(`/api/v1/admin/knowledge/${saved!.id}`, { method: "DELETE" })).status).toBeLessThan(300);
  }, 180_000);

  it("refuses bad input and unknown proposals, and a viewer's run", async () => {
    expect((await staffFetch("/api/v1/quality/findings/run", { method: "POST", session: viewer.session, body: {} })).status).toBe(403);
    const backwards = await staffFetch("/api/v1/quality/findings/run", { method: "POST", session: manager.session, body: { from: new Date().toISOString(), to: since } });
    expect(backwards.status).toBe(400);
    expect(await backwards.text()).toContain("from");
    expect((await staffFetch("/api/v1/quality/findings/run", { method: "POST", session: manager.session, body: { since: "yesterday" } })).status).toBe(400);
    expect((await staffFetch(`/api/v1/quality/proposals/${crypto.randomUUID()}`, { session: viewer.session })).status).toBe(404);
    expect((await staffFetch(`/api/v1/quality/proposals/${crypto.randomUUID()}/simulate`, { method: "POST", session: manager.session })).status).toBe(404);
    expect((await staffFetch(`/api/v1/quality/proposals/${crypto.randomUUID()}/dismiss`, { method: "POST", session: manager.session, body: { reason: " " } })).status).toBe(400);
    expect((await staffFetch("/api/v1/quality/proposals/not-a-uuid", { session: viewer.session })).status).toBe(400);
  });
});

describe("without a model key, and weekly", () => {
  it("drafts scripted proposals and says so; the cron's weekly tick runs at most once a week", async () => {
    const from = new Date(Date.now() - 600_000);
    const run = await query((db) => runFindings({ db, model: null, budgetUsd: 1 }, { from, to: new Date(), trigger: "manual", createdBy: "test" }));
    expect(run.note).toContain("No model key is set: the proposals are scripted");
    const viewer = await staffUser("viewer", "loop-viewer-2");
    const finding = (await findings(viewer)).findings.find((f) => f.key === "criterion:needs_discovery")!;
    const scripted = await proposal(viewer, finding.proposalIds[0]!);
    expect(scripted).toMatchObject({ scripted: true, status: "draft", kind: "prompt" });
    expect(scripted.reasoning).toMatch(/^Scripted proposal: no model key is set/);
    expect(scripted.diff?.filter((l) => l.op === "add").map((l) => l.text).at(-1)).toMatch(/^Before recommending products or quoting, ask/);

    const weekly = () => query((db) => db.select().from(qualityFindingRuns).where(eq(qualityFindingRuns.trigger, "weekly")));
    await weeklyFindingsTick(getConfig(env), null);
    const once = await weekly();
    expect(once.some((r) => Date.now() - r.createdAt.getTime() < 7 * 86_400_000 && r.status !== "running")).toBe(true);
    await weeklyFindingsTick(getConfig(env), null);
    expect((await weekly()).length).toBe(once.length);
  });
});

async function scriptProposal(match: string, responses: unknown[]) {
  const response = await fetch(`${new URL(inject("openrouterUrl")).origin}/__control/scripts`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ match, responses, target: "proposal" }) });
  expect(response.status).toBe(201);
}

async function scriptJudgeAllFives(match: string, times: number) {
  const answer = { text: JSON.stringify({ reasoning: "excellent", criteria: CRITERIA.map((criterion) => ({ criterion, reason: "excellent", messageIds: [], score: 5 })), overall: 5 }) };
  await scriptJudge(match, Array.from({ length: times }, () => answer));
}
