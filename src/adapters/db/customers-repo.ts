import { desc, eq, sql } from "drizzle-orm";
import type { Database } from "./client";
import { customerIdentities, customers, customerZohoLinks, quotations, zohoJobs } from "./schema";

export interface CustomerFilter {
  /** Part of the name or at least three digits of the phone number. */
  q?: string | undefined;
  limit: number;
  offset: number;
}

/** Customers, most recently active first, with how many conversations they have and their CRM contact. */
export async function listCustomers(db: Database, filter: CustomerFilter) {
  const where = filter.q ? searchCondition(filter.q) : sql`true`;
  const result = await db.execute<{
    id: string;
    name: string | null;
    phone: string | null;
    language: string | null;
    createdAt: string;
    conversations: number;
    lastMessageAt: string | null;
    crmContactId: string | null;
    proactiveOptOutAt: string | null;
  }>(sql`
    SELECT c.id, c.name, c.phone, c.language, c.created_at AS "createdAt", c.proactive_opt_out_at AS "proactiveOptOutAt",
      (SELECT count(*)::int FROM conversations v WHERE v.customer_id = c.id) AS conversations,
      (SELECT max(v.last_message_at) FROM conversations v WHERE v.customer_id = c.id) AS "lastMessageAt",
      l.crm_contact_id AS "crmContactId"
    FROM ${customers} c
    LEFT JOIN ${customerZohoLinks} l ON l.customer_id = c.id
    WHERE ${where}
    ORDER BY "lastMessageAt" DESC NULLS LAST, c.created_at DESC, c.id
    LIMIT ${filter.limit} OFFSET ${filter.offset}`);
  return result.rows.map((row) => ({ ...row, createdAt: iso(row.createdAt)!, lastMessageAt: iso(row.lastMessageAt), proactiveOptOutAt: iso(row.proactiveOptOutAt) }));
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
    .select({ id: zohoJobs.id, status: zohoJobs.status, lastError: zohoJobs.lastError })
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
