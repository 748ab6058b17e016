import type { Database } from "../../../adapters/db/client";
import { activePrompt } from "../../../adapters/db/prompts-repo";
import { finishRun, insertProposal, messagesByIds, openProposalOf, reviewSignals, startRun, upsertFinding, type FindingRun } from "../../../adapters/db/quality-findings-repo";
import type { ChatModel } from "../../../core/agent/model";
import { DEFAULT_SALES_PROMPT } from "../../../core/agent/prompt";
import { groupFindings, proposable } from "../../../core/quality/findings/grouping";
import { draftWithModel, scriptedDraft, withoutPersonalNumbers, type DraftInput } from "../../../core/quality/findings/proposal";

/** How far back a run looks when no `from` is given: a week, the weekly run's period. */
export const DEFAULT_WINDOW_MS = 7 * 86_400_000;

export interface FindingsRunDeps {
  db: Database;
  /** QUALITY_MODEL, or null without a model key (the proposals are then scripted, and the run says so). */
  model: ChatModel | null;
  budgetUsd: number;
}

export interface FindingsRunInput {
  from: Date;
  to: Date;
  trigger: "manual" | "weekly";
  createdBy: string;
}

/** The active system prompt and its version (0: the built-in default). */
export async function activeSystemPrompt(db: Database): Promise<{ version: number; content: string }> {
  const active = await activePrompt(db, "system");
  return active ? { version: active.version, content: active.content } : { version: 0, content: DEFAULT_SALES_PROMPT };
}

/**
 * One findings run: groups the window's finished reviews into findings (stored by pattern), then
 * drafts a proposal for each prompt or knowledge finding that has none waiting, until the run's
 * budget is spent (then it stops and says so). Nothing it drafts is activated.
 */
export async function runFindings(deps: FindingsRunDeps, input: FindingsRunInput): Promise<FindingRun> {
  const run = await startRun(deps.db, { ...input, budgetUsd: deps.budgetUsd });
  try {
    return await findAndDraft(deps, input, run.id);
  } catch (error) {
    // A run never stays "running": it records what stopped it, then the error goes on to the caller.
    await finishRun(deps.db, run.id, { status: "failed", reviews: 0, findings: 0, proposals: 0, costUsd: 0, note: `The run failed: ${error instanceof Error ? error.message : String(error)}`.slice(0, 500) }).catch(() => undefined);
    throw error;
  }
}

async function findAndDraft(deps: FindingsRunDeps, input: FindingsRunInput, runId: string): Promise<FindingRun> {
  const run = { id: runId };
  const signals = await reviewSignals(deps.db, input.from, input.to);
  const findings = groupFindings(signals);
  const active = await activeSystemPrompt(deps.db);
  const notes: string[] = [];
  let spent = 0;
  let drafted = 0;
  let status: "done" | "budget_spent" = "done";
  const errors: string[] = [];
  for (const finding of findings) {
    const stored = await upsertFinding(deps.db, finding, run.id);
    if (!proposable(finding.cause) || status === "budget_spent") continue;
    if (await openProposalOf(deps.db, stored.id)) continue;
    if (spent >= deps.budgetUsd) {
      status = "budget_spent";
      notes.push(`The budget of ${deps.budgetUsd} USD was spent after ${drafted} proposal(s) (${spent.toFixed(4)} USD); the remaining findings got none.`);
      continue;
    }
    const examples = (await messagesByIds(deps.db, finding.exampleMessageIds)).map((m) => ({ id: m.id, speaker: m.author, text: withoutPersonalNumbers(m.text ?? "").slice(0, 400) }));
    const draftInput: DraftInput = { findingKey: finding.key, pattern: finding.pattern, cause: finding.cause, conversations: finding.conversations, examples, activePrompt: active.content };
    const outcome = deps.model ? await draftWithModel(deps.model, draftInput) : scriptedDraft(draftInput);
    spent += outcome.costUsd;
    if (!outcome.answer) {
      errors.push(`${finding.key}: ${outcome.error}`);
      continue;
    }
    const answer = outcome.answer;
    await insertProposal(deps.db, {
      findingId: stored.id,
      runId: run.id,
      kind: answer.kind,
      basePromptVersion: answer.kind === "prompt" ? active.version : null,
      content: answer.kind === "prompt" ? answer.prompt! : answer.knowledge!.body,
      knowledge: answer.knowledge,
      reasoning: answer.reasoning,
      scripted: outcome.scripted,
      model: outcome.model,
      costUsd: outcome.costUsd,
    });
    drafted++;
  }
  if (!deps.model) notes.push("No model key is set: the proposals are scripted, not drafted by QUALITY_MODEL.");
  if (errors.length) notes.push(`No proposal for ${errors.length} finding(s): ${errors.join("; ").slice(0, 1000)}`);
  return finishRun(deps.db, run.id, { status, reviews: signals.length, findings: findings.length, proposals: drafted, costUsd: spent, note: notes.join(" ") || null });
}
