import type { Language } from "../domain/language";
import type { ChatCompletionMessageParam, ChatModel } from "./model";
import { runTool, TOOL_DEFINITIONS, type ToolEvidence } from "./tools";
import type { Catalog, ModelCallRecord } from "./types";

const MAX_MODEL_ROUNDS = 5;

/** What a turn's model calls cost, every call counted (a continued turn's too). */
export interface TurnUsage {
  promptTokens: number;
  cachedTokens: number;
  completionTokens: number;
  costUsd: number;
  llmMs: number;
  model?: string;
  calls: ModelCallRecord[];
}

export function emptyUsage(): TurnUsage {
  return { promptTokens: 0, cachedTokens: 0, completionTokens: 0, costUsd: 0, llmMs: 0, calls: [] };
}

/**
 * A turn that continues instead of restarting: `absorb` appends the customer's messages that
 * arrived while the model worked (a user message, then any search run for them) and says whether
 * there were any. Between tool rounds that costs nothing (the next call happens anyway); after a
 * finished draft it costs one more call, `extraCalls` times at most. Messages arriving after that
 * wait for the next turn.
 */
export interface Continuation {
  absorb(messages: ChatCompletionMessageParam[]): Promise<boolean>;
  extraCalls: number;
}

export interface ConverseContext {
  model: ChatModel;
  catalog: Catalog;
  language: Language;
  evidence: ToolEvidence;
  usage: TurnUsage;
  continuation?: Continuation | null;
}

/** Model rounds with tools until the model answers in text; returns that text. */
export async function converse(messages: ChatCompletionMessageParam[], context: ConverseContext): Promise<string> {
  const { model, usage, continuation } = context;
  let rounds = MAX_MODEL_ROUNDS;
  for (let round = 0; round < rounds; round++) {
    const result = await model.complete({ messages, tools: TOOL_DEFINITIONS });
    usage.promptTokens += result.promptTokens;
    usage.cachedTokens += result.cachedTokens ?? 0;
    usage.completionTokens += result.completionTokens;
    usage.costUsd += result.costUsd;
    usage.llmMs += result.ms;
    usage.model = result.model;
    usage.calls.push({ model: result.model, promptTokens: result.promptTokens, cachedTokens: result.cachedTokens ?? 0, completionTokens: result.completionTokens, costUsd: result.costUsd, ms: result.ms });
    const functionCalls = result.toolCalls.filter((call) => call.type === "function");
    if (functionCalls.length === 0) {
      const text = result.text?.trim();
      if (!text) throw new Error("model returned an empty reply");
      // The draft answers messages the customer has since added to: one more call answers them all.
      if (continuation && continuation.extraCalls > 0 && (await continuation.absorb(messages))) {
        continuation.extraCalls--;
        rounds++;
        continue;
      }
      return text;
    }
    messages.push({ role: "assistant", content: result.text ?? null, tool_calls: functionCalls });
    for (const call of functionCalls) {
      const content = await runTool(call.function.name, call.function.arguments, { catalog: context.catalog, language: context.language, evidence: context.evidence });
      messages.push({ role: "tool", tool_call_id: call.id, content });
    }
    if (continuation) await continuation.absorb(messages);
  }
  throw new Error(`model did not finish within ${MAX_MODEL_ROUNDS} rounds`);
}
