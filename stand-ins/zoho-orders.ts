import { randomInt } from "node:crypto";
import { z } from "zod";
import type { JsonRequest, JsonResponse } from "./http";
import { parseZohoTime, zohoTime, type ZohoItem } from "./zoho-catalog";
import { loadHistory } from "./zoho-history";

/**
 * Zoho Inventory contacts and sales orders for the Zoho stand-in: what the agent writes when a
 * customer orders (find or create the contact, create the sales order, fetch its PDF). Wire formats
 * are Zoho's; line items must name items of the stand-in's catalog. Stock is left alone: in Zoho a
 * confirmed sales order only commits stock, stock on hand moves with shipments, which are not modelled.
 */
export interface ZohoContact {
  contact_id: string;
  contact_name: string;
  company_name: string;
  contact_type: "customer" | "vendor";
  email: string;
  phone: string;
  mobile: string;
  billing_address?: Record<string, unknown>;
  shipping_address?: Record<string, unknown>;
  notes: string;
  status: "active";
  created_time: string;
  last_modified_time: string;
}

export interface ZohoSalesOrderLine {
  line_item_id: string;
  item_id: string;
  name: string;
  sku: string;
  description: string;
  rate: number;
  quantity: number;
  tax_percentage: number;
  item_total: number;
}

export interface ZohoSalesOrder {
  salesorder_id: string;
  salesorder_number: string;
  reference_number: string;
  customer_id: string;
  customer_name: string;
  /** Orders we create are confirmed; a loaded history also holds drafts, voids and closed ones. */
  status: "confirmed" | "draft" | "void" | "fulfilled" | "closed";
  date: string;
  shipment_date: string;
  notes: string;
  line_items: ZohoSalesOrderLine[];
  sub_total: number;
  tax_total: number;
  total: number;
  currency_code: "AED";
  created_time: string;
  last_modified_time: string;
}

export interface ZohoOrders {
  /**
   * The handler of a contacts or sales-orders request, or undefined when none matches. Resolved
   * before the caller checks auth, so unknown routes stay 404s recorded as unexpected.
   */
  route(request: JsonRequest): (() => JsonResponse) | undefined;
  /** `GET /__control/contacts` and `GET /__control/salesorders`. */
  control(request: JsonRequest): JsonResponse | undefined;
  /** Forgets contacts and sales orders (numbering goes on: Zoho never reuses an SO number). */
  clear(): void;
}

const address = z.record(z.string(), z.unknown());
const contactBodySchema = z.object({
  contact_name: z.string(),
  company_name: z.string().optional(),
  contact_type: z.enum(["customer", "vendor"]).optional(),
  email: z.string().optional(),
  phone: z.string().optional(),
  mobile: z.string().optional(),
  billing_address: address.optional(),
  shipping_address: address.optional(),
  notes: z.string().optional(),
});

const isoDate = z.string().refine((text) => /^\d{4}-\d{2}-\d{2}$/.test(text) && new Date(`${text}T00:00:00Z`).toISOString().startsWith(text));
const zohoIdValue = z.union([z.string().min(1), z.number()]);
const lineBodySchema = z.object({
  item_id: zohoIdValue,
  quantity: z.number().positive(),
  // Zoho uses the item's rate when a line gives none.
  rate: z.number().min(0).optional(),
  name: z.string().optional(),
  description: z.string().optional(),
  tax_percentage: z.number().min(0).max(100).optional(),
});
const salesOrderBodySchema = z.object({
  customer_id: zohoIdValue,
  reference_number: z.string().max(50).optional(),
  date: isoDate.optional(),
  shipment_date: isoDate.optional(),
  notes: z.string().optional(),
  line_items: z.array(lineBodySchema).min(1),
});

