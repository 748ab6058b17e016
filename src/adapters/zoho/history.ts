import { z } from "zod";
import type { ZohoInventoryClient } from "./client";

/**
 * Zoho Inventory's customer history as the analytics sync reads it: contacts of type customer
 * and sale orders, 200 a page, oldest first so pages stay stable while new records arrive, and
 * on incremental runs only what was modified since the last run (`last_modified_time`).
 */
const pageContext = z.object({ has_more_page: z.boolean() }).passthrough();
const contactsPage = z.object({ contacts: z.array(z.unknown()), page_context: pageContext }).passthrough();
const ordersPage = z.object({ salesorders: z.array(z.unknown()), page_context: pageContext }).passthrough();

const zohoId = z.union([z.string().min(1), z.number()]).transform(String);
const optionalText = z.string().nullish().transform((value) => value ?? "");

/** The fields of a Zoho contact the sync uses; anything else is ignored. */
export const historyContactSchema = z
  .object({
    contact_id: zohoId,
    contact_name: z.string().min(1),
    company_name: optionalText,
    contact_type: z.string().optional(),
    mobile: optionalText,
    phone: optionalText,
    /** When the contact was created in Zoho (`2026-12-07T10:15:00+0400`): a prospect exists from then on. */
    created_time: z.string().optional(),
    last_modified_time: z.string().optional(),
  })
  .passthrough();
export type HistoryContact = z.infer<typeof historyContactSchema>;

/** The fields of a listed Zoho sale order the sync uses. */
export const historyOrderSchema = z
  .object({
    salesorder_id: zohoId,
    salesorder_number: z.string().min(1),
    customer_id: zohoId,
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    status: z.string().min(1),
    total: z.coerce.number().finite(),
    last_modified_time: z.string().optional(),
  })
  .passthrough();
export type HistoryOrder = z.infer<typeof historyOrderSchema>;

/** A Zoho timestamp (`2026-12-07T10:15:00+0400`, offset without a colon) as a Date, or null when absent or unreadable. */
export function parseZohoTime(value: string | undefined): Date | null {
  if (!value) return null;
  const date = new Date(value.replace(/([+-]\d{2})(\d{2})$/, "$1:$2"));
  return Number.isNaN(date.getTime()) ? null : date;
}

export interface HistoryPage {
  records: unknown[];
  hasMore: boolean;
}

/** What the analytics sync needs from Zoho (the Inventory client, or a test double of Zoho itself). */
export interface HistorySource {
  requests: number;
  listCustomers(page: number, options: { modifiedSince?: string }): Promise<HistoryPage>;
  listSalesOrders(page: number, options: { modifiedSince?: string }): Promise<HistoryPage>;
}

export const HISTORY_PAGE_SIZE = 200;

function listQuery(page: number, modifiedSince: string | undefined): Record<string, string> {
  const query: Record<string, string> = { page: String(page), per_page: String(HISTORY_PAGE_SIZE), sort_column: "created_time", sort_order: "A" };
  if (modifiedSince) query.last_modified_time = modifiedSince;
  return query;
}

/** The history source over a Zoho Inventory client (shared token and pace). */
export function zohoHistorySource(client: ZohoInventoryClient): HistorySource {
  return {
    get requests() {
      return client.requests;
    },
    async listCustomers(page, options) {
      const body = await client.call("GET", "/contacts", { ...listQuery(page, options.modifiedSince), contact_type: "customer" }, contactsPage);
      return { records: body.contacts, hasMore: body.page_context.has_more_page };
    },
    async listSalesOrders(page, options) {
      const body = await client.call("GET", "/salesorders", listQuery(page, options.modifiedSince), ordersPage);
      return { records: body.salesorders, hasMore: body.page_context.has_more_page };
    },
  };
}
