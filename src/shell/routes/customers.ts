import { customerAnalyticsOf, customerOrderHistory } from "../../adapters/db/analytics-repo";
import { getCustomer, listCustomers } from "../../adapters/db/customers-repo";
import { customerSubscriptions } from "../../adapters/db/back-in-stock-repo";
import { listInbox } from "../../adapters/db/inbox-repo";
import type { App } from "../http-types";
import { crmContactUrl } from "../../core/crm/links";
import { customersContract as contract } from "../../core/staff/contract/customers";
import { notFound } from "../../core/staff/errors";
import { staffRoute } from "../staff-route";

/** Why a contact is not in CRM: the reason its last job kept, else that no job has run for it yet. */
export function notSyncedReason(steps: Record<string, unknown> | undefined): string {
  return typeof steps?.notSyncedReason === "string" ? steps.notSyncedReason : "no CRM contact job has run for this customer yet";
}

/** `GET /api/v1/customers` and `/customers/:id`: who the shop talks to, their CRM contact and their conversations. */
export function registerCustomers(app: App): void {
  staffRoute(app, contract.listCustomers, async ({ ctx, query }) => ({ customers: await listCustomers(ctx.db, query), limit: query.limit, offset: query.offset }));

  staffRoute(app, contract.getCustomer, async ({ ctx, config, params }) => {
    const found = await getCustomer(ctx.db, params.id);
    if (!found) throw notFound("No customer with that id");
    const { zoho } = found;
    const job = zoho.crmJob;
    const status = job?.status === "dead" ? "failed" : job?.status === "queued" || job?.status === "running" ? "pending" : zoho.crmContactId ? "synced" : "not_synced";
    return {
      customer: { ...found.customer, backInStock: (await customerSubscriptions(ctx.db, params.id)).map((s) => ({ ...s, createdAt: s.createdAt.toISOString(), endedAt: s.endedAt?.toISOString() ?? null })) },
      identities: found.identities,
      crm: { contactId: zoho.crmContactId, url: crmContactUrl(config.ZOHO_ACCOUNTS_URL, zoho.crmContactId), syncedAt: zoho.crmSyncedAt, status, lastError: job?.status === "dead" ? job.lastError : null, reason: status === "not_synced" ? notSyncedReason(job?.steps) : null, inventoryContactId: zoho.inventoryContactId },
      conversations: await listInbox(ctx.db, { customerId: params.id, limit: 50, offset: 0 }),
      quotations: found.quotations,
      analytics: await customerAnalyticsOf(ctx.db, params.id),
      orders: await customerOrderHistory(ctx.db, params.id, 100),
    };
  });
}
