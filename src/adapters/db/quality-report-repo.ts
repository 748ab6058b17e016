import { sql } from "drizzle-orm";
import type { Database } from "./client";

type Rows = Record<string, unknown>[];
const num = (value: unknown) => (value === null || value === undefined ? null : Math.round(Number(value) * 100) / 100);
const int = (value: unknown) => Number(value ?? 0);

/**
 * Quality trends over reviews created in [from, to), computed in SQL: by day, by criterion (from
 * the judged scores), by prompt version, by flag, and how often managers' verdicts agree.
 */
export async function qualityReport(db: Database, from: Date, to: Date) {
  const range = sql`r.created_at >= ${from.toISOString()}::timestamptz and r.created_at < ${to.toISOString()}::timestamptz`;
  const rows = async (query: ReturnType<typeof sql>) => (await db.execute(query)).rows as Rows;
  const [totals] = await rows(sql`
    select count(*) as reviews, count(*) filter (where r.judge_status = 'done') as judged, count(*) filter (where r.status = 'failed') as failed,
      avg(r.overall_score) as average, count(r.alerted_at) as alerted, coalesce(sum(r.judge_cost_usd), 0) as judge_cost
    from quality_reviews r where ${range}`);
  const byDay = await rows(sql`
    select to_char(date_trunc('day', r.created_at at time zone 'UTC'), 'YYYY-MM-DD') as day, count(*) as reviews, avg(r.overall_score) as average,
      count(*) filter (where jsonb_array_length(r.flags) > 0) as flagged
    from quality_reviews r where ${range} group by 1 order by 1`);
  const byCriterion = await rows(sql`
    select s->>'criterion' as criterion, avg((s->>'score')::numeric) as average, count(*) as scored
    from quality_reviews r, jsonb_array_elements(r.scores) s where ${range} group by 1 order by 1`);
  const byPrompt = await rows(sql`
    select r.prompt_version, count(*) as reviews, avg(r.overall_score) as average
    from quality_reviews r where ${range} group by 1 order by 1 nulls first`);
  const byFlag = await rows(sql`
    select f as flag, count(distinct r.id) as reviews
    from quality_reviews r, jsonb_array_elements(r.flags) e, lateral (select e->>'flag' as f) x where ${range} group by 1 order by 2 desc, 1`);
  const [agreement] = await rows(sql`
    select count(*) as verdicts, count(*) filter (where v.verdict = 'agree') as agree
    from quality_verdicts v join quality_reviews r on r.id = v.review_id where ${range}`);
  const verdicts = int(agreement?.verdicts);
  const agree = int(agreement?.agree);
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    totals: { reviews: int(totals?.reviews), judged: int(totals?.judged), failed: int(totals?.failed), averageScore: num(totals?.average), alerted: int(totals?.alerted), judgeCostUsd: Math.round(Number(totals?.judge_cost ?? 0) * 1e6) / 1e6 },
    byDay: byDay.map((r) => ({ day: String(r.day), reviews: int(r.reviews), averageScore: num(r.average), flagged: int(r.flagged) })),
    byCriterion: byCriterion.map((r) => ({ criterion: String(r.criterion), averageScore: num(r.average), scored: int(r.scored) })),
    byPromptVersion: byPrompt.map((r) => ({ promptVersion: r.prompt_version === null ? null : int(r.prompt_version), reviews: int(r.reviews), averageScore: num(r.average) })),
    byFlag: byFlag.map((r) => ({ flag: String(r.flag), reviews: int(r.reviews) })),
    agreement: { verdicts, agree, disagree: verdicts - agree, rate: verdicts === 0 ? null : Math.round((agree / verdicts) * 1000) / 1000 },
  };
}
