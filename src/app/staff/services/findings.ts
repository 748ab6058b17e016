import { customerLinesOf, decideProposal, findFinding, findProposal, listFindings, messagesByIds, saveComparison, type FindingRow, type FindingRun, type ProposalRow } from "../../../adapters/db/quality-findings-repo";
import { createPromptVersion } from "../../../adapters/db/prompts-repo";
import { catalogPrices, currentRubric } from "../../../adapters/db/quality-repo";
import { skusNamedInReplies } from "../../../core/quality/named-skus";
import { loadAgentSettingOverrides } from "../../../adapters/db/settings-repo";
import type { Services } from "../../services";
import { defaultSettings, effectiveSettings } from "../../../core/domain/settings";
import { judgeComparison, summarise, type Comparison } from "../../../core/quality/findings/comparison";
import { lineDiff } from "../../../core/quality/findings/diff";
import { activeSystemPrompt, DEFAULT_WINDOW_MS, runFindings } from "../../quality/findings/job";
import { personaFromExamples, SIM_TURNS, simulateSide, suitePersonas, type SimPersona } from "../../quality/findings/simulate";
import { DEFAULT_RUBRIC } from "../../../core/quality/rubric";
import { recordAudit } from "../audit";
import { actorLabel, inTransaction, requirePermission, type ServiceContext } from "../context";
import { conflict, notFound } from "../../../core/staff/errors";
import { saveKnowledgeDocument } from "./admin";

/**
 * Staff actions of the quality loop, each with its audit row: a findings run, the comparison of a
 * proposal on simulated customers, and a manager's decision (activate, admin only; dismiss).
 */
export async function requestFindingsRun(ctx: ServiceContext, services: Services, input: { from?: string | undefined; to?: string | undefined }): Promise<FindingRun> {
  requirePermission(ctx.actor, "quality.review");
  const to = input.to ? new Date(input.to) : new Date();
  const from = input.from ? new Date(input.from) : new Date(to.getTime() - DEFAULT_WINDOW_MS);
  const settings = effectiveSettings(defaultSettings(services.config), await loadAgentSettingOverrides(ctx.db));
  const run = await runFindings({ db: ctx.db, model: services.qualityModel(), budgetUsd: settings.qualityLoopBudgetUsd }, { from, to, trigger: "manual", createdBy: actorLabel(ctx.actor) });
  await recordAudit(ctx, { action: "quality.findings_run", targetType: "quality_finding_run", targetId: run.id, after: { from: from.toISOString(), to: to.toISOString(), status: run.status, findings: run.findings, proposals: run.proposals, costUsd: Number(run.costUsd) } });
  return run;
}

export async function findingsView(ctx: ServiceContext) {
  return (await listFindings(ctx.db)).map(findingView);
}

export async function proposalWithFinding(ctx: ServiceContext, id: string) {
  const proposal = await findProposal(ctx.db, id);
  if (!proposal) throw notFound(`No quality proposal ${id}`);
  const finding = (await listFindings(ctx.db)).find((f) => f.id === proposal.findingId) ?? { ...(await findFinding(ctx.db, proposal.findingId))!, proposalIds: [proposal.id] };
  return { proposal: await proposalView(ctx, proposal), finding: findingView(finding) };
}

/**
 * Runs the simulated customers (the suite's personas and one made of the finding's customer
 * words) on the draft and on the active version, and records both sides and the verdict.
 * Knowledge proposals are compared on the active prompt, the draft document shown to the agent
 * in the prompt as the retailer's text (it is not searchable until activated).
 */
export async function simulateProposal(ctx: ServiceContext, services: Services, id: string): Promise<ProposalRow> {
  requirePermission(ctx.actor, "quality.review");
  const proposal = await findProposal(ctx.db, id);
  if (!proposal) throw notFound(`No quality proposal ${id}`);
  if (proposal.status !== "draft") throw conflict(`The proposal is ${proposal.status}; only a draft is simulated`);
  const finding = await findFinding(ctx.db, proposal.findingId);
  const settings = effectiveSettings(defaultSettings(services.config), await loadAgentSettingOverrides(ctx.db));
  const active = await activeSystemPrompt(ctx.db);
  // The finding's first example conversation, replayed with its customer's own words.
  const example = finding ? (await messagesByIds(ctx.db, finding.exampleMessageIds))[0]?.conversationId ?? finding.conversationIds[0] : undefined;
  const customerLines = example ? await customerLinesOf(ctx.db, example, SIM_TURNS) : [];
  const fromFinding = finding ? personaFromExamples(finding.key, customerLines) : null;
  const personas: SimPersona[] = [...suitePersonas(), ...(fromFinding ? [fromFinding] : [])];
  const judge = services.qualityModel();
  const deps = {
    agent: services.chatModel(),
    judge,
    catalog: services.catalog(ctx.db),
    rubric: (await currentRubric(ctx.db))?.content ?? DEFAULT_RUBRIC,
    settings: { slowFirstReplySeconds: settings.qualitySlowFirstReplySeconds, maxDiscountPercent: settings.maxDiscountPercent, vatPercent: settings.vatPercent, handoffOrderValueAed: settings.handoffOrderValueAed },
    pricesOf: (messages: Parameters<typeof skusNamedInReplies>[0]) => catalogPrices(ctx.db, skusNamedInReplies(messages)),
  };
  const draftPrompt = proposal.kind === "prompt" ? proposal.content : `${active.content}\n\nThe retailer's document "${proposal.knowledge?.title ?? ""}":\n${proposal.content}`;
  const draftSide = summarise(proposal.kind === "prompt" ? null : active.version, await simulateSide(deps, draftPrompt, personas));
  const activeSide = summarise(active.version, await simulateSide(deps, active.content, personas));
  const verdict = judgeComparison(draftSide, activeSide);
  const comparison: Comparison = { ranAt: new Date().toISOString(), draft: draftSide, active: activeSide, ...verdict, scripted: judge === null || proposal.scripted };
  return inTransaction(ctx.db, async (tx) => {
    const saved = await saveComparison(tx, id, comparison);
    if (!saved) throw conflict("The proposal was decided while it was being simulated");
    await recordAudit({ ...ctx, db: tx }, { action: "quality.proposal_simulated", targetType: "quality_proposal", targetId: id, after: { status: verdict.status, reasons: verdict.reasons, draftAverage: draftSide.averageScore, activeAverage: activeSide.averageScore, activeVersion: active.version, personas: personas.length } });
    return saved;
  });
}

