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

export const exportsContract = contracts({
  exportCustomers: exportRoute("customers", "Customers as CSV (streamed)"),
  exportConversations: exportRoute("conversations", "Conversations as CSV (streamed)"),
  exportQuotations: exportRoute("quotations", "Quotations as CSV (streamed)"),
  exportOrders: exportRoute("orders", "Sale orders as CSV (streamed)"),
});
