import { and, desc, eq, isNull, sql } from "drizzle-orm";
import type { Database } from "./client";
import { crmDeals, crmLeads, customerIdentities, customers, customerZohoLinks, quotations, zohoJobs } from "./schema";

export type ZohoLinks = typeof customerZohoLinks.$inferSelect;

export async function zohoLinks(db: Database, customerId: string): Promise<ZohoLinks | null> {
  const rows = await db.select().from(customerZohoLinks).where(eq(customerZohoLinks.customerId, customerId));
  return rows[0] ?? null;
}

export async function saveInventoryContact(db: Database, customerId: string, contactId: string): Promise<void> {
  await db
    .insert(customerZohoLinks)
    .values({ customerId, inventoryContactId: contactId })
    .onConflictDoUpdate({ target: customerZohoLinks.customerId, set: { inventoryContactId: contactId, updatedAt: sql`now()` } });
}

export async function saveCrmContact(db: Database, customerId: string, contactId: string, profileHash: string): Promise<void> {
  await db
    .insert(customerZohoLinks)
    .values({ customerId, crmContactId: contactId, crmProfileHash: profileHash, crmSyncedAt: new Date() })
    .onConflictDoUpdate({
      target: customerZohoLinks.customerId,
      set: { crmContactId: contactId, crmProfileHash: profileHash, crmSyncedAt: sql`now()`, updatedAt: sql`now()` },
    });
}

export async function customerForCrm(db: Database, customerId: string) {
  const rows = await db.select({ id: customers.id, phone: customers.phone, name: customers.name, profile: customers.profile }).from(customers).where(eq(customers.id, customerId));
  const customer = rows[0];
  if (!customer) return null;
  // A Telegram buyer is known by their chat and, when they have one, their @handle.
  const [telegram] = await db
    .select({ chatId: customerIdentities.externalId, handle: customerIdentities.handle })
    .from(customerIdentities)
    .where(and(eq(customerIdentities.customerId, customerId), eq(customerIdentities.channel, "telegram")))
    .limit(1);
  return { ...customer, telegram: telegram ?? null };
}

export async function saveDeal(db: Database, deal: { quotationId: string; zohoDealId: string; dealName: string; stage: string; amountAed: number }): Promise<void> {
  const values = { ...deal, amountAed: deal.amountAed.toFixed(2), syncedAt: new Date() };
  await db
    .insert(crmDeals)
    .values(values)
    .onConflictDoUpdate({ target: crmDeals.quotationId, set: { ...values, updatedAt: sql`now()` } });
}

/** The deal name CRM knows a quotation's deal by, once it has been written. */
export async function dealNameOf(db: Database, quotationId: string): Promise<string | null> {
  const rows = await db.select({ dealName: crmDeals.dealName }).from(crmDeals).where(eq(crmDeals.quotationId, quotationId));
  return rows[0]?.dealName ?? null;
}

export async function saveLead(db: Database, lead: { customerId: string; zohoDealId: string; dealName: string }): Promise<void> {
  await db
    .insert(crmLeads)
    .values({ ...lead, syncedAt: new Date() })
    .onConflictDoUpdate({ target: crmLeads.customerId, set: { zohoDealId: lead.zohoDealId, dealName: lead.dealName, syncedAt: sql`now()`, updatedAt: sql`now()` } });
}

/**
 * The customer's lead deal becomes this quotation's deal, if there is one no other quotation took:
 * answers its deal name (the name CRM matches it by), or null.
 */
export async function adoptLead(db: Database, customerId: string, quotationId: string): Promise<string | null> {
  const rows = await db
    .update(crmLeads)
    .set({ adoptedByQuotationId: quotationId, updatedAt: sql`now()` })
    .where(and(eq(crmLeads.customerId, customerId), sql`${crmLeads.zohoDealId} IS NOT NULL`, sql`(${crmLeads.adoptedByQuotationId} IS NULL OR ${crmLeads.adoptedByQuotationId} = ${quotationId})`))
    .returning({ dealName: crmLeads.dealName });
  return rows[0]?.dealName ?? null;
}

export async function customerHasQuotation(db: Database, customerId: string): Promise<boolean> {
  const rows = await db.select({ id: quotations.id }).from(quotations).where(eq(quotations.customerId, customerId)).limit(1);
  return rows.length > 0;
}

/** Customers and what CRM holds for them: synced, pending (a job queued or failing), dead, or never sent. */
export async function listCrmContacts(db: Database, limit: number) {
  const result = await db.execute<{
    customerId: string;
    phone: string;
    name: string | null;
    crmContactId: string | null;
    syncedAt: string | null;
    jobStatus: string | null;
    lastError: string | null;
    notSyncedReason: string | null;
  }>(sql`
    SELECT c.id AS "customerId", c.phone, c.name, l.crm_contact_id AS "crmContactId", l.crm_synced_at AS "syncedAt",
      j.status AS "jobStatus", j.last_error AS "lastError", j.steps->>'notSyncedReason' AS "notSyncedReason"
    FROM ${customers} c
    LEFT JOIN ${customerZohoLinks} l ON l.customer_id = c.id
    LEFT JOIN LATERAL (
      SELECT status, last_error, steps FROM ${zohoJobs} WHERE subject_id = c.id AND kind = 'crm-contact' ORDER BY updated_at DESC LIMIT 1
    ) j ON true
    ORDER BY c.updated_at DESC
    LIMIT ${limit}`);
  return result.rows.map(({ notSyncedReason, ...row }) => {
    const status = row.jobStatus === "dead" ? "failed" : row.jobStatus === "queued" || row.jobStatus === "running" ? "pending" : row.crmContactId ? "synced" : "not_synced";
    return { ...row, status, reason: status === "not_synced" ? (notSyncedReason ?? "no CRM contact job has run for this customer yet") : null };
  });
}

/**
 * Deals in CRM: those made from quotations, with the quotation's current state next to the stage
 * CRM last received, and qualified leads' deals no quotation has taken over yet.
 */
export async function listCrmDeals(db: Database, limit: number) {
  const fromQuotations = await db
    .select({
      quotationId: quotations.id,
      quotationNumber: quotations.number,
      quotationState: quotations.state,
      zohoDealId: crmDeals.zohoDealId,
      dealName: crmDeals.dealName,
      stage: crmDeals.stage,
      amountAed: crmDeals.amountAed,
      syncedAt: crmDeals.syncedAt,
    })
    .from(crmDeals)
    .innerJoin(quotations, eq(quotations.id, crmDeals.quotationId))
    .orderBy(desc(crmDeals.updatedAt))
    .limit(limit);
  const leads = await db
    .select({ customerId: crmLeads.customerId, zohoDealId: crmLeads.zohoDealId, dealName: crmLeads.dealName, syncedAt: crmLeads.syncedAt })
    .from(crmLeads)
    .where(isNull(crmLeads.adoptedByQuotationId))
    .orderBy(desc(crmLeads.updatedAt))
    .limit(limit);
  return [
    ...fromQuotations.map((row) => ({ kind: "quotation" as const, ...row, amountAed: Number(row.amountAed) })),
    ...leads.map((row) => ({ kind: "lead" as const, ...row, quotationId: null, quotationNumber: null, quotationState: null, stage: "Qualification", amountAed: 0 })),
  ];
}
