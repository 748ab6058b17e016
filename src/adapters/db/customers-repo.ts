import { desc, eq, sql } from "drizzle-orm";
import type { Database } from "./client";
import type { CustomerSort } from "../../core/analytics/segments";
import { customerAnalytics } from "./analytics-schema";
import { leadScoreSql } from "./lead-score-sql";
import { customerIdentities, customers, customerZohoLinks, quotations, zohoJobs } from "./schema";

export interface CustomerFilter {
  /** Part of the name or at least three digits of the phone number. */
  q?: string | undefined;
  /** Only customers of this segment (customers never scored count as prospects). */
  segment?: string | undefined;
  /** `recent` (default): most recently active first; a score: highest first, unscored last. */
  sort?: CustomerSort | undefined;
  limit: number;
  offset: number;
}


const SORT_SQL: Record<CustomerSort, ReturnType<typeof sql>> = {
  recent: sql`"lastMessageAt" DESC NULLS LAST, c.created_at DESC, c.id`,
  purchaseProbability30d: sql`a.purchase_probability_30d DESC NULLS LAST, c.id`,
  churnRisk: sql`a.churn_risk DESC NULLS LAST, c.id`,
  expectedValue12mAed: sql`a.expected_value_12m_aed DESC NULLS LAST, c.id`,
  leadScore: sql`"leadScore" DESC NULLS LAST, c.id`,
};

/** Customers with how many conversations they have, their Zoho links, segment, RFM and scores. */
export async function listCustomers(db: Database, filter: CustomerFilter) {
  const search = filter.q ? searchCondition(filter.q) : sql`true`;
  const segment = filter.segment ? sql`coalesce(a.segment, 'prospect') = ${filter.segment}` : sql`true`;
  const result = await db.execute<{
    id: string;
    name: string | null;
    phone: string | null;
    language: string | null;
    createdAt: string;
    conversations: number;
    lastMessageAt: string | null;
    crmContactId: string | null;
    zohoContactId: string | null;
    segment: string | null;
    recencyDays: number | null;
    frequency: number | null;
    monetaryAed: string | null;
    purchaseProbability30d: number | null;
    churnRisk: number | null;
    expectedValue12mAed: string | null;
    leadScore: number | null;
    proactiveOptOutAt: string | null;
  }>(sql`
    SELECT c.id, c.name, c.phone, c.language, c.created_at AS "createdAt", c.proactive_opt_out_at AS "proactiveOptOutAt",
      (SELECT count(*)::int FROM conversations v WHERE v.customer_id = c.id) AS conversations,
      (SELECT max(v.last_message_at) FROM conversations v WHERE v.customer_id = c.id) AS "lastMessageAt",
      l.crm_contact_id AS "crmContactId", l.inventory_contact_id AS "zohoContactId",
      a.segment, a.recency_days AS "recencyDays", a.frequency, a.monetary_aed AS "monetaryAed",
      a.purchase_probability_30d AS "purchaseProbability30d", a.churn_risk AS "churnRisk", a.expected_value_12m_aed AS "expectedValue12mAed",
      ${leadScoreSql} AS "leadScore"
    FROM ${customers} c
    LEFT JOIN ${customerZohoLinks} l ON l.customer_id = c.id
    LEFT JOIN ${customerAnalytics} a ON a.customer_id = c.id
    WHERE ${search} AND ${segment}
    ORDER BY ${SORT_SQL[filter.sort ?? "recent"]}
    LIMIT ${filter.limit} OFFSET ${filter.offset}`);
  return result.rows.map((row) => ({
    id: row.id,
    name: row.name,
    phone: row.phone,
    language: row.language,
    createdAt: iso(row.createdAt)!,
    conversations: row.conversations,
    lastMessageAt: iso(row.lastMessageAt),
    crmContactId: row.crmContactId,
    zohoContactId: row.zohoContactId,
    segment: row.segment ?? "prospect",
    rfm: { recencyDays: row.recencyDays, frequency: row.frequency ?? 0, monetaryAed: Number(row.monetaryAed ?? 0) },
    purchaseProbability30d: row.purchaseProbability30d,
    churnRisk: row.churnRisk,
    expectedValue12mAed: row.expectedValue12mAed === null ? null : Number(row.expectedValue12mAed),
    leadScore: row.leadScore,
    proactiveOptOutAt: iso(row.proactiveOptOutAt),
  }));
}

function searchCondition(q: string) {
  const pattern = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const digits = q.replace(/\D/g, "");
  return sql`(c.name ILIKE ${pattern} OR ${digits.length >= 3 ? sql`c.phone LIKE ${`%${digits}%`}` : sql`false`})`;
}

/** One customer: the stored profile, channel identities, Zoho links with the last CRM job, and quotations. */
export async function getCustomer(db: Database, id: string) {
  const [customer] = await db.select().from(customers).where(eq(customers.id, id));
  if (!customer) return null;
  const identities = await db.select({ channel: customerIdentities.channel, externalId: customerIdentities.externalId }).from(customerIdentities).where(eq(customerIdentities.customerId, id));
  const [links] = await db.select().from(customerZohoLinks).where(eq(customerZohoLinks.customerId, id));
  const [crmJob] = await db
    .select({ id: zohoJobs.id, status: zohoJobs.status, lastError: zohoJobs.lastError, steps: zohoJobs.steps })
    .from(zohoJobs)
    .where(sql`${zohoJobs.subjectId} = ${id} AND ${zohoJobs.kind} = 'crm-contact'`)
    .orderBy(desc(zohoJobs.updatedAt))
    .limit(1);
  const quotationRows = await db
    .select({ id: quotations.id, number: quotations.number, state: quotations.state, totalAed: quotations.totalAed, conversationId: quotations.conversationId, updatedAt: quotations.updatedAt })
    .from(quotations)
    .where(eq(quotations.customerId, id))
    .orderBy(desc(quotations.updatedAt))
    .limit(50);
  return {
    customer: { id: customer.id, name: customer.name, phone: customer.phone, language: customer.language, profile: customer.profile, createdAt: customer.createdAt.toISOString(), updatedAt: customer.updatedAt.toISOString(), proactiveOptOutAt: customer.proactiveOptOutAt?.toISOString() ?? null },
    identities,
    zoho: {
      crmContactId: links?.crmContactId ?? null,
      crmSyncedAt: links?.crmSyncedAt?.toISOString() ?? null,
      inventoryContactId: links?.inventoryContactId ?? null,
      crmJob: crmJob ?? null,
    },
    quotations: quotationRows.map((q) => ({ ...q, totalAed: Number(q.totalAed), updatedAt: q.updatedAt.toISOString() })),
  };
}

function iso(value: string | Date | null): string | null {
  return value === null ? null : new Date(value).toISOString();
}
