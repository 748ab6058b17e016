import { and, desc, eq, isNull, sql } from "drizzle-orm";
import type { ChatAddress, DeliveryStatusUpdate } from "../../core/channels/channel";
import { channelSpec } from "../../core/channels/registry";
import { cleanJson } from "../../lib/text";
import type { Database } from "./client";
import { agentTurns, conversations, customerIdentities, customers, handoffs, messages } from "./schema";

export interface MirroredMessage {
  /** The channel's id: for inbound and echoed messages; for ours once the channel returned one. */
  providerMessageId: string | null;
  /** Our own id of a message we sent. */
  clientMessageId: string | null;
  direction: "in" | "out";
  author: "customer" | "agent" | "manager" | "system";
  type: string;
  text: string | null;
  contentUri: string | null;
  /** Ours: sending, undelivered, sent or failed. */
  deliveryStatus: string | null;
  sentAt: number;
  meta?: Record<string, unknown>;
}

/**
 * Finds or creates the customer (by their identity on the chat's channel) and the conversation
 * row for a chat, and returns the conversation id. Idempotent: concurrent callers converge on the
 * same rows. A WhatsApp customer is also found by phone number, so customers from before
 * identities existed, or known from another chat, are the same person.
 */
export async function ensureConversation(
  db: Database,
  chat: ChatAddress,
  contact: { name: string | null; language: string | null; phone: string | null; handle?: string | null },
): Promise<string> {
  const customerId = await ensureCustomer(db, chat, contact);
  const [conversation] = await db
    .insert(conversations)
    .values({ channel: chat.channel, channelId: chat.channelId, chatType: chat.chatType, chatId: chat.chatId, customerId })
    .onConflictDoUpdate({
      target: [conversations.channel, conversations.channelId, conversations.chatId],
      set: { updatedAt: sql`now()` },
    })
    .returning({ id: conversations.id });
  if (!conversation) throw new Error("conversation upsert returned no row");
  return conversation.id;
}

async function ensureCustomer(db: Database, chat: ChatAddress, contact: { name: string | null; language: string | null; phone: string | null; handle?: string | null }): Promise<string> {
  const known = await customerByIdentity(db, chat);
  if (known) return known;
  const values = { name: contact.name, language: contact.language, phone: contact.phone };
  const set = { name: sql`coalesce(excluded.name, ${customers.name})`, language: sql`coalesce(excluded.language, ${customers.language})`, updatedAt: sql`now()` };
  const [customer] = contact.phone
    ? await db.insert(customers).values(values).onConflictDoUpdate({ target: customers.phone, set }).returning({ id: customers.id })
    : await db.insert(customers).values(values).returning({ id: customers.id });
  if (!customer) throw new Error("customer upsert returned no row");
  const [identity] = await db
    .insert(customerIdentities)
    .values({ customerId: customer.id, channel: chat.channel, externalId: chat.chatId, handle: contact.handle ?? null })
    .onConflictDoNothing()
    .returning({ customerId: customerIdentities.customerId });
  // A concurrent first message may have won: the identity decides who the customer is.
  return identity?.customerId ?? (await customerByIdentity(db, chat)) ?? customer.id;
}

async function customerByIdentity(db: Database, chat: ChatAddress): Promise<string | null> {
  const rows = await db
    .select({ customerId: customerIdentities.customerId })
    .from(customerIdentities)
    .where(and(eq(customerIdentities.channel, chat.channel), eq(customerIdentities.externalId, chat.chatId)));
  return rows[0]?.customerId ?? null;
}

/**
 * Writes messages once, in one round trip: a replayed batch hits the unique ids and changes
 * nothing, except that our own messages take their latest delivery state. The conversation's
 * last_message_at moves forward only for rows really inserted.
 */
