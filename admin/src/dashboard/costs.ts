import type { StaffResult } from "../api";

export type Costs = StaffResult<"metrics">["costs"];

/** The dashboard's cost lines: the agent's model cost per reply, conversation and sale order, and the judge's apart. */
export function costLines(costs: Costs): { label: string; value: string }[] {
  const usd = (value: number | null, digits = 4) => (value === null ? "—" : `$${value.toFixed(digits)}`);
  const cachedShare = costs.promptTokens === 0 ? "—" : `${((costs.cachedPromptTokens / costs.promptTokens) * 100).toFixed(0)} %`;
  return [
    { label: "Agent model cost", value: usd(costs.agentUsd, 2) },
    { label: "Per conversation", value: usd(costs.perConversationUsd) },
    { label: "Per sale order", value: usd(costs.perSaleOrderUsd) },
    { label: "Per reply", value: usd(costs.perReplyUsd) },
    { label: "Model calls per reply", value: costs.replies === 0 ? "—" : (costs.modelCalls / costs.replies).toFixed(2) },
    { label: "Prompt tokens from cache", value: cachedShare },
    { label: "Quality judge (apart)", value: usd(costs.judgeUsd, 2) },
  ];
}
