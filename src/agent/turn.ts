import type { ChatCompletionMessageParam, ChatModel } from "../adapters/llm/openrouter";
import type { Language } from "../domain/language";
import { describeError, log } from "../lib/log";
import type { Catalog } from "./catalog";
import { checkPrices } from "./grounding";
import { isGreetingOnly, offlineReply } from "./offline";
import { priceCorrection, systemPrompt } from "./prompt";
import { runTool, TOOL_DEFINITIONS, ToolEvidence } from "./tools";

export interface HistoryEntry {
  role: "customer" | "agent" | "manager";
  text: string;
}

export interface TurnInput {
  /** Earlier messages, oldest first, already answered. */
  history: HistoryEntry[];
  /** The customer's messages this turn answers, oldest first. */
  pending: string[];
  language: Language;
  customerName: string | null;
  now: Date;
}

export interface TurnOutcome {
  text: string;
  mode: "llm" | "offline";
  model: string | null;
  promptTokens: number;
  completionTokens: number;
  costUsd: number;
  llmMs: number;
  toolCalls: { name: string; ok: boolean; ms: number }[];
  /** Why the turn fell back to the offline reply, when it did. */
  fallbackReason: string | null;
}

const MAX_MODEL_ROUNDS = 5;

/**
 * Answers the customer's pending messages: the LLM with catalog tools when a model is configured,
 * the offline catalog reply otherwise or when the model fails. Every price the reply states is
 * checked against what the tools returned; a draft that fails is corrected once, then replaced.
 */
export async function runTurn(
  input: TurnInput,
  deps: { model: ChatModel | null; catalog: Catalog; offlineReason?: string | undefined },
): Promise<TurnOutcome> {
  if (!deps.model) return offline(input, deps.catalog, deps.offlineReason ?? "no LLM configured");
  const evidence = new ToolEvidence();
  const usage = { promptTokens: 0, completionTokens: 0, costUsd: 0, llmMs: 0 };
  try {
    const messages = buildMessages(input);
    let draft = await converse(messages, deps, input.language, evidence, usage);
    let check = checkPrices(draft, evidence.products.values(), input.pending.join("\n"));
    if (!check.ok) {
      messages.push({ role: "assistant", content: draft }, { role: "system", content: priceCorrection(check.unsupported) });
      draft = await converse(messages, deps, input.language, evidence, usage);
      check = checkPrices(draft, evidence.products.values(), input.pending.join("\n"));
    }
    if (!check.ok) {
      log("warn", "turn.ungrounded_reply", { unsupported: check.unsupported });
      return { ...(await offline(input, deps.catalog, "ungrounded price")), ...usage, model: deps.model.model, toolCalls: evidence.calls };
    }
    return { text: draft, mode: "llm", model: deps.model.model, ...usage, toolCalls: evidence.calls, fallbackReason: null };
  } catch (error) {
    log("warn", "turn.llm_failed", describeError(error));
    return { ...(await offline(input, deps.catalog, "LLM failed")), ...usage, model: deps.model.model, toolCalls: evidence.calls };
  }
}

async function converse(
  messages: ChatCompletionMessageParam[],
  deps: { model: ChatModel | null; catalog: Catalog },
  language: Language,
  evidence: ToolEvidence,
  usage: { promptTokens: number; completionTokens: number; costUsd: number; llmMs: number },
): Promise<string> {
  const model = deps.model!;
  for (let round = 0; round < MAX_MODEL_ROUNDS; round++) {
    const result = await model.complete({ messages, tools: TOOL_DEFINITIONS });
    usage.promptTokens += result.promptTokens;
    usage.completionTokens += result.completionTokens;
    usage.costUsd += result.costUsd;
    usage.llmMs += result.ms;
    const functionCalls = result.toolCalls.filter((call) => call.type === "function");
    if (functionCalls.length === 0) {
      const text = result.text?.trim();
      if (!text) throw new Error("model returned an empty reply");
      return text;
    }
    messages.push({ role: "assistant", content: result.text ?? null, tool_calls: functionCalls });
    for (const call of functionCalls) {
      const content = await runTool(call.function.name, call.function.arguments, deps.catalog, language, evidence);
      messages.push({ role: "tool", tool_call_id: call.id, content });
    }
  }
  throw new Error(`model did not finish within ${MAX_MODEL_ROUNDS} rounds`);
}

function buildMessages(input: TurnInput): ChatCompletionMessageParam[] {
  const messages: ChatCompletionMessageParam[] = [
    { role: "system", content: systemPrompt({ language: input.language, customerName: input.customerName, now: input.now }) },
  ];
  for (const entry of input.history) {
    if (entry.role === "customer") messages.push({ role: "user", content: entry.text });
    else messages.push({ role: "assistant", content: entry.role === "manager" ? `[manager] ${entry.text}` : entry.text });
  }
  messages.push({ role: "user", content: input.pending.join("\n") });
  return messages;
}

async function offline(input: TurnInput, catalog: Catalog, reason: string): Promise<TurnOutcome> {
  const text = input.pending.join("\n");
  const products = isGreetingOnly(text) ? [] : await catalog.search({ query: text, limit: 3 }).catch(() => []);
  return {
    text: offlineReply({ language: input.language, text, products }),
    mode: "offline",
    model: null,
    promptTokens: 0,
    completionTokens: 0,
    costUsd: 0,
    llmMs: 0,
    toolCalls: [],
    fallbackReason: reason,
  };
}
