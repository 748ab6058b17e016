import { z } from "zod";
import type { ChatModel } from "../agent/model";
import { askStructured } from "./structured-answer";
import type { ReviewInput, ReviewMessage, ReviewTurn } from "./flags/types";
import { CRITERIA, JUDGMENT_SCHEMA_NAME, judgmentSchema, type CriterionScore, type Judgment } from "./rubric";

/** Tries per review: a malformed or failed answer is asked again, then the review records the failure. */
export const JUDGE_ATTEMPTS = 3;

/** The JSON schema the model must answer in, generated from the zod schema that validates the answer. */
export const JUDGMENT_JSON_SCHEMA = (() => {
  const { $schema: _drop, ...schema } = z.toJSONSchema(judgmentSchema, { io: "input" }) as Record<string, unknown>;
  return schema;
})();

export interface JudgeOutcome {
  ok: boolean;
  judgment: (Judgment & { criteria: CriterionScore[] }) | null;
  model: string;
  attempts: number;
  error: string | null;
  /** Tokens and charge of every call that answered, the malformed ones included. */
  usage: JudgeUsage;
}

export interface JudgeUsage {
  promptTokens: number;
  completionTokens: number;
  costUsd: number;
}

/**
 * Asks the judge model for a judgment of the transcript by the rubric. Each answer is parsed and
 * validated; an invalid one (not JSON, wrong shape, a criterion missing) or a failed call is
 * tried again up to JUDGE_ATTEMPTS, then reported as failed with the last error. Evidence the
 * model cites is kept only when it names messages of this transcript: nothing is invented.
 */
export async function judgeConversation(model: ChatModel, rubric: string, input: ReviewInput): Promise<JudgeOutcome> {
  const known = new Set(input.messages.map((m) => m.id));
  let error = "no attempt made";
  let usedModel = model.model;
  const usage: JudgeUsage = { promptTokens: 0, completionTokens: 0, costUsd: 0 };
  for (let attempt = 1; attempt <= JUDGE_ATTEMPTS; attempt++) {
    const answer = await askStructured(model, { system: rubric, user: transcriptForJudge(input), schemaName: JUDGMENT_SCHEMA_NAME, jsonSchema: JUDGMENT_JSON_SCHEMA, schema: judgmentSchema, maxTokens: 2000, callName: "judge", answerName: "judgment" });
    if (answer.result) {
      usedModel = answer.result.model;
      usage.promptTokens += answer.result.promptTokens;
      usage.completionTokens += answer.result.completionTokens;
      usage.costUsd += answer.result.costUsd;
    }
    if (!answer.ok) {
      error = answer.error;
      continue;
    }
    const criteria = CRITERIA.map((criterion) => {
      const score = answer.data.criteria.find((c) => c.criterion === criterion)!;
      return { criterion, score: score.score, reason: score.reason, messageIds: score.messageIds.filter((id) => known.has(id)) };
    });
    return { ok: true, judgment: { ...answer.data, criteria }, model: usedModel, attempts: attempt, error: null, usage };
  }
  return { ok: false, judgment: null, model: usedModel, attempts: JUDGE_ATTEMPTS, error, usage };
}

/**
 * The conversation as the judge reads it: one line per message with its id, and under each agent
 * reply the trace of the turn that made it (tools called with their arguments, whether each
 * worked, a fallback, a correction), so accuracy is judged against what the tools were asked.
 */
export function transcriptForJudge(input: ReviewInput): string {
  const start = input.messages[0]?.sentAt ?? 0;
  const lines = [`Conversation transcript (${input.messages.length} messages). Cite messages by the id in brackets.`];
  for (const message of input.messages) {
    lines.push(`[${message.id}] +${Math.round((message.sentAt - start) / 1000)}s ${speaker(message)}: ${message.text ?? "(no text)"}`);
    const turn = turnFor(input.turns, message);
    if (turn) lines.push(`    evidence: ${describeTurn(turn)}`);
  }
  if (input.handoffs.length) lines.push(`Handoffs: ${input.handoffs.map((h) => h.reason).join(", ")}.`);
  const ordered = input.quotations.filter((q) => q.confirmedAt !== null);
  if (ordered.length) lines.push(`Quotations confirmed: ${ordered.map((q) => `${q.number} (${q.state})`).join(", ")}.`);
  return lines.join("\n");
}

function speaker(message: ReviewMessage): string {
  return message.direction === "in" ? "customer" : message.author;
}

function turnFor(turns: ReviewTurn[], message: ReviewMessage): ReviewTurn | undefined {
  if (message.direction !== "out" || !message.clientMessageId) return undefined;
  return turns.find((t) => t.replyId === message.clientMessageId);
}

function describeTurn(turn: ReviewTurn): string {
  const tools = turn.toolCalls.map((c) => `${c.name}(${c.args ? JSON.stringify(c.args) : ""})${c.ok ? "" : " failed"}`);
  const parts = [turn.mode === "llm" ? "model reply" : "offline reply", tools.length ? `tools: ${tools.join("; ")}` : "no tools"];
  if (turn.fallbackReason) parts.push(`fallback: ${turn.fallbackReason}`);
  return parts.join("; ");
}
