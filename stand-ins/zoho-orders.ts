import { randomInt } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { z } from "zod";
import type { JsonRequest, JsonResponse } from "./http";
import { salesOrderPdf } from "./zoho-order-pdf";
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
  tax_id: string;
  tax_name: string;
  tax_percentage: number;
  item_total: number;
}

/** An entry of the organisation's taxes list (`GET /inventory/v1/settings/taxes`). */
export interface ZohoTax {
  tax_id: string;
  tax_name: string;
  tax_percentage: number;
  tax_type: "tax";
  is_value_added: boolean;
  is_default_tax: boolean;
  status: "active";
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
  /** One entry per tax applied: its amount on the sum of the lines it applies to, rounded once. */
  taxes: { tax_id: string; tax_name: string; tax_amount: number }[];
  shipping_charge: number;
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
  /** `GET /__control/contacts`, `GET /__control/salesorders`, `GET /__control/taxes` and `PUT /__control/taxes/:id` ({ tax_percentage }). */
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
  tax_id: zohoIdValue.optional(),
});
const salesOrderBodySchema = z.object({
  customer_id: zohoIdValue,
  reference_number: z.string().max(50).optional(),
  date: isoDate.optional(),
  shipment_date: isoDate.optional(),
  notes: z.string().optional(),
  shipping_charge: z.number().min(0).optional(),
  line_items: z.array(lineBodySchema).min(1),
});

const zohoError = (status: number, code: number, message: string): JsonResponse => ({ status, body: { code, message } });
/** Zoho names the offending field; item_id gets code 2 like other unknown ids, the rest code 4. */
const invalidField = (field: string) => zohoError(400, field === "item_id" ? 2 : 4, `Invalid value passed for ${field}`);
const firstIssueField = (error: z.ZodError, fallback: string) =>
  [...(error.issues[0]?.path ?? [])].reverse().find((key): key is string => typeof key === "string") ?? fallback;

export interface ZohoOrdersOptions {
  /**
   * Where the last sale-order number is kept, so a restarted stand-in goes on from it as Zoho
   * does (`npm start` keeps it in its state folder). Without it numbering starts at SO-00001.
   */
  salesOrderNumberFile?: string;
}

export function createZohoOrders(items: ReadonlyMap<string, ZohoItem>, options: ZohoOrdersOptions = {}): ZohoOrders {
  const contacts = new Map<string, ZohoContact>();
  const salesOrders = new Map<string, ZohoSalesOrder>();
  const contactIds = zohoIds("4815");
  const orderIds = zohoIds("4816");
  const lineIds = zohoIds("4817");
  let orderNumber = readOrderNumber(options.salesOrderNumberFile);
  const nextOrderNumber = () => {
    orderNumber++;
    if (options.salesOrderNumberFile) writeFileSync(options.salesOrderNumberFile, `${orderNumber}\n`);
    return `SO-${String(orderNumber).padStart(5, "0")}`;
  };
  // A UAE organisation's one tax: 5% VAT, the default.
  const vat: ZohoTax = { tax_id: zohoIds("4818")(), tax_name: "VAT", tax_percentage: 5, tax_type: "tax", is_value_added: true, is_default_tax: true, status: "active" };
  const taxes = new Map<string, ZohoTax>([[vat.tax_id, vat]]);

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
    for (const line of given.line_items) {
      const item = items.get(String(line.item_id));
      if (!item) return invalidField("item_id");
      const rate = line.rate ?? item.rate;
      if (typeof rate !== "number" || !Number.isFinite(rate) || rate < 0) return invalidField("rate");
      const tax = line.tax_id === undefined ? undefined : taxes.get(String(line.tax_id));
      if (line.tax_id !== undefined && !tax) return invalidField("tax_id");
      lines.push({
        line_item_id: lineIds(),
        item_id: String(line.item_id),
        name: String(item.name ?? ""),
        sku: String(item.sku ?? ""),
        description: line.description ?? String(item.description ?? ""),
        rate,
        quantity: line.quantity,
        tax_id: tax?.tax_id ?? "",
        tax_name: tax?.tax_name ?? "",
        tax_percentage: tax?.tax_percentage ?? line.tax_percentage ?? 0,
        item_total: round2(rate * line.quantity),
      });
    }
    const subTotal = round2(lines.reduce((sum, line) => sum + line.item_total, 0));
    // Tax per tax rate on the sum of the lines it applies to, rounded once (transaction-level rounding).
    const byTax = new Map<string, { tax_id: string; tax_name: string; percentage: number; taxable: number }>();
    for (const line of lines) {
      if (line.tax_percentage === 0) continue;
      const key = `${line.tax_id}|${line.tax_percentage}`;
      const entry = byTax.get(key) ?? { tax_id: line.tax_id, tax_name: line.tax_name, percentage: line.tax_percentage, taxable: 0 };
      entry.taxable += Math.round(line.item_total * 100);
      byTax.set(key, entry);
    }
    const orderTaxes = [...byTax.values()].map((t) => ({ tax_id: t.tax_id, tax_name: t.tax_name || `Tax (${t.percentage}%)`, tax_amount: Math.round((t.taxable * t.percentage) / 100) / 100 }));
    const taxTotal = round2(orderTaxes.reduce((sum, t) => sum + t.tax_amount, 0));
    const shipping = round2(given.shipping_charge ?? 0);
    const now = new Date();
    const order: ZohoSalesOrder = {
      salesorder_id: orderIds(),
      salesorder_number: nextOrderNumber(),
      reference_number: given.reference_number ?? "",
      customer_id: customer.contact_id,
      customer_name: customer.contact_name,
      status: "confirmed",
      date: given.date ?? now.toISOString().slice(0, 10),
      shipment_date: given.shipment_date ?? "",
      notes: given.notes ?? "",
      line_items: lines,
      sub_total: subTotal,
      tax_total: taxTotal,
      taxes: orderTaxes,
      shipping_charge: shipping,
      total: round2(subTotal + taxTotal + shipping),
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
      if (path === "/inventory/v1/settings/taxes" && method === "GET") return () => paged(request.query, "taxes", [...taxes.values()]);
      const orderMatch = /^\/inventory\/v1\/salesorders\/([^/]+)$/.exec(path);
      if (orderMatch && method === "GET") return () => getSalesOrder(decodeURIComponent(orderMatch[1]!), request.query);
      return undefined;
    },
    control(request) {
      const taxMatch = /^\/__control\/taxes\/([^/]+)$/.exec(request.path);
      if (request.method === "PUT" && taxMatch) {
        const tax = taxes.get(decodeURIComponent(taxMatch[1]!));
        const percentage = isObject(request.body) ? request.body.tax_percentage : undefined;
        if (!tax) return { status: 404, body: { error: "NO_SUCH_TAX" } };
        if (typeof percentage !== "number" || percentage < 0 || percentage > 100) return { status: 400, body: { error: "BAD_CONTROL_REQUEST", description: "tax_percentage: a number from 0 to 100" } };
        taxes.set(tax.tax_id, { ...tax, tax_percentage: percentage });
        return { status: 200, body: { tax: taxes.get(tax.tax_id) } };
      }
      if (request.method === "POST" && request.path === "/__control/history") return loadHistory(request.body, contacts, salesOrders);
      if (request.method !== "GET") return undefined;
      if (request.path === "/__control/taxes") return { status: 200, body: { taxes: [...taxes.values()] } };
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

function readOrderNumber(file: string | undefined): number {
  if (!file) return 0;
  try {
    const value = Number(readFileSync(file, "utf8").trim());
    return Number.isInteger(value) && value >= 0 ? value : 0;
  } catch {
    return 0;
  }
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