const zohoError = (status: number, code: number, message: string): JsonResponse => ({ status, body: { code, message } });
/** Zoho names the offending field; item_id gets code 2 like other unknown ids, the rest code 4. */
const invalidField = (field: string) => zohoError(400, field === "item_id" ? 2 : 4, `Invalid value passed for ${field}`);
const firstIssueField = (error: z.ZodError, fallback: string) =>
  [...(error.issues[0]?.path ?? [])].reverse().find((key): key is string => typeof key === "string") ?? fallback;

export function createZohoOrders(items: ReadonlyMap<string, ZohoItem>): ZohoOrders {
  const contacts = new Map<string, ZohoContact>();
  const salesOrders = new Map<string, ZohoSalesOrder>();
  const contactIds = zohoIds("4815");
  const orderIds = zohoIds("4816");
  const lineIds = zohoIds("4817");
  let orderNumber = 0;

  const listContacts = (query: URLSearchParams): JsonResponse => {
    const phone = query.get("phone_contains");
    const phoneDigits = phone === null ? undefined : digits(phone);
    const name = query.get("contact_name")?.trim().toLowerCase();
    const type = query.get("contact_type");
    const since = modifiedSince(query);
    if (Number.isNaN(since)) return zohoError(400, 2, "Invalid value passed for last_modified_time");
    const list = [...contacts.values()]
      .filter((c) => phoneDigits === undefined || digits(c.phone).includes(phoneDigits) || digits(c.mobile).includes(phoneDigits))
      .filter((c) => name === undefined || c.contact_name.toLowerCase() === name)
      .filter((c) => type === null || c.contact_type === type)
      .filter((c) => since === undefined || parseZohoTime(c.last_modified_time) >= since)
      .sort(
        query.get("sort_column") === "created_time"
          ? (a, b) => parseZohoTime(a.created_time) - parseZohoTime(b.created_time) || a.contact_id.localeCompare(b.contact_id)
          : (a, b) => a.contact_name.localeCompare(b.contact_name) || a.contact_id.localeCompare(b.contact_id),
      )
      .map(({ contact_id, contact_name, company_name, contact_type, phone, mobile, email, status, created_time, last_modified_time }) => ({
        contact_id,
        contact_name,
        company_name,
        contact_type,
        phone,
        mobile,
        email,
        status,
        created_time,
        last_modified_time,
      }));
    return paged(query, "contacts", list);
  };

  const createContact = (request: JsonRequest): JsonResponse => {
    if (!isObject(request.body)) return invalidField("JSONString");
    const body = request.body;
    if (typeof body.contact_name !== "string" || body.contact_name.trim() === "") return zohoError(400, 4, "Please enter the contact name.");
    const parsed = contactBodySchema.safeParse(body);
    if (!parsed.success) return invalidField(firstIssueField(parsed.error, "JSONString"));
    const given = parsed.data;
    const name = given.contact_name.trim();
    for (const existing of contacts.values()) {
      if (existing.contact_name.toLowerCase() === name.toLowerCase()) return zohoError(400, 3062, `The customer "${name}" already exists.`);
    }
    const now = zohoTime(new Date());
    const contact: ZohoContact = {
      contact_id: contactIds(),
      contact_name: name,
      company_name: given.company_name ?? "",
      contact_type: given.contact_type ?? "customer",
      email: given.email ?? "",
      phone: given.phone ?? "",
      mobile: given.mobile ?? "",
      ...(given.billing_address && { billing_address: given.billing_address }),
      ...(given.shipping_address && { shipping_address: given.shipping_address }),
      notes: given.notes ?? "",
      status: "active",
      created_time: now,
      last_modified_time: now,
    };
    contacts.set(contact.contact_id, contact);
    return { status: 201, body: { code: 0, message: "The contact has been added.", contact } };
  };

  const listSalesOrders = (query: URLSearchParams): JsonResponse => {
    const reference = query.get("reference_number");
    const since = modifiedSince(query);
    if (Number.isNaN(since)) return zohoError(400, 2, "Invalid value passed for last_modified_time");
    const filtered = [...salesOrders.values()]
      .filter((order) => reference === null || order.reference_number === reference)
      .filter((order) => since === undefined || parseZohoTime(order.last_modified_time) >= since);
    // Newest first, as Zoho lists them, unless asked for oldest created first.
    const ordered = query.get("sort_column") === "created_time" && query.get("sort_order") === "A" ? filtered : filtered.reverse();
    const list = ordered
      .map(({ salesorder_id, salesorder_number, reference_number, customer_id, customer_name, status, date, total, currency_code, last_modified_time }) => ({
        salesorder_id,
        salesorder_number,
        reference_number,
        customer_id,
        customer_name,
        status,
        date,
        total,
        currency_code,
        last_modified_time,
      }));
    return paged(query, "salesorders", list);
  };

  const createSalesOrder = (request: JsonRequest): JsonResponse => {
    if (!isObject(request.body)) return invalidField("JSONString");
    const parsed = salesOrderBodySchema.safeParse(request.body);
    if (!parsed.success) return invalidField(firstIssueField(parsed.error, "JSONString"));
    const given = parsed.data;
    const customer = contacts.get(String(given.customer_id));
    if (!customer) return invalidField("customer_id");
    const lines: ZohoSalesOrderLine[] = [];
    let taxTotal = 0;
    for (const line of given.line_items) {
      const item = items.get(String(line.item_id));
      if (!item) return invalidField("item_id");
      const rate = line.rate ?? item.rate;
      if (typeof rate !== "number" || !Number.isFinite(rate) || rate < 0) return invalidField("rate");
      const itemTotal = round2(rate * line.quantity);
      const taxPercentage = line.tax_percentage ?? 0;
      taxTotal += round2((itemTotal * taxPercentage) / 100);
      lines.push({
        line_item_id: lineIds(),
        item_id: String(line.item_id),
        name: String(item.name ?? ""),
        sku: String(item.sku ?? ""),
        description: line.description ?? String(item.description ?? ""),
        rate,
        quantity: line.quantity,
        tax_percentage: taxPercentage,
        item_total: itemTotal,
      });
    }
    const subTotal = round2(lines.reduce((sum, line) => sum + line.item_total, 0));
    const now = new Date();
    const order: ZohoSalesOrder = {
      salesorder_id: orderIds(),
      salesorder_number: `SO-${String(++orderNumber).padStart(5, "0")}`,
      reference_number: given.reference_number ?? "",
      customer_id: customer.contact_id,
      customer_name: customer.contact_name,
      status: "confirmed",
      date: given.date ?? now.toISOString().slice(0, 10),
      shipment_date: given.shipment_date ?? "",
      notes: given.notes ?? "",
      line_items: lines,
      sub_total: subTotal,
      tax_total: round2(taxTotal),
      total: round2(subTotal + taxTotal),
      currency_code: "AED",
      created_time: zohoTime(now),
      last_modified_time: zohoTime(now),
    };
    salesOrders.set(order.salesorder_id, order);
    return { status: 201, body: { code: 0, message: "Sales Order has been created.", salesorder: order } };
  };

  const getSalesOrder = (id: string, query: URLSearchParams): JsonResponse => {
    const order = salesOrders.get(id);
    if (!order) return zohoError(404, 1002, "Sales Order does not exist.");
    if (query.get("accept") === "pdf") {
      return {
        status: 200,
        body: null,
        raw: salesOrderPdf(order),
        headers: { "content-type": "application/pdf", "content-disposition": `inline; filename="${order.salesorder_number}.pdf"` },
      };
    }
    return { status: 200, body: { code: 0, message: "success", salesorder: order } };
  };

  return {
    route(request) {
      const { method, path } = request;
      if (path === "/inventory/v1/contacts") {
        if (method === "GET") return () => listContacts(request.query);
        if (method === "POST") return () => createContact(request);
      }
      if (path === "/inventory/v1/salesorders") {
        if (method === "GET") return () => listSalesOrders(request.query);
        if (method === "POST") return () => createSalesOrder(request);
      }
      const orderMatch = /^\/inventory\/v1\/salesorders\/([^/]+)$/.exec(path);
      if (orderMatch && method === "GET") return () => getSalesOrder(decodeURIComponent(orderMatch[1]!), request.query);
      return undefined;
    },
    control(request) {
      if (request.method === "POST" && request.path === "/__control/history") return loadHistory(request.body, contacts, salesOrders);
      if (request.method !== "GET") return undefined;
      if (request.path === "/__control/contacts") return { status: 200, body: { contacts: [...contacts.values()] } };
      if (request.path === "/__control/salesorders") {
        const reference = request.query.get("reference_number");
        const list = [...salesOrders.values()].filter((order) => reference === null || order.reference_number === reference);
        return { status: 200, body: { salesorders: list } };
      }
      return undefined;
    },
    clear() {
      contacts.clear();
      salesOrders.clear();
    },
  };
}

