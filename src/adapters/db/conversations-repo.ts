import { and, desc, eq, isNull, sql } from "drizzle-orm";
import type { ChatAddress } from "../../domain/message";
import type { Database } from "./client";
import { agentTurns, conversations, customers, handoffs, messages } from "./schema";

export interface MirroredMessage {
  /** Wazzup's messageId for inbound and echoed messages; null for ours until Wazzup returns one. */
  wazzupMessageId: string | null;
  crmMessageId: string | null;
  direction: "in" | "out";
  author: "customer" | "agent" | "manager" | "system";
  type: string;
  text: string | null;
  contentUri: string | null;
  sentAt: number;
  meta?: Record<string, unknown>;
}

/**
 * Finds or creates the customer and the conversation row for a chat and returns the
 * conversation id. Idempotent: concurrent callers converge on the same rows.
 */
export async function ensureConversation(
  db: Database,
  chat: ChatAddress,
  contact: { name: string | null; language: string | null },
): Promise<string> {
  const [customer] = await db
    .insert(customers)
    .values({ phone: chat.chatId, name: contact.name, language: contact.language })
    .onConflictDoUpdate({
      target: customers.phone,
      set: {
        name: sql`coalesce(excluded.name, ${customers.name})`,
        language: sql`coalesce(excluded.language, ${customers.language})`,
        updatedAt: sql`now()`,
      },
    })
    .returning({ id: customers.id });
  if (!customer) throw new Error("customer upsert returned no row");
  const [conversation] = await db
    .insert(conversations)
    .values({ channelId: chat.channelId, chatType: chat.chatType, chatId: chat.chatId, customerId: customer.id })
    .onConflictDoUpdate({
      target: [conversations.channelId, conversations.chatId],
      set: { updatedAt: sql`now()` },
    })
    .returning({ id: conversations.id });
  if (!conversation) throw new Error("conversation upsert returned no row");
  return conversation.id;
}

/**
 * Writes messages once, in one round trip: a replayed batch hits the unique ids and changes
 * nothing, and the conversation's last_message_at moves forward only for rows really inserted.
 */
export async function insertMessages(db: Database, conversationId: string, batch: MirroredMessage[]): Promise<void> {
  if (batch.length === 0) return;
  const rows = batch.map((m) => ({
    wazzup_message_id: m.wazzupMessageId,
    crm_message_id: m.crmMessageId,
    direction: m.direction,
    author: m.author,
    type: m.type,
    text: m.text,
    content_uri: m.contentUri,
    sent_at: new Date(m.sentAt).toISOString(),
    meta: m.meta ?? {},
  }));
  await db.execute(sql`
    with inserted as (
      insert into messages (conversation_id, wazzup_message_id, crm_message_id, direction, author, type, text, content_uri, sent_at, meta)
      select ${conversationId}::uuid, r.wazzup_message_id, r.crm_message_id, r.direction, r.author, r.type, r.text, r.content_uri, r.sent_at, r.meta
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(
        wazzup_message_id text, crm_message_id text, direction text, author text, type text,
        text text, content_uri text, sent_at timestamptz, meta jsonb)
      on conflict do nothing
      returning sent_at)
    update conversations
    set last_message_at = greatest(last_message_at, (select max(sent_at) from inserted)), updated_at = now()
    where id = ${conversationId}::uuid`);
}

export async function setConversationLanguage(db: Database, conversationId: string, language: string): Promise<void> {
  await db.update(conversations).set({ language }).where(eq(conversations.id, conversationId));
}

export interface TurnRecord {
  conversationId: string;
  replyCrmMessageId: string;
  mode: "llm" | "offline";
  model: string | null;
  language: string;
  promptTokens: number;
  completionTokens: number;
  costUsd: number;
  llmMs: number;
  totalMs: number;
  toolCalls: unknown[];
  fallbackReason: string | null;
}

export async function recordTurn(db: Database, turn: TurnRecord): Promise<void> {
  await db
    .insert(agentTurns)
    .values({ ...turn, costUsd: turn.costUsd.toFixed(6) })
    .onConflictDoNothing();
}

