import { sql, type SQL } from "drizzle-orm";
import {
  DELIVERY_PATTERN,
  EXPECTED_VALUE_HIGH_AED,
  EXPECTED_VALUE_SOME_AED,
  FIT_MAX,
  FIT_POINTS,
  INTENT_MAX,
  INTENT_POINTS,
  SEGMENT_POINTS,
  SILENCE_HALF_LIFE_DAYS,
} from "../../core/analytics/lead-score";

/**
 * The lead score of `src/core/analytics/lead-score.ts` in SQL, so the inbox and the customers list can
 * sort by it. Built from the same constants; `test/analytics.lead-score.test.ts` checks both give
 * the same numbers. Expects the customer as `c` and their analytics row as `a`.
 */
const segmentPoints = `case a.segment ${Object.entries(SEGMENT_POINTS).map(([segment, points]) => `when '${segment}' then ${points}`).join(" ")} else 0 end`;

const fitSql = sql.raw(`least(${FIT_MAX},
  (case when coalesce(c.profile->>'company', '') <> '' then ${FIT_POINTS.company} else 0 end)
  + (case when coalesce(c.profile->>'needs', '') ~ '[0-9]' then ${FIT_POINTS.statedNeeds} else 0 end)
  + ${segmentPoints}
  + (case when coalesce(a.expected_value_12m_aed, 0) >= ${EXPECTED_VALUE_HIGH_AED} then ${FIT_POINTS.expectedValueHigh}
          when coalesce(a.expected_value_12m_aed, 0) >= ${EXPECTED_VALUE_SOME_AED} then ${FIT_POINTS.expectedValueSome} else 0 end))`);

/** One conversation's score; `conversationId` names its id column. */
export function conversationLeadScoreSql(conversationId: SQL): SQL {
  const intent = sql`least(${sql.raw(String(INTENT_MAX))},
    (case when exists (select 1 from quotations q where q.conversation_id = ${conversationId}) then ${sql.raw(String(INTENT_POINTS.quotationShown))} else 0 end)
    + (case when exists (select 1 from agent_turns t where t.conversation_id = ${conversationId} and t.tool_calls @> '[{"name":"check_stock"}]'::jsonb) then ${sql.raw(String(INTENT_POINTS.stockChecked))} else 0 end)
    + (case when exists (select 1 from messages m where m.conversation_id = ${conversationId} and m.direction = 'in' and m.text ~* ${DELIVERY_PATTERN}) then ${sql.raw(String(INTENT_POINTS.deliveryAsked))} else 0 end))`;
  const silenceDays = sql`greatest(0, extract(epoch from (now() - coalesce((select max(m.sent_at) from messages m where m.conversation_id = ${conversationId} and m.direction = 'in'), now()))) / 86400.0)`;
  return sql`round((${fitSql} + ${intent}) * power(0.5, ${silenceDays} / ${sql.raw(String(SILENCE_HALF_LIFE_DAYS))}))::int`;
}

/** A customer's score: their best conversation's, or their fit alone when they never chatted. */
export const leadScoreSql = sql`coalesce((select max(${conversationLeadScoreSql(sql`v2.id`)}) from conversations v2 where v2.customer_id = c.id), round(${fitSql})::int)`;
