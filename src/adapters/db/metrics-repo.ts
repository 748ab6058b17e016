import { sql } from "drizzle-orm";
import type { Database } from "./client";
import { costMetrics } from "./cost-metrics-repo";

export interface MetricsRange {
  from: Date;
  to: Date;
  bucket: "day" | "hour";
}

type Rows = Record<string, unknown>[];
const num = (value: unknown) => Number(value ?? 0);
const rowsOf = async (db: Database, query: ReturnType<typeof sql>) => (await db.execute(query)).rows as Rows;

/**
 * Product metrics over a time range, all computed in Postgres from what the product keeps:
 * conversations (by their first write), messages (outbound excludes notifications to manager
 * numbers), first response (first customer message to the first agent or manager reply after it),
 * handoffs, the quotation funnel, revenue of sale orders, quality reviews, and the LLM's calls, tokens and cost.
 */
export async function computeMetrics(db: Database, range: MetricsRange) {
  const from = range.from.toISOString();
  const to = range.to.toISOString();
  const inRange = (column: string) => sql.raw(`${column} >= '${from}'::timestamptz and ${column} < '${to}'::timestamptz`);
  const bucketOf = (column: string) => sql.raw(`to_char(date_trunc('${range.bucket}', ${column} at time zone 'UTC'), 'YYYY-MM-DD"T"HH24:00:00"Z"')`);
  const outbound = sql.raw(`m.direction = 'out' and not (m.meta ? 'to')`);

  const [totals] = await rowsOf(db, sql`
    select
      (select count(*) from conversations c where ${inRange("c.created_at")}) as conversations,
      (select count(*) from messages m where m.direction = 'in' and ${inRange("m.sent_at")}) as inbound,
      (select count(*) from messages m where ${outbound} and ${inRange("m.sent_at")}) as outbound,
      (select coalesce(sum(q.total_aed), 0) from quotations q where q.state = 'ordered' and ${inRange("q.ordered_at")}) as revenue`);

  const [response] = await rowsOf(db, sql`
    with first_in as (
      select m.conversation_id, min(m.sent_at) as at from messages m where m.direction = 'in' group by m.conversation_id
    ), first_reply as (
      select f.conversation_id, extract(epoch from (min(m.sent_at) - f.at)) * 1000 as ms
      from first_in f join messages m on m.conversation_id = f.conversation_id and ${outbound} and m.author in ('agent', 'manager') and m.sent_at >= f.at
      where ${inRange("f.at")}
      group by f.conversation_id, f.at)
    select percentile_cont(0.5) within group (order by ms) as p50, percentile_cont(0.95) within group (order by ms) as p95, count(*) as samples from first_reply`);

  const handoffs = await rowsOf(db, sql`select h.reason, count(*) as n from handoffs h where ${inRange("h.created_at")} group by h.reason order by h.reason`);

  const [funnel] = await rowsOf(db, sql`
    select count(distinct c.id) as conversations,
      count(distinct q.conversation_id) filter (where q.shown_at is not null) as shown,
      count(distinct q.conversation_id) filter (where q.confirmed_at is not null) as confirmed,
      count(distinct q.conversation_id) filter (where q.state = 'ordered') as ordered
    from conversations c left join quotations q on q.conversation_id = c.id
    where ${inRange("c.created_at")}`);

  const [proactive] = await rowsOf(db, sql`
    select count(*) filter (where p.status = 'sent') as sent, count(*) filter (where p.status = 'skipped') as skipped
    from proactive_messages p where ${inRange("p.created_at")}`);

  const [quality] = await rowsOf(db, sql`
    select count(*) as reviews, count(r.overall_score) as judged, avg(r.overall_score) as average
    from quality_reviews r where r.status = 'done' and ${inRange("r.completed_at")}`);

  const models = await rowsOf(db, sql`
    select coalesce(t.model, 'offline') as model, t.mode, count(*) as calls, sum(t.prompt_tokens) as prompt, sum(t.completion_tokens) as completion, sum(t.cost_usd) as cost
    from agent_turns t where ${inRange("t.created_at")} group by 1, 2 order by 1`);

  // The prompt playground's runs are no chat's: their own line, beside the chats' models.
  const [playground] = await rowsOf(db, sql`
    select count(*) filter (where p.mode = 'llm') as calls, coalesce(sum(p.prompt_tokens), 0) as prompt, coalesce(sum(p.completion_tokens), 0) as completion, coalesce(sum(p.cost_usd), 0) as cost
    from playground_runs p where ${inRange("p.at")}`);

  const series = await rowsOf(db, sql`
    with buckets as (
      select ${bucketOf("b")} as bucket
      from generate_series(date_trunc(${range.bucket}, ${from}::timestamptz at time zone 'UTC'), ${to}::timestamptz at time zone 'UTC' - interval '1 microsecond', ${`1 ${range.bucket}`}::interval) as b)
    select b.bucket,
      (select count(*) from conversations c where ${inRange("c.created_at")} and ${bucketOf("c.created_at")} = b.bucket) as conversations,
      (select count(*) from messages m where m.direction = 'in' and ${inRange("m.sent_at")} and ${bucketOf("m.sent_at")} = b.bucket) as inbound,
      (select count(*) from messages m where ${outbound} and ${inRange("m.sent_at")} and ${bucketOf("m.sent_at")} = b.bucket) as outbound,
      (select count(*) from agent_turns t where t.mode = 'llm' and ${inRange("t.created_at")} and ${bucketOf("t.created_at")} = b.bucket) as llm_calls,
      (select coalesce(sum(t.cost_usd), 0) from agent_turns t where ${inRange("t.created_at")} and ${bucketOf("t.created_at")} = b.bucket) as cost
    from buckets b order by b.bucket`);

  const breakdown = (key: "channel" | "language") => rowsOf(db, sql`
    select coalesce(c.${sql.raw(key)}, 'unknown') as key,
      count(*) filter (where ${inRange("c.created_at")}) as conversations,
      coalesce(sum((select count(*) from messages m where m.conversation_id = c.id and m.direction = 'in' and ${inRange("m.sent_at")})), 0) as inbound,
      coalesce(sum((select count(*) from messages m where m.conversation_id = c.id and ${outbound} and ${inRange("m.sent_at")})), 0) as outbound,
      coalesce(sum((select count(*) from agent_turns t where t.conversation_id = c.id and t.mode = 'llm' and ${inRange("t.created_at")})), 0) as llm_calls,
      coalesce(sum((select count(*) from agent_turns t where t.conversation_id = c.id and t.mode = 'offline' and ${inRange("t.created_at")})), 0) as offline
    from conversations c group by 1 order by 1`);

  const calls = models.filter((m) => m.mode === "llm").reduce((sum, m) => sum + num(m.calls), 0);
  const offline = models.filter((m) => m.mode === "offline").reduce((sum, m) => sum + num(m.calls), 0);
  const byModel = new Map<string, { model: string; calls: number; promptTokens: number; completionTokens: number; costUsd: number }>();
  for (const m of models) {
    const entry = byModel.get(String(m.model)) ?? { model: String(m.model), calls: 0, promptTokens: 0, completionTokens: 0, costUsd: 0 };
    entry.calls += num(m.calls);
    entry.promptTokens += num(m.prompt);
    entry.completionTokens += num(m.completion);
    entry.costUsd = round(entry.costUsd + num(m.cost), 6);
    byModel.set(entry.model, entry);
  }
  const toBreakdown = (rows: Rows) =>
    rows
      .map((r) => ({ key: String(r.key), conversations: num(r.conversations), inbound: num(r.inbound), outbound: num(r.outbound), llmCalls: num(r.llm_calls), offlineReplies: num(r.offline) }))
      .filter((r) => r.conversations + r.inbound + r.outbound + r.llmCalls + r.offlineReplies > 0);

  return {
    from,
    to,
    bucket: range.bucket,
    totals: {
      conversations: num(totals?.conversations),
      inboundMessages: num(totals?.inbound),
      outboundMessages: num(totals?.outbound),
      firstResponseMs: { p50: response?.p50 == null ? null : round(num(response.p50), 0), p95: response?.p95 == null ? null : round(num(response.p95), 0), samples: num(response?.samples) },
      handoffsByReason: Object.fromEntries(handoffs.map((h) => [String(h.reason), num(h.n)])),
      funnel: { conversations: num(funnel?.conversations), quotationShown: num(funnel?.shown), confirmed: num(funnel?.confirmed), saleOrder: num(funnel?.ordered) },
      revenueAed: round(num(totals?.revenue), 2),
      proactive: { sent: num(proactive?.sent), skipped: num(proactive?.skipped) },
      quality: { reviews: num(quality?.reviews), judged: num(quality?.judged), averageScore: quality?.average == null ? null : round(num(quality.average), 2) },
      llm: { calls, offlineReplies: offline, offlineRate: calls + offline === 0 ? null : round(offline / (calls + offline), 4), byModel: [...byModel.values()],
        playground: { calls: num(playground?.calls), promptTokens: num(playground?.prompt), completionTokens: num(playground?.completion), costUsd: round(num(playground?.cost), 6) } },
    },
    series: series.map((s) => ({ bucket: String(s.bucket), conversations: num(s.conversations), inboundMessages: num(s.inbound), outboundMessages: num(s.outbound), llmCalls: num(s.llm_calls), costUsd: round(num(s.cost), 6) })),
    byChannel: toBreakdown(await breakdown("channel")),
    byLanguage: toBreakdown(await breakdown("language")),
    costs: await costMetrics(db, { from, to }),
  };
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