/** Zoho-like 19-digit ids: a 4-digit prefix per kind, then a counter from a random start (unique across restarts in practice). */
export function zohoIds(prefix: string): () => string {
  let next = BigInt(prefix) * 10n ** 15n + BigInt(randomInt(0, 100_000_000_000)) * 1000n;
  return () => String(++next);
}

/** One page of a list in Zoho's shape; page and per_page are validated as for items. */
function paged(query: URLSearchParams, key: string, list: unknown[]): JsonResponse {
  const page = positiveInt(query.get("page") ?? "1");
  if (page === undefined) return zohoError(400, 2, "Invalid value passed for page");
  const perPage = positiveInt(query.get("per_page") ?? "200");
  if (perPage === undefined || perPage > 200) return zohoError(400, 2, "Invalid value passed for per_page");
  const start = (page - 1) * perPage;
  return {
    status: 200,
    body: { code: 0, message: "success", [key]: list.slice(start, start + perPage), page_context: { page, per_page: perPage, has_more_page: start + perPage < list.length } },
  };
}

/** `last_modified_time` filter: undefined when absent, NaN when unreadable. */
function modifiedSince(query: URLSearchParams): number | undefined {
  const text = query.get("last_modified_time");
  return text === null ? undefined : parseZohoTime(text);
}

