import { z } from "zod";
import { withDatabase } from "../adapters/db/client";
import { listCrmContacts, listCrmDeals } from "../adapters/db/crm-repo";
import { getQuotation, listSaleOrders, quotationTransitionsOf } from "../adapters/db/quotations-repo";
import { listJobs } from "../adapters/db/zoho-jobs-repo";
import { zohoConfigured, zohoInventory } from "../adapters/zoho/gateway";
import { salesOrderPdf } from "../adapters/zoho/sales";
import type { App } from "../app";
import { getConfig } from "../config";
import { ApiError } from "../errors";
import { replayZohoJob } from "../jobs/zoho-jobs";
import { describeError, log } from "../lib/log";
import { tokenAuth } from "../middleware/token-auth";
import { documentLinkValid, quotationHtml } from "../orders/document";
import { parseQuery, uuidParam } from "./params";

const limit = z.coerce.number().int().min(1).max(200).default(50);
const saleOrdersQuery = z.object({
  status: z.enum(["pending", "created", "failed", "cancelled"]).optional(),
  limit,
  before: z.iso.datetime({ offset: true }).optional(),
});
const listQuery = z.object({ limit });
const jobsQuery = z.object({
  status: z.enum(["queued", "running", "succeeded", "dead"]).optional(),
  kind: z.enum(["sale-order", "crm-contact", "crm-deal", "crm-lead"]).optional(),
  limit,
});
const jobIdParam = z.string().min(1).max(200).regex(/^(sale-order|crm-contact|crm-deal|crm-lead):[0-9a-f-]{36}(:[\w-]+)*$/, "not a Zoho job id");

/**
 * Orders and CRM as managers see them: sale orders made from confirmed quotations, quotations with
 * their recorded transitions, what was synced to Zoho CRM, and the Zoho write jobs, including the
 * dead-letter ones, which can be replayed. The quotation document link is the only route here
 * without the admin token: Wazzup fetches it, so it is signed instead.
 */
export function registerOrders(app: App): void {
  const auth = tokenAuth({ setting: "ADMIN_API_TOKEN" });

  app.get("/api/v1/inventory/sale-orders", auth, async (c) => {
    const query = parseQuery(saleOrdersQuery, c.req.query());
    const config = getConfig(c.env);
    const saleOrders = await withDatabase(config, (db) => listSaleOrders(db, { status: query.status, limit: query.limit, ...(query.before ? { before: new Date(query.before) } : {}) }));
    const last = saleOrders[saleOrders.length - 1];
    return c.json({ saleOrders, nextBefore: saleOrders.length === query.limit && last?.confirmedAt ? last.confirmedAt.toISOString() : null });
  });

  app.get("/api/v1/quotations/:id", auth, async (c) => {
    const id = uuidParam(c.req.param("id"), "Quotation id");
    const config = getConfig(c.env);
    const found = await withDatabase(config, async (db) => {
      const quotation = await getQuotation(db, id);
      return quotation ? { quotation, transitions: await quotationTransitionsOf(db, id), jobs: await listJobs(db, { subjectId: id, limit: 50 }) } : null;
    });
    if (!found) throw new ApiError(404, "NOT_FOUND", `No quotation ${id}`);
    return c.json(found);
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

  app.get("/api/v1/crm/contacts", auth, async (c) => {
    const query = parseQuery(listQuery, c.req.query());
    const contacts = await withDatabase(getConfig(c.env), (db) => listCrmContacts(db, query.limit));
    return c.json({ contacts });
  });

  app.get("/api/v1/crm/deals", auth, async (c) => {
    const query = parseQuery(listQuery, c.req.query());
    const deals = await withDatabase(getConfig(c.env), (db) => listCrmDeals(db, query.limit));
    return c.json({ deals });
  });

  app.get("/api/v1/admin/zoho-jobs", auth, async (c) => {
    const query = parseQuery(jobsQuery, c.req.query());
    const jobs = await withDatabase(getConfig(c.env), (db) => listJobs(db, query));
    return c.json({ jobs });
  });

  app.post("/api/v1/admin/zoho-jobs/:id/replay", auth, async (c) => {
    const parsed = jobIdParam.safeParse(c.req.param("id"));
    if (!parsed.success) throw new ApiError(400, "VALIDATION_FAILED", "Invalid job id: expected <kind>:<uuid>[:...]");
    const result = await withDatabase(getConfig(c.env), (db) => replayZohoJob(c.env, db, parsed.data));
    if (!result.ok && result.reason === "not_found") throw new ApiError(404, "NOT_FOUND", `No Zoho job ${parsed.data}`);
    if (!result.ok) throw new ApiError(409, "CONFLICT", `Job ${parsed.data} is ${result.job?.status}; only dead jobs can be replayed`);
    return c.json({ job: result.job }, 202);
  });
}
