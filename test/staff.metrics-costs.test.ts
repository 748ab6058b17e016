import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { query } from "./helpers";
import { asToken } from "./staff-helpers";

/** May 2002, a time no other test writes in: two conversations, their bot turns with model calls, one sale order, one judged review. */
async function seed(): Promise<void> {
  const suffix = Math.floor(Math.random() * 1e8).toString().padStart(8, "0");
  const t = (iso: string) => `2002-05-${iso}Z`;
  await query(async (db) => {
    const customer = async (n: number) => String((await db.execute(sql`insert into customers (phone) values (${`97200${n}${suffix}`}) returning id`)).rows[0]!.id);
    const conversation = async (customerId: string, created: string) =>
      String((await db.execute(sql`insert into conversations (channel, channel_id, chat_type, chat_id, customer_id, language, created_at, last_message_at) values ('whatsapp', 'cost-test', 'whatsapp', ${`cost-${suffix}-${created}`}, ${customerId}, 'en', ${t(created)}, ${t(created)}) returning id`)).rows[0]!.id);
    const [a, b] = [await customer(1), await customer(2)];
    const c1 = await conversation(a, "01T10:00:00");
    const c2 = await conversation(b, "01T11:00:00");
    const call = (prompt: number, cached: number, cost: number) => ({ model: "m/a", promptTokens: prompt, cachedTokens: cached, completionTokens: 50, costUsd: cost, ms: 900 });
    await db.execute(sql`insert into agent_turns (conversation_id, reply_crm_message_id, mode, model, language, prompt_tokens, cached_tokens, completion_tokens, cost_usd, model_calls, created_at) values
      (${c1}, ${`ct-${suffix}-1`}, 'llm', 'm/a', 'en', 2000, 1024, 50, 0.0004, ${JSON.stringify([call(2000, 1024, 0.0004)])}::jsonb, ${t("01T10:00:02")}),
      (${c1}, ${`ct-${suffix}-2`}, 'llm', 'm/a', 'en', 4000, 1024, 100, 0.0008, ${JSON.stringify([call(2000, 0, 0.0005), call(2000, 1024, 0.0003)])}::jsonb, ${t("01T10:05:01")}),
      (${c2}, ${`ct-${suffix}-3`}, 'llm', 'm/a', 'en', 1000, 0, 50, 0.0003, '[]'::jsonb, ${t("01T11:00:02")})`);
    await db.execute(sql`insert into quotations (number, conversation_id, customer_id, state, vat_percent, total_aed, shown_at, confirmed_at, ordered_at) values
      (${`CQ-${suffix}-1`}, ${c1}, ${a}, 'ordered', 5, 1050, ${t("01T10:10:00")}, ${t("01T10:20:00")}, ${t("01T12:00:00")})`);
    await db.execute(sql`insert into quality_reviews (conversation_id, messages_version, trigger, status, judge_status, overall_score, judge_cost_usd, completed_at) values
      (${c1}, 4, 'quiet', 'done', 'done', 4.5, 0.002, ${t("01T12:00:00")})`);
  });
}

describe("metrics: what the agent's model calls cost", () => {
  beforeAll(seed);

  it("shows cost per reply, per conversation and per sale order, cached tokens, and the judge's cost apart", async () => {
    const response = await asToken("/api/v1/admin/metrics?from=2002-05-01T00:00:00Z&to=2002-05-02T00:00:00Z");
    expect(response.status).toBe(200);
    const { costs } = (await response.json()) as { costs: Record<string, number | null> };
    expect(costs).toEqual({
      agentUsd: 0.0015,
      // 1 + 2 recorded calls, and one turn recorded without its calls counted as one.
      modelCalls: 4,
      replies: 3,
      conversations: 2,
      saleOrders: 1,
      promptTokens: 7000,
      cachedPromptTokens: 2048,
      completionTokens: 200,
      perReplyUsd: 0.0005,
      perConversationUsd: 0.00075,
      perSaleOrderUsd: 0.0015,
      // The judge's cost is never in the agent's figures.
      judgeUsd: 0.002,
    });
  });

  it("has no per-unit cost where there is nothing to divide by", async () => {
    const response = await asToken("/api/v1/admin/metrics?from=2002-06-01T00:00:00Z&to=2002-06-02T00:00:00Z");
    const { costs } = (await response.json()) as { costs: Record<string, number | null> };
    expect(costs).toMatchObject({ agentUsd: 0, replies: 0, perReplyUsd: null, perConversationUsd: null, perSaleOrderUsd: null, judgeUsd: 0 });
  });
});
