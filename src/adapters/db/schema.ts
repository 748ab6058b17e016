import { sql } from "drizzle-orm";
import { CHANNEL_NAMES } from "../../core/channels/registry";
import {
  boolean,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

export * from "./catalog-schema";

/**
 * A customer. Who they are on each channel is in `customer_identities`; the phone number is an
 * attribute (WhatsApp always gives it, Telegram only when the customer shares it).
 */
export const customers = pgTable("customers", {
  id: uuid("id").primaryKey().defaultRandom(),
  phone: text("phone").unique(),
  name: text("name"),
  language: text("language"),
  profile: jsonb("profile").$type<Record<string, unknown>>().notNull().default({}),
  /** When the customer wrote STOP (or a variant): no proactive message goes to them until START. */
  proactiveOptOutAt: timestamp("proactive_opt_out_at", { withTimezone: true }),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/** A customer's identity on one channel: (channel, external id) finds the customer. */
export const customerIdentities = pgTable(
  "customer_identities",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    customerId: uuid("customer_id")
      .notNull()
      .references(() => customers.id),
    channel: text("channel", { enum: CHANNEL_NAMES }).notNull(),
    externalId: text("external_id").notNull(),
    /** The customer's public username there (Telegram's @handle without the @), as first seen. */
    handle: text("handle"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("customer_identities_channel_external_uq").on(t.channel, t.externalId), index("customer_identities_customer_idx").on(t.customerId)],
);

/** One row per chat (channel, provider account, chat id); mirrors its Durable Object for the admin panel. */
export const conversations = pgTable(
  "conversations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    channel: text("channel", { enum: CHANNEL_NAMES }).notNull().default("whatsapp"),
    channelId: text("channel_id").notNull(),
    chatType: text("chat_type").notNull(),
    chatId: text("chat_id").notNull(),
    customerId: uuid("customer_id")
      .notNull()
      .references(() => customers.id),
    status: text("status").notNull().default("active"),
    language: text("language"),
    lastMessageAt: timestamp("last_message_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("conversations_channel_chat_uq").on(t.channel, t.channelId, t.chatId),
    index("conversations_last_message_idx").on(t.lastMessageAt),
  ],
);

/**
 * Every message in and out. Within a conversation, inbound rows are unique on the provider's
 * message id and outbound rows on our own id (the one a provider such as Wazzup takes as
 * crmMessageId), so a replayed write can never double a row, and ids reused in another chat
 * never collide.
 */
export const messages = pgTable(
  "messages",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    conversationId: uuid("conversation_id")
      .notNull()
      .references(() => conversations.id),
    providerMessageId: text("provider_message_id"),
    clientMessageId: text("client_message_id"),
    direction: text("direction", { enum: ["in", "out"] }).notNull(),
    author: text("author", { enum: ["customer", "agent", "manager", "system"] }).notNull(),
    type: text("type").notNull(),
    text: text("text"),
    contentUri: text("content_uri"),
    deliveryStatus: text("delivery_status"),
    sentAt: timestamp("sent_at", { withTimezone: true }).notNull(),
    meta: jsonb("meta").$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("messages_conversation_sent_idx").on(t.conversationId, t.sentAt),
    uniqueIndex("messages_conversation_provider_uq").on(t.conversationId, t.providerMessageId),
    uniqueIndex("messages_conversation_client_uq").on(t.conversationId, t.clientMessageId),
    index("messages_provider_idx").on(t.providerMessageId),
  ],
);

/** Cost and latency accounting for each agent turn. */
export const agentTurns = pgTable(
  "agent_turns",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    conversationId: uuid("conversation_id")
      .notNull()
      .references(() => conversations.id),
    /** Our id of the reply this turn produced; unique within the conversation. */
    replyCrmMessageId: text("reply_crm_message_id").notNull(),
    mode: text("mode", { enum: ["llm", "offline"] }).notNull(),
    model: text("model"),
    language: text("language").notNull(),
    promptTokens: integer("prompt_tokens").notNull().default(0),
    completionTokens: integer("completion_tokens").notNull().default(0),
    costUsd: numeric("cost_usd", { precision: 12, scale: 6 }).notNull().default("0"),
    llmMs: integer("llm_ms").notNull().default(0),
    totalMs: integer("total_ms").notNull().default(0),
    /** Of prompt_tokens, those the provider read from its prompt cache. */
    cachedTokens: integer("cached_tokens").notNull().default(0),
    /** Each model call of the turn: model, tokens (cached and not), cost, time. */
    modelCalls: jsonb("model_calls").$type<unknown[]>().notNull().default([]),
    toolCalls: jsonb("tool_calls").$type<unknown[]>().notNull().default([]),
    fallbackReason: text("fallback_reason"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("agent_turns_conversation_idx").on(t.conversationId, t.createdAt),
    index("agent_turns_created_idx").on(t.createdAt),
    uniqueIndex("agent_turns_conversation_reply_uq").on(t.conversationId, t.replyCrmMessageId),
  ],
);

/** Manager-editable settings: one JSON document of overrides per key ("agent"); also `model.status`, the shared model health (model-status-repo.ts). */
export const settings = pgTable("settings", {
  key: text("key").primaryKey(),
  value: jsonb("value").$type<Record<string, unknown>>().notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/** Every handoff to a human, with its reason category, for quality metrics. */
export const handoffs = pgTable(
  "handoffs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    conversationId: uuid("conversation_id")
      .notNull()
      .references(() => conversations.id),
    /** Our idempotency key: the message that triggered it. */
    triggerId: text("trigger_id").notNull().unique(),
    reason: text("reason").notNull(),
    summary: text("summary").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    resolvedAt: timestamp("resolved_at", { withTimezone: true }),
  },
  (t) => [index("handoffs_conversation_idx").on(t.conversationId, t.createdAt)],
);

/** Versioned prompts; exactly one active version per name (today only "system"). */
export const prompts = pgTable(
  "prompts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    version: integer("version").notNull(),
    content: text("content").notNull(),
    note: text("note"),
    active: boolean("active").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("prompts_name_version_uq").on(t.name, t.version),
    uniqueIndex("prompts_one_active_uq").on(t.name).where(sql`${t.active}`),
  ],
);

/** Money is kept as numeric text; code computes in fils (1/100 AED) to avoid float drift. */
export interface QuotationLine {
  productId: string;
  sku: string;
  name: string;
  nameAr: string | null;
  /** Unit price in AED (VAT excluded) from our catalog when the line was added or the quotation shown. */
  unitPriceAed: number;
  quantity: number;
}

/** What the order needs about the buyer, copied from the customer's profile at confirmation. */
export interface QuotationBuyer {
  name: string;
  company?: string;
  email?: string;
  city: string;
  /** Absent when the customer's channel did not tell it (Telegram). */
  phone?: string;
}

/**
 * A quotation built in a chat. Its state moves only through `src/core/domain/quotation.ts`; every move
 * is a row in `quotation_transitions`. At most one quotation per conversation is open (draft or
 * shown); `version` grows with every change to the lines, and `shownVersion` says which version
 * the customer saw, so a confirmation always refers to exactly what was shown.
 */
export const quotations = pgTable(
  "quotations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    number: text("number").notNull().unique(),
    conversationId: uuid("conversation_id")
      .notNull()
      .references(() => conversations.id),
    customerId: uuid("customer_id")
      .notNull()
      .references(() => customers.id),
    state: text("state", { enum: ["draft", "shown", "confirmed", "ordered", "failed", "cancelled"] }).notNull().default("draft"),
    language: text("language", { enum: ["en", "ar"] }).notNull().default("en"),
    lines: jsonb("lines").$type<QuotationLine[]>().notNull().default([]),
    version: integer("version").notNull().default(1),
    shownVersion: integer("shown_version"),
    shownAt: timestamp("shown_at", { withTimezone: true }),
    vatPercent: numeric("vat_percent", { precision: 5, scale: 2 }).notNull(),
    subtotalAed: numeric("subtotal_aed", { precision: 14, scale: 2 }).notNull().default("0"),
    vatAed: numeric("vat_aed", { precision: 14, scale: 2 }).notNull().default("0"),
    totalAed: numeric("total_aed", { precision: 14, scale: 2 }).notNull().default("0"),
    /** Delivery included in the total (0: free); null: delivery is quoted separately (city unknown or no fee set). */
    deliveryAed: numeric("delivery_aed", { precision: 14, scale: 2 }),
    /** The city the delivery fee was looked up for. */
    deliveryCity: text("delivery_city"),
    buyer: jsonb("buyer").$type<QuotationBuyer>(),
    zohoContactId: text("zoho_contact_id"),
    zohoSalesorderId: text("zoho_salesorder_id").unique(),
    zohoSalesorderNumber: text("zoho_salesorder_number"),
    /** Why the last attempt to order failed, for managers (never shown to the customer verbatim). */
    lastError: text("last_error"),
    confirmedAt: timestamp("confirmed_at", { withTimezone: true }),
    orderedAt: timestamp("ordered_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("quotations_one_open_uq").on(t.conversationId).where(sql`${t.state} in ('draft', 'shown')`),
    index("quotations_state_updated_idx").on(t.state, t.updatedAt),
    index("quotations_customer_idx").on(t.customerId),
  ],
);

/** Every state change of a quotation: who or what moved it, from where to where, and why. */
export const quotationTransitions = pgTable(
  "quotation_transitions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    quotationId: uuid("quotation_id")
      .notNull()
      .references(() => quotations.id),
    fromState: text("from_state"),
    toState: text("to_state").notNull(),
    actor: text("actor", { enum: ["agent", "customer", "system", "manager"] }).notNull(),
    reason: text("reason").notNull(),
    version: integer("version").notNull(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("quotation_transitions_quotation_idx").on(t.quotationId, t.at)],
);

/**
 * The ledger of Zoho writes. `id` is the idempotency key, derived from our own ids
 * (`sale-order:<quotation>`, `crm-contact:<customer>:<profile hash>`, `crm-deal:<quotation>:<n>`):
 * a job is looked up before it calls Zoho and its result recorded after, so a redelivered
 * queue message never writes twice. `steps` keeps each finished step's result (contact id, sale
 * order id, ...) and marks a write that was started but not recorded, which the next attempt
 * first looks for in Zoho. `dead` jobs are the dead-letter queue as managers see it.
 */
export const zohoJobs = pgTable(
  "zoho_jobs",
  {
    id: text("id").primaryKey(),
    kind: text("kind", { enum: ["sale-order", "crm-contact", "crm-deal", "crm-lead"] }).notNull(),
    /** The quotation or customer the job writes for. */
    subjectId: uuid("subject_id").notNull(),
    status: text("status", { enum: ["queued", "running", "succeeded", "dead"] }).notNull().default("queued"),
    /** A running job belongs to one delivery until then; another delivery of it waits (no two run at once). */
    leaseUntil: timestamp("lease_until", { withTimezone: true }),
    attempts: integer("attempts").notNull().default(0),
    steps: jsonb("steps").$type<Record<string, unknown>>().notNull().default({}),
    lastError: text("last_error"),
    /** How many times a manager replayed it from the dead-letter state. */
    replays: integer("replays").notNull().default(0),
    zohoRequests: integer("zoho_requests").notNull().default(0),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (t) => [index("zoho_jobs_status_updated_idx").on(t.status, t.updatedAt), index("zoho_jobs_subject_idx").on(t.subjectId)],
);

/** What Zoho holds for our customers: the Inventory contact (orders) and the CRM contact (sales team). */
export const customerZohoLinks = pgTable(
  "customer_zoho_links",
  {
  customerId: uuid("customer_id")
    .primaryKey()
    .references(() => customers.id),
  inventoryContactId: text("inventory_contact_id"),
  crmContactId: text("crm_contact_id"),
  crmSyncedAt: timestamp("crm_synced_at", { withTimezone: true }),
  /** Hash of the profile last written to CRM: an unchanged profile is not written again. */
  crmProfileHash: text("crm_profile_hash"),
  /** The Inventory contact's `created_time` (the history sync keeps it): a prospect counts only from then on. */
  zohoCreatedAt: timestamp("zoho_created_at", { withTimezone: true }),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  // One customer per Inventory contact: the history sync and the order desk never link it twice.
  (t) => [uniqueIndex("customer_zoho_links_inventory_contact_uq").on(t.inventoryContactId).where(sql`${t.inventoryContactId} is not null`)],
);

/** The CRM deal that follows a quotation: stage and amount mirror the quotation's state. */
export const crmDeals = pgTable("crm_deals", {
  quotationId: uuid("quotation_id")
    .primaryKey()
    .references(() => quotations.id),
  zohoDealId: text("zoho_deal_id"),
  dealName: text("deal_name").notNull(),
  stage: text("stage").notNull(),
  amountAed: numeric("amount_aed", { precision: 14, scale: 2 }).notNull(),
  syncedAt: timestamp("synced_at", { withTimezone: true }),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/**
 * A qualified lead's deal in Zoho CRM, made before the customer has a quotation (we know their
 * company and what they need). The customer's first quotation adopts it, so the lead and the
 * quotation are one deal whose stage then follows the quotation.
 */
export const crmLeads = pgTable("crm_leads", {
  customerId: uuid("customer_id")
    .primaryKey()
    .references(() => customers.id),
  zohoDealId: text("zoho_deal_id"),
  dealName: text("deal_name").notNull(),
  /** The quotation whose deal this became; null while it is a lead. */
  adoptedByQuotationId: uuid("adopted_by_quotation_id"),
  syncedAt: timestamp("synced_at", { withTimezone: true }),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
