import { index, integer, jsonb, pgTable, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { conversations, customers, products } from "./schema";

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

/**
 * A customer's wish to hear when an out-of-stock product is back: one row per customer and
 * product (asking again while it waits changes nothing). The catalog sync that sees the stock
 * return src/shell/queues one notice per waiting row; the notice ends it (`notified`, or `skipped` with the
 * reason staff read). Asking again after it ended starts it over (`created_at` is the new start).
 */
export const backInStockSubscriptions = pgTable(
  "back_in_stock_subscriptions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    customerId: uuid("customer_id")
      .notNull()
      .references(() => customers.id),
    productId: uuid("product_id")
      .notNull()
      .references(() => products.id),
    conversationId: uuid("conversation_id")
      .notNull()
      .references(() => conversations.id),
    status: text("status", { enum: ["waiting", "notified", "skipped"] }).notNull().default("waiting"),
    reason: text("reason"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    endedAt: timestamp("ended_at", { withTimezone: true }),
  },
  (t) => [unique("back_in_stock_subscriptions_customer_product_unique").on(t.customerId, t.productId), index("back_in_stock_subscriptions_product_idx").on(t.productId, t.status)],
);
