import { inArray, sql } from "drizzle-orm";
import type { ContactDecision, MatchContext } from "../../core/analytics/contact-match";
import type { Database } from "./client";
import { zohoSalesOrders } from "./analytics-schema";
import { customers, customerZohoLinks } from "./schema";

/** Links and phone owners for a page of contacts: two queries, whatever the page size. */
export async function loadMatchContext(db: Database, contactIds: string[], phones: string[]): Promise<MatchContext> {
  const linked = contactIds.length
    ? await db
        .select({ contactId: customerZohoLinks.inventoryContactId, customerId: customerZohoLinks.customerId })
        .from(customerZohoLinks)
        .where(inArray(customerZohoLinks.inventoryContactId, contactIds))
    : [];
  const owners = phones.length
    ? await db
        .select({ phone: customers.phone, customerId: customers.id, inventoryContactId: customerZohoLinks.inventoryContactId })
        .from(customers)
        .leftJoin(customerZohoLinks, sql`${customerZohoLinks.customerId} = ${customers.id}`)
        .where(inArray(customers.phone, phones))
    : [];
  return {
    linkedCustomers: new Map(linked.map((row) => [row.contactId!, row.customerId])),
    customersByPhone: new Map(owners.map((row) => [row.phone!, { customerId: row.customerId, inventoryContactId: row.inventoryContactId }])),
  };
}

export interface AppliedContacts {
  created: number;
  matched: number;
}

/**
 * Writes a page's decisions: new customers (their id chosen here, so a phone a chat took meanwhile
 * turns the new customer into a match instead of a second row) and the contact links.
 */
export async function applyContactDecisions(db: Database, decisions: ContactDecision[]): Promise<AppliedContacts> {
  const links: { customerId: string; inventoryContactId: string }[] = [];
  let created = 0;
  let matched = 0;
  const toCreate = decisions.filter((d): d is Extract<ContactDecision, { kind: "create" }> => d.kind === "create").map((d) => ({ ...d, id: crypto.randomUUID() }));
  if (toCreate.length) {
    const inserted = await db
      .insert(customers)
      .values(toCreate.map((d) => ({ id: d.id, name: d.name, phone: d.phone })))
      .onConflictDoNothing({ target: customers.phone })
      .returning({ id: customers.id });
    const made = new Set(inserted.map((row) => row.id));
    const lost = toCreate.filter((d) => !made.has(d.id) && d.phone);
    const owners = lost.length ? await db.select({ id: customers.id, phone: customers.phone }).from(customers).where(inArray(customers.phone, lost.map((d) => d.phone!))) : [];
    const ownerOf = new Map(owners.map((row) => [row.phone!, row.id]));
    for (const d of toCreate) {
      if (made.has(d.id)) {
        created++;
        links.push({ customerId: d.id, inventoryContactId: d.contactId });
      } else if (d.phone && ownerOf.has(d.phone)) {
        matched++;
        links.push({ customerId: ownerOf.get(d.phone)!, inventoryContactId: d.contactId });
      }
    }
  }
  for (const d of decisions) {
    if (d.kind === "matched") {
      matched++;
      links.push({ customerId: d.customerId, inventoryContactId: d.contactId });
    }
  }
  if (links.length) {
    // A customer who has a CRM link but no Inventory contact yet gains it; one already tied to a contact keeps it.
    await db
      .insert(customerZohoLinks)
      .values(links)
      .onConflictDoUpdate({
        target: customerZohoLinks.customerId,
        set: { inventoryContactId: sql`excluded.inventory_contact_id`, updatedAt: sql`now()` },
        setWhere: sql`${customerZohoLinks.inventoryContactId} is null`,
      });
  }
  return { created, matched };
}

/**
 * Records the Zoho creation time of a page's contacts on their links (one statement); a contact
 * with no link (skipped) is left out. Overwrites, so an incremental run that re-reads a contact
 * keeps it current, and links made before the column existed gain it on the next full run.
 */
export async function saveContactCreatedTimes(db: Database, contacts: { contactId: string; createdAt: Date }[]): Promise<void> {
  if (!contacts.length) return;
  const values = sql.join(
    contacts.map((c) => sql`(${c.contactId}, ${c.createdAt.toISOString()}::timestamptz)`),
    sql`, `,
  );
  await db.execute(sql`
    UPDATE ${customerZohoLinks} SET zoho_created_at = v.created_at
    FROM (VALUES ${values}) AS v(contact_id, created_at)
    WHERE ${customerZohoLinks.inventoryContactId} = v.contact_id
      AND ${customerZohoLinks.zohoCreatedAt} IS DISTINCT FROM v.created_at`);
}

export interface OrderRow {
  salesorderId: string;
  salesorderNumber: string;
  zohoContactId: string;
  date: string;
  status: string;
  totalAed: number;
  lastModifiedTime: Date | null;
}

/** Upserts a page of sale orders by Zoho id: a re-read order replaces its row, never adds one. */
export async function upsertSalesOrders(db: Database, orders: OrderRow[]): Promise<void> {
  if (!orders.length) return;
  await db
    .insert(zohoSalesOrders)
    .values(orders.map((o) => ({ ...o, totalAed: o.totalAed.toFixed(2) })))
    .onConflictDoUpdate({
      target: zohoSalesOrders.salesorderId,
      set: {
        salesorderNumber: sql`excluded.salesorder_number`,
        zohoContactId: sql`excluded.zoho_contact_id`,
        date: sql`excluded.date`,
        status: sql`excluded.status`,
        totalAed: sql`excluded.total_aed`,
        lastModifiedTime: sql`excluded.last_modified_time`,
        syncedAt: sql`now()`,
      },
    });
}
