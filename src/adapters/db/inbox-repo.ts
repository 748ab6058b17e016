import { and, desc, eq, lt, sql, type SQL } from "drizzle-orm";
import type { ModelCallRecord } from "../../core/agent/types";
import type { ChannelName } from "../../core/channels/registry";
import type { Database } from "./client";
import { agentTurns, conversations, customers } from "./schema";
import { conversationLeadScoreSql } from "./lead-score-sql";
import { conversationClosures } from "./staff-schema";

export type InboxStatus = "active" | "handed_off" | "waiting_for_human" | "closed";

export interface InboxFilter {
  status?: InboxStatus | undefined;
  language?: string | undefined;
  channel?: string | undefined;
  q?: string | undefined;
  /** One customer's conversations (the customer's profile page). */
  customerId?: string | undefined;
  /** `recent` (default) or highest lead score first. */
  sort?: "recent" | "leadScore" | undefined;
  limit: number;
  offset: number;
}

/**
 * Where a conversation stands for the inbox: closed while nothing was written after staff closed
 * it; in a handoff, `handed_off` once a manager has written since the bot's last reply (the bot is
 * quiet from the handoff on, so that is a human taking part), `waiting_for_human` before;
 * otherwise active. Message times are compared with message times only: handoff rows carry the
 * time they were mirrored, not when the handoff began.
 */
const statusSql = sql<InboxStatus>`case
  when ${conversationClosures.closedAt} is not null and ${conversationClosures.closedAt} >= coalesce(${conversations.lastMessageAt}, '-infinity') then 'closed'
  when ${conversations.status} = 'handoff' then
    case when exists (
      select 1 from messages m
      where m.conversation_id = ${conversations.id} and m.author = 'manager'
        and m.sent_at > coalesce((select max(a.sent_at) from messages a where a.conversation_id = ${conversations.id} and a.author = 'agent'), '-infinity')
    ) then 'handed_off' else 'waiting_for_human' end
  else 'active' end`;

/** The conversation's lead score (src/core/analytics/lead-score.ts), with its customer's fit. */
const inboxLeadScore = sql<number>`(select ${conversationLeadScoreSql(sql`${conversations.id}`)} from customers c left join customer_analytics a on a.customer_id = c.id where c.id = ${conversations.customerId})`;
/** Characters of the last message an inbox row previews. */
const PREVIEW_CHARS = 140;

/** How many conversations wait for a person (handed off, no manager has written yet), whatever the filters. */
export async function countWaitingForHuman(db: Database): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(conversations)
    .leftJoin(conversationClosures, eq(conversationClosures.conversationId, conversations.id))
    .where(and(eq(conversations.status, "handoff"), sql`(${statusSql}) = 'waiting_for_human'`));
  return row?.n ?? 0;
}

/** The inbox list: most recent first, filtered by status, language, channel and name or phone. */
export async function listInbox(db: Database, filter: InboxFilter) {
  const where: SQL[] = [];
  if (filter.status) where.push(sql`(${statusSql}) = ${filter.status}`);
  if (filter.language) where.push(eq(conversations.language, filter.language));
  if (filter.channel) where.push(eq(conversations.channel, filter.channel as ChannelName));
  if (filter.customerId) where.push(eq(conversations.customerId, filter.customerId));
  if (filter.q) {
    const pattern = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const digits = filter.q.replace(/\D/g, "");
    where.push(sql`(${customers.name} ilike ${pattern} or ${digits.length >= 3 ? sql`${conversations.chatId} like ${`%${digits}%`}` : sql`false`})`);
  }
  const rows = await db
    .select({
      id: conversations.id,
      channel: conversations.channel,
      channelId: conversations.channelId,
      chatType: conversations.chatType,
      chatId: conversations.chatId,
      status: statusSql,
      language: conversations.language,
      lastMessageAt: conversations.lastMessageAt,
      customerName: customers.name,
      leadScore: inboxLeadScore,
      lastMessage: sql<{ author: string; text: string | null; type: string } | null>`(
        select json_build_object('author', m.author, 'text', left(m.text, ${PREVIEW_CHARS}), 'type', m.type) from messages m
        where m.conversation_id = ${conversations.id} order by m.sent_at desc, m.created_at desc limit 1)`,
    })
    .from(conversations)
    .innerJoin(customers, eq(customers.id, conversations.customerId))
    .leftJoin(conversationClosures, eq(conversationClosures.conversationId, conversations.id))
    .where(and(...where))
    .orderBy(...(filter.sort === "leadScore" ? [sql`${inboxLeadScore} desc`] : []), sql`${conversations.lastMessageAt} desc nulls last`, desc(conversations.id))
    .limit(filter.limit)
    .offset(filter.offset);
  return rows.map((r) => ({ ...r, lastMessageAt: r.lastMessageAt ? new Date(r.lastMessageAt).toISOString() : null }));
}

/** Marks a conversation closed now (again, when it was closed before and reopened). */
export async function closeConversationRow(db: Database, conversationId: string, closedBy: string): Promise<void> {
  await db
    .insert(conversationClosures)
    .values({ conversationId, closedBy })
    .onConflictDoUpdate({ target: conversationClosures.conversationId, set: { closedAt: sql`now()`, closedBy } });
}

/** The trace of each bot reply in a conversation, newest first. */
export async function listTurns(db: Database, conversationId: string, limit: number) {
  const rows = await db
    .select({
      turn: agentTurns,
      // The catalog items the reply names by SKU: what the customer was shown.
      skus: sql<string[]>`(select coalesce(json_agg(distinct p.sku), '[]'::json) from messages m join products p on strpos(m.text, p.sku) > 0
        where m.conversation_id = ${agentTurns.conversationId} and m.client_message_id = ${agentTurns.replyCrmMessageId})`,
    })
    .from(agentTurns)
    .where(eq(agentTurns.conversationId, conversationId))
    .orderBy(desc(agentTurns.createdAt))
    .limit(limit);
  return rows.map(({ turn, skus }) => ({
    id: turn.id,
    replyMessageId: turn.replyCrmMessageId,
    mode: turn.mode,
    model: turn.model,
    language: turn.language,
    promptTokens: turn.promptTokens,
    completionTokens: turn.completionTokens,
    cachedTokens: turn.cachedTokens,
    costUsd: Number(turn.costUsd),
    llmMs: turn.llmMs,
    totalMs: turn.totalMs,
    modelCalls: turn.modelCalls as ModelCallRecord[],
    toolCalls: turn.toolCalls as { name: string }[],
    productsShown: skus,
    fallbackReason: turn.fallbackReason,
    createdAt: turn.createdAt.toISOString(),
  }));
}