/** Applies Wazzup delivery statuses to outgoing messages; unknown ids are ignored. */
export async function applyDeliveryStatuses(
  db: Database,
  statuses: { messageId: string; status: string }[],
): Promise<number> {
  let updated = 0;
  for (const status of statuses) {
    const rows = await db
      .update(messages)
      .set({ deliveryStatus: status.status })
      .where(eq(messages.wazzupMessageId, status.messageId))
      .returning({ id: messages.id });
    updated += rows.length;
  }
  return updated;
}

export async function listConversations(db: Database, limit: number, offset: number) {
  return db
    .select({
      id: conversations.id,
      channelId: conversations.channelId,
      chatType: conversations.chatType,
      chatId: conversations.chatId,
      status: conversations.status,
      language: conversations.language,
      lastMessageAt: conversations.lastMessageAt,
      customerName: customers.name,
    })
    .from(conversations)
    .innerJoin(customers, eq(customers.id, conversations.customerId))
    .orderBy(desc(conversations.lastMessageAt))
    .limit(limit)
    .offset(offset);
}

export async function listMessages(db: Database, conversationId: string, limit: number) {
  return db
    .select({
      id: messages.id,
      wazzupMessageId: messages.wazzupMessageId,
      crmMessageId: messages.crmMessageId,
      direction: messages.direction,
      author: messages.author,
      type: messages.type,
      text: messages.text,
      deliveryStatus: messages.deliveryStatus,
      sentAt: messages.sentAt,
    })
    .from(messages)
    .where(eq(messages.conversationId, conversationId))
    .orderBy(messages.sentAt, messages.createdAt)
    .limit(limit);
}

/** Records a handoff once (keyed by its trigger) and marks the conversation for the admin panel. */
export async function recordHandoff(
  db: Database,
  conversationId: string,
  handoff: { triggerId: string; reason: string; summary: string },
): Promise<void> {
  await db.insert(handoffs).values({ conversationId, ...handoff }).onConflictDoNothing();
  await db.update(conversations).set({ status: "handoff", updatedAt: sql`now()` }).where(eq(conversations.id, conversationId));
}

/** The bot resumed: open handoffs are resolved and the conversation is active again. */
export async function resolveHandoffs(db: Database, conversationId: string): Promise<void> {
  await db
    .update(handoffs)
    .set({ resolvedAt: sql`now()` })
    .where(and(eq(handoffs.conversationId, conversationId), isNull(handoffs.resolvedAt)));
  await db.update(conversations).set({ status: "active", updatedAt: sql`now()` }).where(eq(conversations.id, conversationId));
}

export async function findConversation(db: Database, conversationId: string) {
  const rows = await db
    .select({ channelId: conversations.channelId, chatType: conversations.chatType, chatId: conversations.chatId, status: conversations.status })
    .from(conversations)
    .where(eq(conversations.id, conversationId));
  return rows[0] ?? null;
}

/** A known customer's profile (from any channel), or null for a new number. */
export async function loadCustomerProfile(db: Database, phone: string): Promise<Record<string, unknown> | null> {
  const rows = await db.select({ profile: customers.profile, name: customers.name }).from(customers).where(eq(customers.phone, phone));
  const row = rows[0];
  if (!row) return null;
  return { ...(row.name ? { name: row.name } : {}), ...row.profile };
}

/** The customer a conversation belongs to. */
export async function conversationCustomerId(db: Database, conversationId: string): Promise<string> {
  const rows = await db.select({ customerId: conversations.customerId }).from(conversations).where(eq(conversations.id, conversationId));
  if (!rows[0]) throw new Error(`conversation ${conversationId} does not exist`);
  return rows[0].customerId;
}

/** Merges what the agent learned into the customer's profile (and name, when given). */
export async function updateCustomerProfile(db: Database, phone: string, profile: Record<string, string>): Promise<void> {
  await db
    .update(customers)
    .set({
      profile: sql`${customers.profile} || ${JSON.stringify(profile)}::jsonb`,
      ...(profile.name ? { name: profile.name } : {}),
      updatedAt: sql`now()`,
    })
    .where(eq(customers.phone, phone));
}