export async function insertMessages(db: Database, conversationId: string, batch: MirroredMessage[]): Promise<void> {
  if (batch.length === 0) return;
  const rows = batch.map((m) => ({
    provider_message_id: m.providerMessageId,
    client_message_id: m.clientMessageId,
    direction: m.direction,
    author: m.author,
    type: m.type,
    text: m.text,
    content_uri: m.contentUri,
    delivery_status: m.deliveryStatus,
    sent_at: new Date(m.sentAt).toISOString(),
    meta: m.meta ?? {},
  }));
  await db.execute(sql`
    with batch as (
      select * from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(
        provider_message_id text, client_message_id text, direction text, author text, type text,
        text text, content_uri text, delivery_status text, sent_at timestamptz, meta jsonb)),
    theirs as (
      insert into messages (conversation_id, provider_message_id, client_message_id, direction, author, type, text, content_uri, delivery_status, sent_at, meta)
      select ${conversationId}::uuid, provider_message_id, null, direction, author, type, text, content_uri, delivery_status, sent_at, meta
      from batch where client_message_id is null
      on conflict do nothing
      returning sent_at),
    ours as (
      insert into messages (conversation_id, provider_message_id, client_message_id, direction, author, type, text, content_uri, delivery_status, sent_at, meta)
      select ${conversationId}::uuid, provider_message_id, client_message_id, direction, author, type, text, content_uri, delivery_status, sent_at, meta
      from batch where client_message_id is not null
      on conflict (conversation_id, client_message_id) do update set
        provider_message_id = coalesce(excluded.provider_message_id, messages.provider_message_id),
        -- The channel's own report (delivered, read) is newer news than our "sent".
        delivery_status = case when messages.delivery_status in ('delivered', 'read') and excluded.delivery_status = 'sent' then messages.delivery_status else excluded.delivery_status end,
        meta = excluded.meta
      returning sent_at, (xmax = 0) as inserted)
    update conversations
    set last_message_at = greatest(last_message_at, (select max(sent_at) from (select sent_at from theirs union all select sent_at from ours where inserted) s)), updated_at = now()
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
  cachedTokens?: number;
  modelCalls?: unknown[];
  toolCalls: unknown[];
  fallbackReason: string | null;
}

export async function recordTurn(db: Database, turn: TurnRecord): Promise<void> {
  await db
    .insert(agentTurns)
    .values({ ...turn, toolCalls: cleanJson(turn.toolCalls), modelCalls: turn.modelCalls ?? [], costUsd: turn.costUsd.toFixed(6) })
    .onConflictDoNothing();
}

/**
 * Applies a channel's delivery statuses to our outgoing messages, in one statement; unknown ids
 * are ignored. The last status per message in a batch wins, and a late "sent" or "delivered"
 * never overwrites a later stage (providers do not promise order across deliveries).
 */
export async function applyDeliveryStatuses(db: Database, channel: ChatAddress["channel"], statuses: DeliveryStatusUpdate[]): Promise<number> {
  if (statuses.length === 0) return 0;
  const rows = statuses.map((s, n) => ({ id: s.providerMessageId, status: s.status, n }));
  const result = await db.execute(sql`
    update messages m set delivery_status = s.status
    from (
      select distinct on (r.id) r.id, r.status from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(id text, status text, n int)
      order by r.id, r.n desc) s, conversations c
    where m.provider_message_id = s.id and c.id = m.conversation_id and c.channel = ${channel} and m.direction = 'out'
      and not coalesce(array_position(array['sent', 'delivered', 'read'], m.delivery_status) > array_position(array['sent', 'delivered', 'read'], s.status), false)`);
  return result.rowCount ?? 0;
}

/** Messages oldest first; `latest`: the newest `limit` (after skipping the newest `offset`), still oldest first. */
export async function listMessages(db: Database, conversationId: string, limit: number, offset = 0, latest = false) {
  const rows = await db
    .select({
      id: messages.id,
      providerMessageId: messages.providerMessageId,
      clientMessageId: messages.clientMessageId,
      direction: messages.direction,
      author: messages.author,
      type: messages.type,
      text: messages.text,
      deliveryStatus: messages.deliveryStatus,
      proactive: sql<string | null>`${messages.meta}->>'proactive'`,
      sentAt: messages.sentAt,
    })
    .from(messages)
    .where(eq(messages.conversationId, conversationId))
    // The id breaks ties (rows written in one statement share both times), so the newest page is
    // exactly the end of the oldest-first order.
    .orderBy(...(latest ? [desc(messages.sentAt), desc(messages.createdAt), desc(messages.id)] : [messages.sentAt, messages.createdAt, messages.id]))
    .limit(limit)
    .offset(offset);
  return latest ? rows.reverse() : rows;
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
    .select({ channel: conversations.channel, channelId: conversations.channelId, chatType: conversations.chatType, chatId: conversations.chatId, status: conversations.status })
    .from(conversations)
    .where(eq(conversations.id, conversationId));
  return rows[0] ?? null;
}

/** A known customer's profile (from any chat of theirs), or null for someone new. */
export async function loadCustomerProfile(db: Database, chat: ChatAddress): Promise<Record<string, unknown> | null> {
  const byIdentity = await customerByIdentity(db, chat);
  const where = byIdentity ? eq(customers.id, byIdentity) : channelSpec(chat.channel).chatIdIsPhone ? eq(customers.phone, chat.chatId) : null;
  if (!where) return null;
  const rows = await db.select({ profile: customers.profile, name: customers.name }).from(customers).where(where);
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
export async function updateCustomerProfile(db: Database, customerId: string, profile: Record<string, string>): Promise<void> {
  await db
    .update(customers)
    .set({
      profile: sql`${customers.profile} || ${JSON.stringify(profile)}::jsonb`,
      ...(profile.name ? { name: profile.name } : {}),
      updatedAt: sql`now()`,
    })
    .where(eq(customers.id, customerId));
}
