import { desc, sql } from "drizzle-orm";
import type { CustomerHistoryFacts } from "../../core/analytics/agent-context";
import { orderStands } from "../../core/analytics/contact-match";
import type { Segment } from "../../core/analytics/segments";
import type { Database } from "./client";
import { analyticsModels, customerAnalytics, zohoSalesOrders } from "./analytics-schema";
import { customers, customerZohoLinks } from "./schema";

export interface CustomerHistoryRow {
  customerId: string;
  date: string | null;
  status: string | null;
  totalAed: number | null;
}

/** Every customer with their Zoho sale orders (a customer without any appears once, with nulls). */
export async function loadCustomerHistories(db: Database): Promise<Map<string, { date: string; status: string; totalAed: number }[]>> {
  const result = await db.execute<{ customer_id: string; date: string | null; status: string | null; total_aed: string | null }>(sql`
    SELECT c.id AS customer_id, o.date::text AS date, o.status, o.total_aed::text AS total_aed
    FROM ${customers} c
    LEFT JOIN ${customerZohoLinks} l ON l.customer_id = c.id
    LEFT JOIN ${zohoSalesOrders} o ON o.zoho_contact_id = l.inventory_contact_id`);
  const out = new Map<string, { date: string; status: string; totalAed: number }[]>();
  for (const row of result.rows) {
    const list = out.get(row.customer_id) ?? [];
    if (row.date !== null && row.status !== null) list.push({ date: row.date, status: row.status, totalAed: Number(row.total_aed) });
    out.set(row.customer_id, list);
  }
  return out;
}

/** Customer id → the UTC day (`YYYY-MM-DD`) their Zoho contact was created, for those whose sync recorded it. */
export async function loadContactCreatedDays(db: Database): Promise<Map<string, string>> {
  const result = await db.execute<{ customer_id: string; day: string }>(sql`
    SELECT l.customer_id, to_char(l.zoho_created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day
    FROM ${customerZohoLinks} l
    WHERE l.zoho_created_at IS NOT NULL`);
  return new Map(result.rows.map((row) => [row.customer_id, row.day]));
}

export interface CustomerAnalyticsRow {
  customerId: string;
  segment: string;
  recencyDays: number | null;
  frequency: number;
  monetaryAed: number;
  lastOrderAt: string | null;
  purchaseProbability30d: number | null;
  churnRisk: number | null;
  expectedValue12mAed: number | null;
}

/** Writes everyone's RFM, segment and scores, 500 rows a statement. */
export async function saveCustomerAnalytics(db: Database, rows: CustomerAnalyticsRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    const chunk = rows.slice(i, i + 500);
    await db
      .insert(customerAnalytics)
      .values(chunk.map((r) => ({ ...r, monetaryAed: r.monetaryAed.toFixed(2), expectedValue12mAed: r.expectedValue12mAed === null ? null : r.expectedValue12mAed.toFixed(2), computedAt: new Date() })))
      .onConflictDoUpdate({
        target: customerAnalytics.customerId,
        set: {
          segment: sql`excluded.segment`,
          recencyDays: sql`excluded.recency_days`,
          frequency: sql`excluded.frequency`,
          monetaryAed: sql`excluded.monetary_aed`,
          lastOrderAt: sql`excluded.last_order_at`,
          purchaseProbability30d: sql`excluded.purchase_probability_30d`,
          churnRisk: sql`excluded.churn_risk`,
          expectedValue12mAed: sql`excluded.expected_value_12m_aed`,
          computedAt: sql`excluded.computed_at`,
        },
      });
  }
}

export type ModelRecord = typeof analyticsModels.$inferSelect;

export async function saveModel(db: Database, record: Omit<typeof analyticsModels.$inferInsert, "id" | "trainedAt">): Promise<ModelRecord> {
  const [row] = await db.insert(analyticsModels).values(record).returning();
  return row!;
}

export async function latestModel(db: Database): Promise<ModelRecord | null> {
  const rows = await db.select().from(analyticsModels).orderBy(desc(analyticsModels.trainedAt)).limit(1);
  return rows[0] ?? null;
}

/** Customers and standing revenue per segment (customers never scored are prospects). */
export async function segmentSummary(db: Database): Promise<{ segment: string; customers: number; revenueAed: number }[]> {
  const result = await db.execute<{ segment: string; customers: number; revenue: string }>(sql`
    SELECT coalesce(a.segment, 'prospect') AS segment, count(*)::int AS customers, coalesce(sum(a.monetary_aed), 0)::text AS revenue
    FROM ${customers} c LEFT JOIN ${customerAnalytics} a ON a.customer_id = c.id
    GROUP BY 1`);
  return result.rows.map((r) => ({ segment: r.segment, customers: r.customers, revenueAed: Number(r.revenue) }));
}

/**
 * The facts the salesperson may be told about a customer (`customerHistoryLine`), or null when no
 * analytics run has scored them. For whoever assembles the agent's context to call per turn.
 */
export async function customerHistoryFacts(db: Database, customerId: string): Promise<CustomerHistoryFacts | null> {
  const result = await db.execute<{ segment: string; frequency: number; number: string | null; date: string | null }>(sql`
    SELECT a.segment, a.frequency, o.salesorder_number AS number, o.date::text AS date
    FROM ${customerAnalytics} a
    LEFT JOIN ${customerZohoLinks} l ON l.customer_id = a.customer_id
    LEFT JOIN LATERAL (
      SELECT salesorder_number, date FROM ${zohoSalesOrders} s
      WHERE s.zoho_contact_id = l.inventory_contact_id AND s.status NOT IN ('void', 'draft')
      ORDER BY s.date DESC, s.salesorder_number DESC LIMIT 1
    ) o ON true
    WHERE a.customer_id = ${customerId}`);
  const row = result.rows[0];
  if (!row) return null;
  return { segment: row.segment as Segment, frequency: row.frequency, lastOrder: row.number && row.date ? { number: row.number, date: row.date } : null };
}

/** A customer's segment, RFM and scores, or null before any run scored them. */
export async function customerAnalyticsOf(db: Database, customerId: string) {
  const [row] = await db.select().from(customerAnalytics).where(sql`${customerAnalytics.customerId} = ${customerId}`);
  if (!row) return null;
  return {
    segment: row.segment as Segment,
    rfm: { recencyDays: row.recencyDays, frequency: row.frequency, monetaryAed: Number(row.monetaryAed) },
    purchaseProbability30d: row.purchaseProbability30d,
    churnRisk: row.churnRisk,
    expectedValue12mAed: row.expectedValue12mAed === null ? null : Number(row.expectedValue12mAed),
    computedAt: row.computedAt.toISOString(),
  };
}

/** The customer's Zoho sale orders, newest first; `counts` is false for void and draft ones. */
export async function customerOrderHistory(db: Database, customerId: string, limit: number) {
  const result = await db.execute<{ salesorder_id: string; salesorder_number: string; date: string; status: string; total_aed: string }>(sql`
    SELECT o.salesorder_id, o.salesorder_number, o.date::text AS date, o.status, o.total_aed::text AS total_aed
    FROM ${zohoSalesOrders} o JOIN ${customerZohoLinks} l ON l.inventory_contact_id = o.zoho_contact_id
    WHERE l.customer_id = ${customerId}
    ORDER BY o.date DESC, o.salesorder_number DESC LIMIT ${limit}`);
  return result.rows.map((r) => ({ salesorderId: r.salesorder_id, number: r.salesorder_number, date: r.date, status: r.status, totalAed: Number(r.total_aed), counts: orderStands(r.status) }));
}
