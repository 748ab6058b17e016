import { sql } from "drizzle-orm";
import type { Database } from "./client";

/**
 * What the agent's model calls cost over a time range, as OpenRouter reported it per call: calls,
 * tokens (cached and not), cost per reply, per conversation and per sale order. The quality
 * review's judge is billed apart and shown apart (`judgeUsd`), never in the agent's figures.
 * Model calls are counted from each turn's `model_calls` (migration 0019); a model turn recorded
 * before then counts as one call.
 */
export async function costMetrics(db: Database, range: { from: string; to: string }) {
  const inRange = (column: string) => sql.raw(`${column} >= '${range.from}'::timestamptz and ${column} < '${range.to}'::timestamptz`);
  const [row] = (
    await db.execute(sql`
      with turns as (select * from agent_turns t where ${inRange("t.created_at")})
      select
        (select count(*) from turns) as replies,
        (select count(distinct conversation_id) from turns) as conversations,
        (select coalesce(sum(case when jsonb_array_length(model_calls) = 0 and mode = 'llm' then 1 else jsonb_array_length(model_calls) end), 0) from turns) as model_calls,
        (select coalesce(sum(prompt_tokens), 0) from turns) as prompt_tokens,
        (select coalesce(sum(cached_tokens), 0) from turns) as cached_tokens,
        (select coalesce(sum(completion_tokens), 0) from turns) as completion_tokens,
        (select coalesce(sum(cost_usd), 0) from turns) as cost,
        (select count(*) from quotations q where q.state = 'ordered' and ${inRange("q.ordered_at")}) as sale_orders,
        (select coalesce(sum(r.judge_cost_usd), 0) from quality_reviews r where ${inRange("r.completed_at")}) as judge_cost`)
  ).rows as Record<string, unknown>[];
  const n = (key: string) => Number(row?.[key] ?? 0);
  const per = (count: number) => (count === 0 ? null : round(n("cost") / count, 6));
  return {
    agentUsd: round(n("cost"), 6),
    modelCalls: n("model_calls"),
    replies: n("replies"),
    conversations: n("conversations"),
    saleOrders: n("sale_orders"),
    promptTokens: n("prompt_tokens"),
    cachedPromptTokens: n("cached_tokens"),
    completionTokens: n("completion_tokens"),
    perReplyUsd: per(n("replies")),
    perConversationUsd: per(n("conversations")),
    perSaleOrderUsd: per(n("sale_orders")),
    judgeUsd: round(n("judge_cost"), 6),
  };
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
