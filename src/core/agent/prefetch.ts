import type { Language } from "../domain/language";
import type { ChatCompletionMessageParam } from "./model";
import { planRetrieval, type RetrievalPlan } from "./retrieval";
import { runTool, ToolEvidence } from "./tools";
import type { Catalog, HistoryEntry } from "./types";

/**
 * A search run before the model's first round: what the tool answered, as the model would have
 * read it (an assistant tool call and its tool result, placed after the customer's messages), and
 * the evidence it gathered through `runTool`, the same path the model's own calls take.
 */
export interface Prefetched {
  plan: RetrievalPlan;
  messages: ChatCompletionMessageParam[];
  evidence: ToolEvidence;
}

/** Plans (src/core/agent/retrieval.ts) and runs the search for these messages; null when the plan is to let the model decide. Never throws. */
export async function prefetch(
  input: { pending: readonly string[]; history: readonly HistoryEntry[]; quotationNote?: string | null; language: Language },
  catalog: Catalog,
): Promise<Prefetched | null> {
  const plan = planRetrieval(input.pending, input.history, input.quotationNote);
  return plan ? runPlan(plan, catalog, input.language) : null;
}

export async function runPlan(plan: RetrievalPlan, catalog: Catalog, language: Language): Promise<Prefetched> {
  const evidence = new ToolEvidence(null);
  const args = JSON.stringify(plan.args);
  const content = await runTool(plan.tool, args, { catalog, language, evidence });
  for (const call of evidence.calls) call.prefetched = true;
  const id = `call_pre_${crypto.randomUUID().replace(/-/g, "").slice(0, 12)}`;
  return {
    plan,
    evidence,
    messages: [
      { role: "assistant", content: null, tool_calls: [{ id, type: "function", function: { name: plan.tool, arguments: args } }] },
      { role: "tool", tool_call_id: id, content },
    ],
  };
}
