import { sql } from "drizzle-orm";
import { date, doublePrecision, index, integer, jsonb, numeric, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { customers } from "./schema";

/** Where an analytics run stands: which listing it is paging through, or the scoring step. */
export interface AnalyticsCheckpoint {
  phase: "contacts" | "orders" | "score";
  page: number;
}

export interface AnalyticsProblem {
  at: string;
  kind: "zoho" | "malformed" | "internal";
  message: string;
  page?: number;
}

/**
 * One analytics run: the Zoho Inventory history sync (contacts, then sale orders, page by page),
 * then segments, training and scoring. Resumable from its checkpoint under a lease, like a catalog
 * sync run; one open at a time (partial unique index).
 */
export const analyticsRuns = pgTable(
  "analytics_runs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    trigger: text("trigger", { enum: ["cron", "api", "startup"] }).notNull(),
    mode: text("mode", { enum: ["full", "incremental"] }).notNull(),
    status: text("status", { enum: ["queued", "running", "interrupted", "succeeded", "failed"] }).notNull(),
    /** Incremental runs fetch only records Zoho modified at or after this time. */
    modifiedSince: timestamp("modified_since", { withTimezone: true }),
    checkpoint: jsonb("checkpoint").$type<AnalyticsCheckpoint>().notNull().default({ phase: "contacts", page: 1 }),
    leaseUntil: timestamp("lease_until", { withTimezone: true }),
    leaseToken: uuid("lease_token"),
    attempts: integer("attempts").notNull().default(0),
    pages: integer("pages").notNull().default(0),
    contactsSeen: integer("contacts_seen").notNull().default(0),
    customersCreated: integer("customers_created").notNull().default(0),
    customersMatched: integer("customers_matched").notNull().default(0),
    ordersSeen: integer("orders_seen").notNull().default(0),
    zohoRequests: integer("zoho_requests").notNull().default(0),
    scored: integer("scored").notNull().default(0),
    errors: jsonb("errors").$type<AnalyticsProblem[]>().notNull().default([]),
    requestedAt: timestamp("requested_at", { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp("started_at", { withTimezone: true }),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("analytics_runs_one_open_uq").on(sql`(true)`).where(sql`${t.status} in ('queued', 'running', 'interrupted')`),
    index("analytics_runs_requested_idx").on(t.requestedAt),
  ],
);

/**
 * Zoho Inventory sale orders as last read. Every status is kept; only standing orders (not `void`
 * or `draft`) count in segments and the model. The customer is found through the contact's link.
 */
export const zohoSalesOrders = pgTable(
  "zoho_sales_orders",
  {
    salesorderId: text("salesorder_id").primaryKey(),
    salesorderNumber: text("salesorder_number").notNull(),
    zohoContactId: text("zoho_contact_id").notNull(),
    date: date("date", { mode: "string" }).notNull(),
    status: text("status").notNull(),
    totalAed: numeric("total_aed", { precision: 14, scale: 2 }).notNull(),
    lastModifiedTime: timestamp("last_modified_time", { withTimezone: true }),
    syncedAt: timestamp("synced_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("zoho_sales_orders_contact_idx").on(t.zohoContactId, t.date)],
);

/** Each customer's RFM, segment and scores from the latest analytics run. */
export const customerAnalytics = pgTable(
  "customer_analytics",
  {
    customerId: uuid("customer_id")
      .primaryKey()
      .references(() => customers.id),
    segment: text("segment").notNull(),
    recencyDays: integer("recency_days"),
    frequency: integer("frequency").notNull(),
    monetaryAed: numeric("monetary_aed", { precision: 14, scale: 2 }).notNull(),
    lastOrderAt: date("last_order_at", { mode: "string" }),
    purchaseProbability30d: doublePrecision("purchase_probability_30d"),
    churnRisk: doublePrecision("churn_risk"),
    expectedValue12mAed: numeric("expected_value_12m_aed", { precision: 14, scale: 2 }),
    computedAt: timestamp("computed_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("customer_analytics_segment_idx").on(t.segment)],
);

/** Each training: the fitted weights and the held-back evaluation, or why no model was trained. */
export const analyticsModels = pgTable(
  "analytics_models",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    runId: uuid("run_id"),
    trainedAt: timestamp("trained_at", { withTimezone: true }).notNull().defaultNow(),
    status: text("status", { enum: ["trained", "insufficient"] }).notNull(),
    reason: text("reason"),
    features: jsonb("features").$type<string[]>().notNull().default([]),
    weights: jsonb("weights").$type<unknown>(),
    evaluation: jsonb("evaluation").$type<unknown>(),
  },
  (t) => [index("analytics_models_trained_idx").on(t.trainedAt)],
);
