import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { query } from "./helpers";
import { asToken } from "./staff-helpers";

/**
 * A small known data set in March 2001, a time no other test writes in: three conversations on
 * two channels and languages, their messages, handoffs, quotations and bot turns.
 */
async function seed(): Promise<void> {
  const suffix = Math.floor(Math.random() * 1e8).toString().padStart(8, "0");
  const t = (iso: string) => `2001-03-${iso}Z`;
  await query(async (db) => {
    const customer = async (n: number) => String((await db.execute(sql`insert into customers (phone) values (${`97100${n}${suffix}`}) returning id`)).rows[0]!.id);
    const conversation = async (customerId: string, chatType: string, language: string, created: string) =>
      String((await db.execute(sql`insert into conversations (channel, channel_id, chat_type, chat_id, customer_id, language, created_at, last_message_at) values (${chatType}, 'metrics-test', ${chatType === "telegram" ? "private" : chatType}, ${`${chatType}-${suffix}-${created}`}, ${customerId}, ${language}, ${t(created)}, ${t(created)}) returning id`)).rows[0]!.id);
    const [a, b, c] = [await customer(1), await customer(2), await customer(3)];
    const c1 = await conversation(a, "whatsapp", "en", "01T10:00:00");
    const c2 = await conversation(b, "telegram", "ar", "01T11:30:00");
    const c3 = await conversation(c, "whatsapp", "en", "02T09:00:00");
    const message = (conversationId: string, direction: string, author: string, at: string, meta = "{}") =>
      db.execute(sql`insert into messages (conversation_id, direction, author, type, text, sent_at, meta) values (${conversationId}, ${direction}, ${author}, 'text', 'x', ${t(at)}, ${meta}::jsonb)`);
    await message(c1, "in", "customer", "01T10:00:00");
    await message(c1, "out", "agent", "01T10:00:02");
    await message(c1, "in", "customer", "01T10:05:00");
    await message(c1, "out", "agent", "01T10:05:01");
    await message(c1, "out", "system", "01T10:06:00", '{"to":"971500000001"}');
    await message(c2, "in", "customer", "01T11:30:00");
    await message(c2, "out", "manager", "01T11:30:10");
    await message(c3, "in", "customer", "02T09:00:00");
    await db.execute(sql`insert into handoffs (conversation_id, trigger_id, reason, summary, created_at) values
      (${c1}, ${`m-${suffix}-1`}, 'frustration', 's', ${t("01T10:07:00")}), (${c2}, ${`m-${suffix}-2`}, 'customer_request', 's', ${t("01T11:31:00")})`);
    await db.execute(sql`insert into quotations (number, conversation_id, customer_id, state, vat_percent, total_aed, shown_at, confirmed_at, ordered_at) values
      (${`MQ-${suffix}-1`}, ${c1}, ${a}, 'ordered', 5, 1050, ${t("01T10:10:00")}, ${t("01T10:20:00")}, ${t("01T12:00:00")}),
      (${`MQ-${suffix}-2`}, ${c2}, ${b}, 'shown', 5, 400, ${t("01T11:40:00")}, null, null)`);
    await db.execute(sql`insert into agent_turns (conversation_id, reply_crm_message_id, mode, model, language, prompt_tokens, completion_tokens, cost_usd, created_at) values
      (${c1}, ${`mt-${suffix}-1`}, 'llm', 'm/a', 'en', 100, 20, 0.001, ${t("01T10:00:02")}),
      (${c1}, ${`mt-${suffix}-2`}, 'llm', 'm/a', 'en', 100, 20, 0.001, ${t("01T10:05:01")}),
      (${c3}, ${`mt-${suffix}-3`}, 'offline', null, 'en', 0, 0, 0, ${t("02T09:00:01")})`);
    // Two judged reviews, one whose judge was skipped, one that failed (not counted), one after the range.
    await db.execute(sql`insert into quality_reviews (conversation_id, messages_version, trigger, status, judge_status, overall_score, completed_at) values
      (${c1}, 4, 'quiet', 'done', 'done', 4.5, ${t("01T12:00:00")}),
      (${c2}, 2, 'handoff', 'done', 'done', 2, ${t("01T12:00:00")}),
      (${c3}, 1, 'quiet', 'done', 'skipped', null, ${t("02T10:00:00")}),
      (${c3}, 2, 'manual', 'failed', 'failed', null, ${t("02T11:00:00")}),
      (${c1}, 5, 'manual', 'done', 'done', 1, ${t("04T10:00:00")})`);
  });
}

