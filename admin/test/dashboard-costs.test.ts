import { describe, expect, it } from "vitest";
import { costLines, type Costs } from "../src/dashboard/costs";

const costs: Costs = {
  agentUsd: 1.5,
  modelCalls: 130,
  replies: 100,
  conversations: 40,
  saleOrders: 4,
  promptTokens: 200_000,
  cachedPromptTokens: 150_000,
  completionTokens: 9000,
  perReplyUsd: 0.015,
  perConversationUsd: 0.0375,
  perSaleOrderUsd: 0.375,
  judgeUsd: 0.25,
};

describe("the dashboard's cost lines", () => {
  it("shows cost per conversation and per sale order, calls per reply, the cached share, and the judge apart", () => {
    expect(costLines(costs)).toEqual([
      { label: "Agent model cost", value: "$1.50" },
      { label: "Per conversation", value: "$0.0375" },
      { label: "Per sale order", value: "$0.3750" },
      { label: "Per reply", value: "$0.0150" },
      { label: "Model calls per reply", value: "1.30" },
      { label: "Prompt tokens from cache", value: "75 %" },
      { label: "Quality judge (apart)", value: "$0.25" },
    ]);
  });

  it("says nothing per unit where there is nothing to divide by", () => {
    const empty = costLines({ ...costs, agentUsd: 0, modelCalls: 0, replies: 0, conversations: 0, saleOrders: 0, promptTokens: 0, cachedPromptTokens: 0, completionTokens: 0, perReplyUsd: null, perConversationUsd: null, perSaleOrderUsd: null });
    expect(empty.filter((line) => line.value === "—").map((line) => line.label)).toEqual(["Per conversation", "Per sale order", "Per reply", "Model calls per reply", "Prompt tokens from cache"]);
  });
});
