import { z } from "zod";
import { contracts, idParams, row, timestamp } from "./types";

const limit = z.coerce.number().int().min(1).max(200).default(50);
export const QUOTATION_STATES = ["draft", "shown", "confirmed", "ordered", "failed", "cancelled"] as const;
export const JOB_KINDS = ["sale-order", "crm-contact", "crm-deal", "crm-lead"] as const;

const quotation = row({ id: z.uuid(), number: z.string(), state: z.enum(QUOTATION_STATES), conversationId: z.uuid(), totalAed: z.string(), updatedAt: timestamp });
const job = row({ id: z.string(), kind: z.enum(JOB_KINDS), status: z.string() });

export const ordersContract = contracts({
  listSaleOrders: {
    method: "get", path: "/api/v1/inventory/sale-orders", tag: "orders", permission: "staff.read", summary: "Sale orders made from confirmed quotations",
    query: z.object({ status: z.enum(["pending", "created", "failed", "cancelled"]).optional(), limit, before: z.iso.datetime({ offset: true }).optional() }),
    response: z.object({ saleOrders: z.array(row({ quotationId: z.uuid(), documentPath: z.string().nullable().describe("the signed quotation document (Zoho's PDF once the sale order exists), relative to the API's origin") })), nextBefore: timestamp.nullable() }),
  },
  listQuotations: {
    method: "get", path: "/api/v1/quotations", tag: "orders", permission: "staff.read", summary: "Every quotation in any state, most recently changed first",
    query: z.object({ state: z.enum(QUOTATION_STATES).optional(), limit, before: z.iso.datetime({ offset: true }).optional().describe("the previous page's nextBefore") }),
    response: z.object({ quotations: z.array(quotation), nextBefore: timestamp.nullable() }),
  },
  getQuotation: {
    method: "get", path: "/api/v1/quotations/:id", tag: "orders", permission: "staff.read", summary: "A quotation with its transitions and Zoho jobs", params: idParams,
    response: z.object({ quotation, transitions: z.array(row({ toState: z.string() })), jobs: z.array(job) }),
  },
  listCrmContacts: { method: "get", path: "/api/v1/crm/contacts", tag: "orders", permission: "staff.read", summary: "Customers synced to Zoho CRM", query: z.object({ limit }), response: z.object({ contacts: z.array(row({})) }) },
  listCrmDeals: { method: "get", path: "/api/v1/crm/deals", tag: "orders", permission: "staff.read", summary: "Deals in Zoho CRM", query: z.object({ limit }), response: z.object({ deals: z.array(row({})) }) },
  listJobs: {
    method: "get", path: "/api/v1/admin/zoho-jobs", tag: "orders", permission: "staff.read", summary: "Zoho write jobs, including dead ones",
    query: z.object({ status: z.enum(["queued", "running", "succeeded", "dead"]).optional(), kind: z.enum(JOB_KINDS).optional(), limit }),
    response: z.object({ jobs: z.array(job) }),
  },
  replayJob: {
    method: "post", path: "/api/v1/admin/zoho-jobs/:id/replay", tag: "orders", permission: "jobs.replay", status: 202, summary: "Replay a dead Zoho job",
    params: z.object({ id: z.string().min(1).max(200).regex(/^(sale-order|crm-contact|crm-deal|crm-lead):[0-9a-f-]{36}(:[\w-]+)*$/, "expected <kind>:<uuid>[:...]") }),
    response: z.object({ job }),
  },
});
