import { z } from "zod";
import type { ZohoInventoryClient } from "./client";
import { ZohoError } from "./errors";

/** Zoho ids arrive as numbers or strings depending on the endpoint; we keep strings. */
const zohoId = z.union([z.string().min(1), z.number()]).transform(String);

const contactSchema = z.object({ contact_id: zohoId, contact_name: z.string() }).passthrough();
const contactsPageSchema = z.object({ contacts: z.array(contactSchema) }).passthrough();
const createdContactSchema = z.object({ contact: contactSchema }).passthrough();

const salesOrderSchema = z
  .object({
    salesorder_id: zohoId,
    salesorder_number: z.string().min(1),
    reference_number: z.string().nullish(),
    total: z.number().optional(),
  })
  .passthrough();
const fetchedSalesOrderSchema = z.object({ salesorder: salesOrderSchema.extend({ total: z.number() }) }).passthrough();
const taxSchema = z
  .object({
    tax_id: zohoId,
    tax_name: z.string(),
    tax_percentage: z.number(),
    tax_type: z.string().optional(),
    is_default_tax: z.boolean().optional(),
    status: z.string().optional(),
  })
  .passthrough();
const taxesPageSchema = z.object({ taxes: z.array(taxSchema) }).passthrough();
const salesOrdersPageSchema = z.object({ salesorders: z.array(salesOrderSchema) }).passthrough();
const createdSalesOrderSchema = z.object({ salesorder: salesOrderSchema }).passthrough();

export interface InventoryContactInput {
  contactName: string;
  companyName?: string | undefined;
  email?: string | undefined;
  /** E.164 without the plus, as WhatsApp gives it; null when the customer's channel did not tell it. */
  phone: string | null;
  city?: string | undefined;
  /** What tells two same-named contacts apart when there is no phone number (the quotation number). */
  reference: string;
}

export interface SalesOrderInput {
  customerId: string;
  referenceNumber: string;
  date: string;
  lineItems: { itemId: string; name: string; quantity: number; rate: number; taxId?: string | undefined }[];
  /** Delivery, added by Zoho to the order's total. */
  shippingCharge?: number | undefined;
  notes?: string;
  city?: string | undefined;
}

export interface CreatedSalesOrder {
  salesorderId: string;
  salesorderNumber: string;
  /** The total Zoho computed (tax and shipping included), when its answer carried one. */
  total?: number | undefined;
}

export interface ZohoTax {
  taxId: string;
  name: string;
  percentage: number;
  isDefault: boolean;
}

/** The organisation's taxes (Settings → Taxes): ids the sale order's lines refer to. */
export async function listTaxes(client: ZohoInventoryClient): Promise<ZohoTax[]> {
  const body = await client.call("GET", "/settings/taxes", { per_page: "200" }, taxesPageSchema);
  return body.taxes
    .filter((tax) => tax.status === undefined || tax.status === "active")
    .map((tax) => ({ taxId: tax.tax_id, name: tax.tax_name, percentage: tax.tax_percentage, isDefault: tax.is_default_tax === true }));
}

/** A sale order as Zoho holds it now (its total after any edit). */
export async function getSalesOrder(client: ZohoInventoryClient, salesorderId: string): Promise<CreatedSalesOrder & { total: number }> {
  const body = await client.call("GET", `/salesorders/${encodeURIComponent(salesorderId)}`, {}, fetchedSalesOrderSchema);
  return { salesorderId: body.salesorder.salesorder_id, salesorderNumber: body.salesorder.salesorder_number, total: body.salesorder.total };
}

/** Zoho's code for a contact name already taken (contact names are unique in an organization). */
const CONTACT_NAME_EXISTS = 3062;

/** The Inventory contact with this mobile number, if Zoho has one. */
export async function findContactByPhone(client: ZohoInventoryClient, phone: string): Promise<{ contactId: string; contactName: string } | null> {
  const digits = internationalDigits(phone);
  // Zoho filters on a substring; the last nine digits survive every way people write a UAE number
  // (+971 50…, 050…, 00971…). The whole number must then match: +966 50 123 4567 is someone else.
  const body = await client.call("GET", "/contacts", { phone_contains: digits.slice(-9), contact_type: "customer", per_page: "25" }, contactsPageSchema);
  const match = body.contacts.find((contact) => [contact.phone, contact.mobile].some((value) => typeof value === "string" && internationalDigits(value) === digits));
  return match ? { contactId: match.contact_id, contactName: match.contact_name } : null;
}

