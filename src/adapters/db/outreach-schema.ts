import { index, integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { conversations } from "./schema";

/**
 * Every message we start ourselves (a quotation follow-up, a back-in-stock notice), sent or
 * skipped with the reason staff read. `key` makes each one once (a follow-up per quotation
 * version); `day` (UTC, YYYY-MM-DD) counts the global daily cap and the dashboard's figure.
 */
export const proactiveMessages = pgTable(
  "proactive_messages",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    key: text("key").notNull().unique(),
    kind: text("kind", { enum: ["follow_up", "back_in_stock"] }).notNull(),
    conversationId: uuid("conversation_id")
      .notNull()
      .references(() => conversations.id),
    customerId: uuid("customer_id"),
    /** sent: queued in the conversation's outbox; skipped: not sent, `reason` says why. */
    status: text("status", { enum: ["sent", "skipped"] }).notNull(),
    reason: text("reason"),
    templateId: text("template_id"),
    day: text("day").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("proactive_messages_day_idx").on(t.day, t.status), index("proactive_messages_conversation_idx").on(t.conversationId, t.createdAt)],
);

/**
 * The managers' daily digest, one row per send: `key` is `scheduled:<day>` for the morning run (so
 * two cron ticks send once) or `manual:<time>` for "send now". The panel shows the last one.
 */
export const digests = pgTable("digests", {
  id: uuid("id").primaryKey().defaultRandom(),
  key: text("key").notNull().unique(),
  /** The shop's day the figures cover (YYYY-MM-DD, yesterday in its time zone). */
  day: text("day").notNull(),
  trigger: text("trigger", { enum: ["scheduled", "manual"] }).notNull(),
  text: text("text").notNull(),
  figures: jsonb("figures").$type<Record<string, unknown>>().notNull(),
  recipients: integer("recipients").notNull().default(0),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});
