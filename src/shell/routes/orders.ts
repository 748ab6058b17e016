import { listCrmContacts, listCrmDeals } from "../../adapters/db/crm-repo";
import { getQuotation, listSaleOrders, quotationTransitionsOf } from "../../adapters/db/quotations-repo";
import { listJobs } from "../../adapters/db/zoho-jobs-repo";
import type { App } from "../http-types";
import { ApiError } from "../../core/errors";
import { listQuotations } from "../../adapters/db/quotations-repo";
import { ordersContract as contract } from "../../core/staff/contract/orders";
import { staffRoute } from "../staff-route";
import { replayJob } from "../../app/staff/services/operations";
import { registerQuotationDocument } from "./quotation-document";
import { documentPath } from "../../app/orders/document";
import { servicesFor } from "../composition";

/**
 * Orders and CRM as managers see them: sale orders made from confirmed quotations, quotations with
 * their recorded transitions, what was synced to Zoho CRM, and the Zoho write jobs, including the
 * dead-letter ones, which can be replayed; and the signed quotation document (quotation-document.ts).
 */
export function registerOrders(app: App): void {
  staffRoute(app, contract.listSaleOrders, async ({ ctx, config, query }) => {
    const rows = await listSaleOrders(ctx.db, { status: query.status, limit: query.limit, ...(query.before ? { before: new Date(query.before) } : {}) });
    const saleOrders = await Promise.all(rows.map(async (row) => ({ ...row, documentPath: await documentPath(config, row.quotationId) })));
    const last = saleOrders[saleOrders.length - 1];
    return { saleOrders, nextBefore: saleOrders.length === query.limit && last?.confirmedAt ? last.confirmedAt.toISOString() : null };
  });

  staffRoute(app, contract.listQuotations, async ({ ctx, query }) => listQuotations(ctx.db, { state: query.state, limit: query.limit, before: query.before ? new Date(query.before) : undefined }));

  staffRoute(app, contract.getQuotation, async ({ ctx, params }) => {
    const quotation = await getQuotation(ctx.db, params.id);
    if (!quotation) throw new ApiError(404, "NOT_FOUND", `No quotation ${params.id}`);
    return { quotation, transitions: await quotationTransitionsOf(ctx.db, params.id), jobs: await listJobs(ctx.db, { subjectId: params.id, limit: 50 }) };
  });

  registerQuotationDocument(app);

  staffRoute(app, contract.listCrmContacts, async ({ ctx, query }) => ({ contacts: await listCrmContacts(ctx.db, query.limit) }));

  staffRoute(app, contract.listCrmDeals, async ({ ctx, query }) => ({ deals: await listCrmDeals(ctx.db, query.limit) }));

  staffRoute(app, contract.listJobs, async ({ ctx, query }) => ({ jobs: await listJobs(ctx.db, query) }));

  staffRoute(app, contract.replayJob, async ({ c, ctx, params }) => ({ job: await replayJob(ctx, servicesFor(c.env), params.id) }));
}
