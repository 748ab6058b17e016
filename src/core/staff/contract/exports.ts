import { z } from "zod";
import { contracts } from "./types";

const range = z
  .object({
    from: z.iso.datetime({ offset: true }).optional().describe("rows at or after this time (customers, conversations, quotations: created; orders: ordered)"),
    to: z.iso.datetime({ offset: true }).optional().describe("rows before this time"),
  })
  .strict()
  .refine((q) => !q.from || !q.to || Date.parse(q.from) < Date.parse(q.to), { message: "from must be before to", path: ["from"] });

const csv = z.string().describe("CSV: UTF-8 with a byte-order mark, RFC 4180, formula-like text cells neutralised with a leading apostrophe");

const exportRoute = (name: string, summary: string) =>
  ({ method: "get", path: `/api/v1/export/${name}.csv`, tag: "exports", permission: "data.export", summary, query: range, response: csv, contentType: "text/csv" }) as const;

const digest = z.object({ day: z.string(), trigger: z.enum(["scheduled", "manual"]), text: z.string(), figures: z.record(z.string(), z.unknown()), recipients: z.number().int(), sentAt: z.string() });

export const templatesContract = contracts({
  listTemplates: {
    method: "get", path: "/api/v1/admin/templates", tag: "settings", permission: "staff.read", summary: "The WhatsApp templates Wazzup lists (GET /v3/templates/whatsapp), to choose the follow-up and back-in-stock templates",
    response: z.object({ templates: z.array(z.object({ id: z.string(), title: z.string(), language: z.string().nullable(), status: z.string().nullable(), body: z.string() })) }),
  },
});

export const digestContract = contracts({
  sendDigest: {
    method: "post", path: "/api/v1/admin/digest", tag: "digest", permission: "digest.send", summary: "Send the managers' daily digest (yesterday's figures) now",
    body: z.object({}).strict(), response: z.object({ day: z.string(), text: z.string(), recipients: z.number().int() }),
  },
  getDigest: { method: "get", path: "/api/v1/admin/digest", tag: "digest", permission: "staff.read", summary: "The last digest sent", response: z.object({ digest: digest.nullable() }) },
});

export const exportsContract = contracts({
  exportCustomers: exportRoute("customers", "Customers as CSV (streamed)"),
  exportConversations: exportRoute("conversations", "Conversations as CSV (streamed)"),
  exportQuotations: exportRoute("quotations", "Quotations as CSV (streamed)"),
  exportOrders: exportRoute("orders", "Sale orders as CSV (streamed)"),
});