/** Digits of a phone number in international form: 00971…, +971… and a UAE 05… all become 9715…. */
export function internationalDigits(phone: string): string {
  const digits = phone.replace(/\D/g, "");
  if (digits.startsWith("00")) return digits.slice(2);
  if (digits.startsWith("0")) return `971${digits.slice(1)}`;
  return digits;
}

/**
 * Creates the customer's Inventory contact. Contact names are unique in Zoho, and two customers
 * can share a name or company, so a taken name is retried once with the phone number added.
 */
export async function createContact(client: ZohoInventoryClient, input: InventoryContactInput): Promise<{ contactId: string; contactName: string }> {
  const base = (input.companyName ?? input.contactName).slice(0, 180);
  const body = (contactName: string) => ({
    contact_name: contactName,
    contact_type: "customer",
    ...(input.companyName ? { company_name: input.companyName } : {}),
    ...(input.email ? { email: input.email } : {}),
    ...(input.phone ? { phone: `+${input.phone}`, mobile: `+${input.phone}` } : {}),
    ...(input.city ? { billing_address: { city: input.city, country: "U.A.E." }, shipping_address: { city: input.city, country: "U.A.E." } } : {}),
    notes: `${input.phone ? "WhatsApp" : "Telegram"} customer; contact person ${input.contactName}`,
  });
  try {
    const created = await client.call("POST", "/contacts", {}, createdContactSchema, body(base));
    return { contactId: created.contact.contact_id, contactName: created.contact.contact_name };
  } catch (error) {
    if (!(error instanceof ZohoError) || error.details.code !== CONTACT_NAME_EXISTS) throw error;
    const created = await client.call("POST", "/contacts", {}, createdContactSchema, body(`${base} (${input.phone ? `+${input.phone}` : input.reference})`));
    return { contactId: created.contact.contact_id, contactName: created.contact.contact_name };
  }
}

/** A sale order already made for this reference (our quotation number), if any. */
export async function findSalesOrderByReference(client: ZohoInventoryClient, reference: string): Promise<CreatedSalesOrder | null> {
  const body = await client.call("GET", "/salesorders", { reference_number: reference, per_page: "10" }, salesOrdersPageSchema);
  const match = body.salesorders.find((order) => order.reference_number === reference);
  return match ? { salesorderId: match.salesorder_id, salesorderNumber: match.salesorder_number } : null;
}

export async function createSalesOrder(client: ZohoInventoryClient, input: SalesOrderInput): Promise<CreatedSalesOrder> {
  const created = await client.call("POST", "/salesorders", {}, createdSalesOrderSchema, {
    customer_id: input.customerId,
    reference_number: input.referenceNumber,
    date: input.date,
    line_items: input.lineItems.map((line) => ({
      item_id: line.itemId,
      name: line.name,
      quantity: line.quantity,
      rate: line.rate,
      ...(line.taxId ? { tax_id: line.taxId } : {}),
    })),
    ...(input.shippingCharge ? { shipping_charge: input.shippingCharge } : {}),
    ...(input.notes ? { notes: input.notes } : {}),
    ...(input.city ? { shipping_address: { city: input.city, country: "U.A.E." } } : {}),
  });
  return { salesorderId: created.salesorder.salesorder_id, salesorderNumber: created.salesorder.salesorder_number, total: created.salesorder.total };
}

/** Zoho's own PDF of a sale order (its template, the retailer's branding). */
export async function salesOrderPdf(client: ZohoInventoryClient, salesorderId: string): Promise<ArrayBuffer> {
  const { bytes } = await client.fetchBinary(`/salesorders/${encodeURIComponent(salesorderId)}`, { accept: "pdf" });
  return bytes;
}
