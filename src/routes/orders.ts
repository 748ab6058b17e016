import { withDatabase } from "../adapters/db/client";
import { listCrmContacts, listCrmDeals } from "../adapters/db/crm-repo";
import { getQuotation, listSaleOrders, quotationTransitionsOf } from "../adapters/db/quotations-repo";
import { listJobs } from "../adapters/db/zoho-jobs-repo";
import { zohoConfigured, zohoInventory } from "../adapters/zoho/gateway";
import { salesOrderPdf } from "../adapters/zoho/sales";
import type { App } from "../app";
import { getConfig } from "../config";
import { ApiError } from "../errors";
import { describeError, log } from "../lib/log";
import { listQuotations } from "../adapters/db/inbox-repo";
import { ordersContract as contract } from "../staff/contract/orders";
import { staffRoute } from "../staff/route";
import { replayJob } from "../staff/services/operations";
import { documentLinkValid, quotationHtml } from "../orders/document";
import { uuidParam } from "./params";

/**
 * Orders and CRM as managers see them: sale orders made from confirmed quotations, quotations with
 * their recorded transitions, what was synced to Zoho CRM, and the Zoho write jobs, including the
 * dead-letter ones, which can be replayed. The quotation document link is the only route here
 * without staff authentication: Wazzup fetches it, so it is signed instead.
 */
export function registerOrders(app: App): void {
  staffRoute(app, contract.listSaleOrders, async ({ ctx, query }) => {
    const saleOrders = await listSaleOrders(ctx.db, { status: query.status, limit: query.limit, ...(query.before ? { before: new Date(query.before) } : {}) });
    const last = saleOrders[saleOrders.length - 1];
    return { saleOrders, nextBefore: saleOrders.length === query.limit && last?.confirmedAt ? last.confirmedAt.toISOString() : null };
  });

  staffRoute(app, contract.listQuotations, async ({ ctx, query }) => listQuotations(ctx.db, { state: query.state, limit: query.limit, before: query.before ? new Date(query.before) : undefined }));

  staffRoute(app, contract.getQuotation, async ({ ctx, params }) => {
    const quotation = await getQuotation(ctx.db, params.id);
    if (!quotation) throw new ApiError(404, "NOT_FOUND", `No quotation ${params.id}`);
    return { quotation, transitions: await quotationTransitionsOf(ctx.db, params.id), jobs: await listJobs(ctx.db, { subjectId: params.id, limit: 50 }) };
  });

  app.get("/api/v1/quotations/:id/document", async (c) => {
    const id = uuidParam(c.req.param("id"), "Quotation id");
    const config = getConfig(c.env);
    if (!(await documentLinkValid(config, id, c.req.query("sig") ?? ""))) throw new ApiError(403, "FORBIDDEN", "This document link is not valid");
    const quotation = await withDatabase(config, (db) => getQuotation(db, id));
    if (!quotation) throw new ApiError(404, "NOT_FOUND", "No such quotation");
    // Zoho's own PDF of the sale order when there is one; our rendering when there is none or Zoho cannot be reached.
    if (quotation.zohoSalesorderId && zohoConfigured(config)) {
      try {
        const pdf = await salesOrderPdf(zohoInventory(c.env, config), quotation.zohoSalesorderId);
        return c.body(pdf, 200, { "content-type": "application/pdf", "content-disposition": `inline; filename="${quotation.zohoSalesorderNumber ?? quotation.number}.pdf"`, "cache-control": "private, max-age=300" });
      } catch (error) {
        log("warn", "quotation.document_pdf_failed", { quotation: quotation.number, ...describeError(error) });
      }
    }
    return c.body(quotationHtml(quotation, quotation.zohoSalesorderNumber), 200, {
      "content-type": "text/html; charset=utf-8",
      "content-disposition": `inline; filename="${quotation.number}.html"`,
      "cache-control": "private, max-age=60",
    });
  });

  staffRoute(app, contract.listCrmContacts, async ({ ctx, query }) => ({ contacts: await listCrmContacts(ctx.db, query.limit) }));

  staffRoute(app, contract.listCrmDeals, async ({ ctx, query }) => ({ deals: await listCrmDeals(ctx.db, query.limit) }));

  staffRoute(app, contract.listJobs, async ({ ctx, query }) => ({ jobs: await listJobs(ctx.db, query) }));

  staffRoute(app, contract.replayJob, async ({ c, ctx, params }) => ({ job: await replayJob(ctx, c.env, params.id) }));
}