function positiveInt(text: string): number | undefined {
  return /^\d+$/.test(text) && Number(text) >= 1 ? Number(text) : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function digits(text: string): string {
  return text.replace(/\D/g, "");
}

function round2(value: number): number {
  return Math.round((value + Number.EPSILON) * 100) / 100;
}

// --- The sales order PDF -------------------------------------------------------------------------

const PAGE_WIDTH = 595; // A4 in points
const PAGE_HEIGHT = 842;
const MAX_ROWS = 30;
/** Helvetica glyph widths (1/1000 em) for the characters of formatted amounts, to right-align them. */
const AMOUNT_WIDTHS: Record<string, number> = { ".": 278, ",": 278, "-": 333, " ": 278 };
/** WinAnsi codes of the common characters outside Latin-1; anything else outside it prints as "?". */
const WIN_ANSI: Record<string, number> = { "€": 0x80, "…": 0x85, "‘": 0x91, "’": 0x92, "“": 0x93, "”": 0x94, "•": 0x95, "–": 0x96, "—": 0x97 };

/**
 * A one-page PDF of the sales order, built by hand with the standard Helvetica fonts (no embedded
 * font, so text outside WinAnsi, Arabic included, prints as "?"; the document title keeps it as
 * UTF-16). Enough for clients to fetch, store and forward it, and for tests to read it with pdftotext.
 */
export function salesOrderPdf(order: ZohoSalesOrder): Buffer {
  const ops: string[] = [];
  const text = (x: number, y: number, value: string, size = 10, bold = false) =>
    ops.push(`BT /${bold ? "F2" : "F1"} ${size} Tf ${x} ${y} Td (${pdfString(value)}) Tj ET`);
  const amount = (right: number, y: number, value: string, size = 10, bold = false) =>
    text(right - amountWidth(value, size), y, value, size, bold);

  text(50, 790, "SALES ORDER", 20, true);
  text(50, 765, order.salesorder_number, 12, true);
  text(50, 740, `Customer: ${order.customer_name}`);
  text(50, 725, `Date: ${order.date}`);
  if (order.reference_number) text(50, 710, `Reference: ${order.reference_number}`);
  text(300, 740, `Status: ${order.status}`);
  text(300, 725, `Currency: ${order.currency_code}`);

  let y = 670;
  text(50, y, "Item", 10, true);
  amount(370, y, "Qty", 10, true);
  amount(460, y, "Rate", 10, true);
  amount(545, y, "Amount", 10, true);
  ops.push(`0.5 w 50 ${y - 6} m 545 ${y - 6} l S`);
  const shown = order.line_items.length > MAX_ROWS ? order.line_items.slice(0, MAX_ROWS - 1) : order.line_items;
  for (const line of shown) {
    y -= 18;
    text(50, y, truncate(line.name, 48));
    amount(370, y, String(line.quantity));
    amount(460, y, line.rate.toFixed(2));
    amount(545, y, line.item_total.toFixed(2));
  }
  if (shown.length < order.line_items.length) {
    y -= 18;
    text(50, y, `... and ${order.line_items.length - shown.length} more lines`);
  }
  y -= 12;
  ops.push(`0.5 w 300 ${y} m 545 ${y} l S`);
  y -= 18;
  text(300, y, "Sub Total");
  amount(545, y, order.sub_total.toFixed(2));
  y -= 16;
  text(300, y, "Tax");
  amount(545, y, order.tax_total.toFixed(2));
  y -= 20;
  text(300, y, `Total (${order.currency_code})`, 12, true);
  amount(545, y, order.total.toFixed(2), 12, true);

  const content = ops.join("\n");
  const title = `Sales Order ${order.salesorder_number} - ${order.customer_name}`;
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${PAGE_WIDTH} ${PAGE_HEIGHT}] /Resources << /Font << /F1 5 0 R /F2 6 0 R >> >> /Contents 4 0 R >>`,
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
    `<< /Title <FEFF${Buffer.from(title, "utf16le").swap16().toString("hex").toUpperCase()}> /Producer (Zoho stand-in) >>`,
  ];
  // Everything above is ASCII (pdfString escapes other bytes), so string lengths are byte offsets.
  let pdf = "%PDF-1.4\n";
  const offsets = objects.map((body, index) => {
    const offset = pdf.length;
    pdf += `${index + 1} 0 obj\n${body}\nendobj\n`;
    return offset;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) pdf += `${String(offset).padStart(10, "0")} 00000 n \n`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info 7 0 R >>\nstartxref\n${xref}\n%%EOF`;
  return Buffer.from(pdf, "ascii");
}

/** A PDF literal string in WinAnsi, ASCII only: parentheses and backslashes escaped, other bytes as octal. */
function pdfString(value: string): string {
  let out = "";
  for (const char of value) {
    const code = WIN_ANSI[char] ?? char.codePointAt(0)!;
    if (char === "(" || char === ")" || char === "\\") out += `\\${char}`;
    else if (code < 0x20) out += " ";
    else if (code < 0x7f) out += char;
    else if (code >= 0xa0 && code <= 0xff) out += `\\${code.toString(8)}`;
    else if (WIN_ANSI[char] !== undefined) out += `\\${code.toString(8)}`;
    else out += "?";
  }
  return out;
}

function amountWidth(value: string, size: number): number {
  let width = 0;
  for (const char of value) width += AMOUNT_WIDTHS[char] ?? (/[0-9]/.test(char) ? 556 : 600);
  return (width * size) / 1000;
}

function truncate(value: string, max: number): string {
  const chars = [...value];
  return chars.length <= max ? value : `${chars.slice(0, max - 3).join("")}...`;
}