async function metrics(params: string) {
  const response = await asToken(`/api/v1/admin/metrics?${params}`);
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, any>;
}

describe("metrics", () => {
  beforeAll(seed);

  it("computes the figures of a known data set by day", async () => {
    const m = await metrics("from=2001-03-01T00:00:00Z&to=2001-03-03T00:00:00Z&bucket=day");
    expect(m.totals).toEqual({
      conversations: 3,
      inboundMessages: 4,
      outboundMessages: 3,
      firstResponseMs: { p50: 6000, p95: 9600, samples: 2 },
      handoffsByReason: { customer_request: 1, frustration: 1 },
      funnel: { conversations: 3, quotationShown: 2, confirmed: 1, saleOrder: 1 },
      revenueAed: 1050,
      proactive: { sent: 0, skipped: 0 },
      quality: { reviews: 3, judged: 2, averageScore: 3.25 },
      llm: { calls: 2, offlineReplies: 1, offlineRate: 0.3333, byModel: [{ model: "m/a", calls: 2, promptTokens: 200, completionTokens: 40, costUsd: 0.002 }, { model: "offline", calls: 1, promptTokens: 0, completionTokens: 0, costUsd: 0 }], playground: { calls: 0, promptTokens: 0, completionTokens: 0, costUsd: 0 } },
    });
    expect(m.series).toEqual([
      { bucket: "2001-03-01T00:00:00Z", conversations: 2, inboundMessages: 3, outboundMessages: 3, llmCalls: 2, costUsd: 0.002 },
      { bucket: "2001-03-02T00:00:00Z", conversations: 1, inboundMessages: 1, outboundMessages: 0, llmCalls: 0, costUsd: 0 },
    ]);
    expect(m.byChannel).toEqual([
      { key: "telegram", conversations: 1, inbound: 1, outbound: 1, llmCalls: 0, offlineReplies: 0 },
      { key: "whatsapp", conversations: 2, inbound: 3, outbound: 2, llmCalls: 2, offlineReplies: 1 },
    ]);
    expect(m.byLanguage).toEqual([
      { key: "ar", conversations: 1, inbound: 1, outbound: 1, llmCalls: 0, offlineReplies: 0 },
      { key: "en", conversations: 2, inbound: 3, outbound: 2, llmCalls: 2, offlineReplies: 1 },
    ]);
  });

  it("buckets by hour and keeps to the range", async () => {
    const m = await metrics("from=2001-03-01T10:00:00Z&to=2001-03-01T12:00:00Z&bucket=hour");
    expect(m.series.map((s: { bucket: string; conversations: number; inboundMessages: number; outboundMessages: number }) => [s.bucket, s.conversations, s.inboundMessages, s.outboundMessages])).toEqual([
      ["2001-03-01T10:00:00Z", 1, 2, 2],
      ["2001-03-01T11:00:00Z", 1, 1, 1],
    ]);
    // The sale order at 12:00 is outside [10:00, 12:00).
    expect(m.totals.revenueAed).toBe(0);
  });

  it("without from/to covers the last 30 days; with only one, 30 days from or to it", async () => {
    const before = Date.now();
    const m = await metrics("");
    const after = Date.now();
    expect(Date.parse(m.to)).toBeGreaterThanOrEqual(before - 1000);
    expect(Date.parse(m.to)).toBeLessThanOrEqual(after + 1000);
    expect(Date.parse(m.to) - Date.parse(m.from)).toBe(30 * 86_400_000);
    expect(m.bucket).toBe("day");
    // The seeded March 2001 data lies outside the default range, inside a range ending after it.
    const ending = await metrics("to=2001-03-05T00:00:00Z");
    expect(new Date(ending.from).toISOString()).toBe("2001-02-03T00:00:00.000Z");
    expect(ending.totals.quality.reviews).toBeGreaterThan(0);
    expect(m.totals.conversations).toBeGreaterThanOrEqual(0);
    expect((await asToken("/api/v1/admin/metrics?from=2001-03-01T00:00:00Z&to=2002-06-01T00:00:00Z")).status).toBe(400);
  });

  it("refuses a range that ends before it starts", async () => {
    expect((await asToken("/api/v1/admin/metrics?from=2001-03-02T00:00:00Z&to=2001-03-01T00:00:00Z")).status).toBe(400);
    expect((await asToken("/api/v1/admin/metrics?from=yesterday&to=2001-03-01T00:00:00Z")).status).toBe(400);
  });
});