/**
 * Applies a draft whose comparison passed against the prompt active now: a prompt proposal
 * becomes a new active prompt version (the existing versioning: roll back by activating the old
 * one), a knowledge proposal a knowledge document. Refused while the comparison is missing,
 * failing, or made against a prompt that is no longer active.
 */
export async function activateProposal(ctx: ServiceContext, services: Services, id: string): Promise<{ proposal: ProposalRow; activeVersion: number | null }> {
  requirePermission(ctx.actor, "prompts.write");
  const current = await findProposal(ctx.db, id);
  if (!current) throw notFound(`No quality proposal ${id}`);
  refuseUnlessActivatable(current, (await activeSystemPrompt(ctx.db)).version);
  if (current.kind === "knowledge") {
    const saved = await saveKnowledgeDocument(ctx, services.config, current.knowledge!);
    if (!saved) throw conflict("The knowledge document could not be saved");
  }
  return inTransaction(ctx.db, async (tx) => {
    const proposal = await findProposal(tx, id, true);
    const active = await activeSystemPrompt(tx);
    refuseUnlessActivatable(proposal!, active.version);
    const created = proposal!.kind === "prompt" ? await createPromptVersion(tx, { name: "system", content: proposal!.content, note: `quality proposal ${id}`, activate: true }) : null;
    const decided = await decideProposal(tx, id, { status: "activated", decidedBy: actorLabel(ctx.actor), activatedVersion: created?.version ?? null });
    await recordAudit({ ...ctx, db: tx }, { action: "quality.proposal_activated", targetType: "quality_proposal", targetId: id, before: { activeVersion: active.version }, after: { kind: proposal!.kind, activeVersion: created?.version ?? active.version, comparison: proposal!.comparisonStatus } });
    return { proposal: decided, activeVersion: created?.version ?? null };
  });
}

function refuseUnlessActivatable(proposal: ProposalRow, activeVersion: number): void {
  if (proposal.status !== "draft") throw conflict(`The proposal is already ${proposal.status}`);
  if (proposal.comparisonStatus === "missing" || !proposal.comparison) throw conflict("Run the comparison (simulate) before activating the proposal");
  if (proposal.comparisonStatus === "failing") throw conflict(`The comparison failed: ${proposal.comparison.reasons.join("; ")}`);
  if (proposal.comparison.active.promptVersion !== activeVersion) throw conflict(`The comparison ran against prompt version ${proposal.comparison.active.promptVersion}; version ${activeVersion} is active now: simulate again`);
}

export async function dismissProposal(ctx: ServiceContext, id: string, reason: string): Promise<ProposalRow> {
  requirePermission(ctx.actor, "quality.review");
  return inTransaction(ctx.db, async (tx) => {
    const proposal = await findProposal(tx, id, true);
    if (!proposal) throw notFound(`No quality proposal ${id}`);
    if (proposal.status !== "draft") throw conflict(`The proposal is already ${proposal.status}`);
    const decided = await decideProposal(tx, id, { status: "dismissed", decidedBy: actorLabel(ctx.actor), dismissReason: reason });
    await recordAudit({ ...ctx, db: tx }, { action: "quality.proposal_dismissed", targetType: "quality_proposal", targetId: id, after: { reason } });
    return decided;
  });
}

export function runView(run: FindingRun) {
  return { id: run.id, from: run.fromAt.toISOString(), to: run.toAt.toISOString(), trigger: run.trigger, status: run.status, reviews: run.reviews, findings: run.findings, proposals: run.proposals, budgetUsd: Number(run.budgetUsd), costUsd: Number(run.costUsd), note: run.note, createdAt: run.createdAt.toISOString(), completedAt: run.completedAt?.toISOString() ?? null };
}

function findingView(f: FindingRow & { proposalIds: string[] }) {
  return { id: f.id, key: f.key, pattern: f.pattern, cause: f.cause, conversations: f.conversations, conversationIds: f.conversationIds, exampleMessageIds: f.exampleMessageIds, proposalIds: f.proposalIds, updatedAt: f.updatedAt.toISOString() };
}

export async function proposalView(ctx: ServiceContext, p: ProposalRow) {
  const diff = p.kind === "prompt" ? lineDiff((await activeSystemPrompt(ctx.db)).content, p.content) : null;
  return {
    id: p.id, findingId: p.findingId, kind: p.kind, status: p.status, basePromptVersion: p.basePromptVersion, content: p.content, diff, knowledge: p.knowledge, reasoning: p.reasoning, scripted: p.scripted,
    model: p.model, costUsd: Number(p.costUsd), comparisonStatus: p.comparisonStatus, comparison: p.comparison, dismissReason: p.dismissReason, activatedVersion: p.activatedVersion, decidedBy: p.decidedBy,
    createdAt: p.createdAt.toISOString(), decidedAt: p.decidedAt?.toISOString() ?? null,
  };
}
