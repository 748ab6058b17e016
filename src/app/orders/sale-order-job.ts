import { inArray } from "drizzle-orm";
import type { Database } from "../../adapters/db/client";
import { saveInventoryContact, zohoLinks } from "../../adapters/db/crm-repo";
import { getQuotation, patchQuotation, quotationChat, transitionQuotation, type QuotationRow } from "../../adapters/db/quotations-repo";
import { products } from "../../adapters/db/schema";
import { recordStep, type ZohoJobRow } from "../../adapters/db/zoho-jobs-repo";
import type { ZohoInventoryClient } from "../../adapters/zoho/client";
import { zohoInventory } from "../../adapters/zoho/gateway";
import { createContact, createSalesOrder, findContactByPhone, findSalesOrderByReference, getSalesOrder, type CreatedSalesOrder } from "../../adapters/zoho/sales";
import { channelLabel, channelSpec } from "../../core/channels/registry";
import type { Config } from "../../core/config";
import { formatAed } from "../../core/domain/quotation";
import { pickVatTax, sameAmount } from "../../core/domain/order-money";
import type { ConversationName } from "../../core/ports/conversation-object";
import type { Services } from "../services";
import { PermanentJobError, type JobContext } from "../jobs/enqueue";
import { log } from "../../lib/log";
import { documentLink } from "./document";
import { managerOrderFailed, type OrderNotice } from "../../core/orders/messages";
import { organisationTaxes } from "./zoho-tax";

/**
 * Turns a confirmed quotation into a Zoho Inventory sale order, step by step, each step checked
 * in our ledger before its Zoho call and recorded right after it:
 *
 * 1. the customer's Inventory contact: the one we stored, else one Zoho has with this mobile
 *    number, else a new one;
 * 2. the sale order, with our quotation number as its reference. Before the POST the job records
 *    that it is about to write; a later attempt that finds that mark but no sale order id (the
 *    worker died, or Zoho's answer was lost or garbled) first looks the reference up in Zoho, so
 *    a redelivered job never makes a second order;
 *    Each line carries the organisation's VAT (its tax id from Zoho's taxes list) and delivery goes
 *    as `shipping_charge`, so Zoho computes the quotation's total;
 * 3. the total Zoho holds is compared with the quotation's: a difference stops here (the job is
 *    dead, managers are told, the customer hears nothing of a total Zoho does not hold);
 * 4. the quotation becomes `ordered` with Zoho's ids; the chat sends the customer the number and
 *    the document, and managers are told (messages keyed by the quotation, so sent once);
 * 5. the CRM deal moves to Closed Won (its own job).
 */
export async function runSaleOrder(context: JobContext): Promise<void> {
  const { db, job, services, config } = context;
  let quotation = await getQuotation(db, job.subjectId);
  if (!quotation) throw new PermanentJobError(`quotation ${job.subjectId} does not exist`);
  if (quotation.state === "cancelled") {
    log("info", "sale_order.skipped_cancelled", { quotation: quotation.number });
    return;
  }
  if (quotation.state !== "confirmed" && quotation.state !== "ordered") {
    throw new PermanentJobError(`quotation ${quotation.number} is ${quotation.state}, not confirmed`);
  }
  const chat = await quotationChat(db, quotation.id);
  if (!chat) throw new PermanentJobError(`quotation ${quotation.number} has no conversation`);

  if (quotation.state === "confirmed") {
    const client = services.zohoInventory();
    try {
      // A WhatsApp chat is a phone number; elsewhere the number is what the customer gave, if anything.
      const phone = channelSpec(chat.channel).chatIdIsPhone ? chat.chatId : (quotation.buyer?.phone ?? null);
      const contactId = await inventoryContact(db, client, quotation, phone);
      quotation = await placeOrder(db, client, job, quotation, contactId, { organizationId: config.ZOHO_ORGANIZATION_ID ?? "", channel: channelLabel(chat.channel) });
    } finally {
      context.requests.count += client.requests;
    }
  }
  await notifyChat(services, quotation, chat);
  await services.enqueueZohoJob(db, { id: `crm-deal:${quotation.id}:ordered:${quotation.version}`, kind: "crm-deal", subjectId: quotation.id });
}

async function inventoryContact(db: Database, client: ZohoInventoryClient, quotation: QuotationRow, phone: string | null): Promise<string> {
  if (quotation.zohoContactId) return quotation.zohoContactId;
  const known = (await zohoLinks(db, quotation.customerId))?.inventoryContactId;
  const buyer = quotation.buyer;
  if (!buyer) throw new PermanentJobError(`quotation ${quotation.number} was confirmed without buyer details`);
  const contactId =
    known ??
    (phone ? (await findContactByPhone(client, phone))?.contactId : undefined) ??
    (await createContact(client, { contactName: buyer.name, companyName: buyer.company, email: buyer.email, phone, city: buyer.city, reference: quotation.number })).contactId;
  await saveInventoryContact(db, quotation.customerId, contactId);
  await patchQuotation(db, quotation.id, { zohoContactId: contactId });
  return contactId;
}

async function placeOrder(db: Database, client: ZohoInventoryClient, job: ZohoJobRow, quotation: QuotationRow, contactId: string, context: { organizationId: string; channel: string }): Promise<QuotationRow> {
  const recorded = typeof job.steps.salesorderId === "string" && typeof job.steps.salesorderNumber === "string" ? { salesorderId: job.steps.salesorderId, salesorderNumber: job.steps.salesorderNumber } : null;
  const attempted = Boolean(job.steps.salesOrderRequestedAt);
  let order: CreatedSalesOrder | null = recorded ?? (attempted ? await findSalesOrderByReference(client, quotation.number) : null);
  if (order) log("warn", "sale_order.found_after_lost_answer", { quotation: quotation.number });
  if (!order) {
    const vatPercent = Number(quotation.vatPercent);
    const tax = pickVatTax(vatPercent > 0 ? await organisationTaxes(client, context.organizationId) : [], vatPercent);
    const lineItems = await zohoLineItems(db, quotation, tax?.taxId);
    const delivery = quotation.deliveryAed === null ? 0 : Number(quotation.deliveryAed);
    await recordStep(db, job.id, { salesOrderRequestedAt: new Date().toISOString() });
    order = await createSalesOrder(client, {
      customerId: contactId,
      referenceNumber: quotation.number,
      // The order's date in the UAE (UTC+4), not UTC: an order at 02:00 in Dubai is today's.
      date: new Date(Date.now() + 4 * 3_600_000).toISOString().slice(0, 10),
      lineItems,
      shippingCharge: delivery,
      notes: `${context.channel} quotation ${quotation.number}. Total incl. VAT ${vatPercent}%${delivery > 0 ? " and delivery" : ""}: ${quotation.totalAed} AED.`,
      city: quotation.buyer?.city,
    });
  }
  await recordStep(db, job.id, { salesorderId: order.salesorderId, salesorderNumber: order.salesorderNumber });
  // The customer is told the quotation's total: only once Zoho holds the same.
  const zohoTotal = order.total ?? (await getSalesOrder(client, order.salesorderId)).total;
  if (!sameAmount(zohoTotal, Number(quotation.totalAed))) {
    await recordStep(db, job.id, { zohoTotalAed: zohoTotal, quotationTotalAed: Number(quotation.totalAed) });
    throw new PermanentJobError(
      `Zoho's total for sale order ${order.salesorderNumber} is ${formatAed(zohoTotal)} AED but quotation ${quotation.number} says ${formatAed(Number(quotation.totalAed))} AED; the customer was not told. Correct the order in Zoho (tax, lines, shipping), then replay this job.`,
    );
  }
  const ordered = await transitionQuotation(
    db,
    quotation.id,
    { from: ["confirmed", "failed"], to: "ordered", actor: "system", reason: `sale order ${order.salesorderNumber} created in Zoho` },
    { zohoContactId: contactId, zohoSalesorderId: order.salesorderId, zohoSalesorderNumber: order.salesorderNumber, orderedAt: new Date(), lastError: null },
  );
  const current = ordered ?? (await getQuotation(db, quotation.id));
  if (!current || current.state !== "ordered") throw new Error(`quotation ${quotation.number} could not be marked ordered (now ${current?.state})`);
  log("info", "sale_order.created", { quotation: quotation.number, salesorder: order.salesorderNumber });
  return current;
}

/** Zoho item ids for the quotation's lines; a product Zoho does not know (never synced) cannot be ordered. */
async function zohoLineItems(db: Database, quotation: QuotationRow, taxId: string | undefined) {
  const rows = await db.select({ sku: products.sku, zohoItemId: products.zohoItemId }).from(products).where(inArray(products.sku, quotation.lines.map((l) => l.sku)));
  const ids = new Map(rows.map((r) => [r.sku, r.zohoItemId]));
  return quotation.lines.map((line) => {
    const itemId = ids.get(line.sku);
    if (!itemId) throw new PermanentJobError(`${line.sku} has no Zoho item id (not synced from Zoho)`);
    return { itemId, name: line.name, quantity: line.quantity, rate: line.unitPriceAed, taxId };
  });
}

async function notifyChat(services: Services, quotation: QuotationRow, chat: ConversationName): Promise<void> {
  if (!quotation.zohoSalesorderNumber) return;
  const notice: OrderNotice = {
    quotationId: quotation.id,
    quotationNumber: quotation.number,
    salesorderNumber: quotation.zohoSalesorderNumber,
    totalAed: Number(quotation.totalAed),
    language: quotation.language,
    documentUrl: await documentLink(services.config, quotation),
    buyer: quotation.buyer,
  };
  await services.stubs.conversation(chat).orderPlaced(notice);
}

/**
 * A sale order job is dead: the quotation is `failed` and managers are told, in the customer's
 * chat's outbox. Run again for a job already dead (a repeated dead letter), it re-issues the
 * notice and the deal update, whose ids make them happen once.
 */
export async function orderFailed(services: Services, db: Database, job: ZohoJobRow): Promise<void> {
  const reason = job.lastError ?? "unknown error";
  const quotation =
    (await transitionQuotation(db, job.subjectId, { from: "confirmed", to: "failed", actor: "system", reason: `sale order job failed: ${reason.slice(0, 200)}` }, { lastError: reason })) ??
    (await getQuotation(db, job.subjectId));
  const chat = await quotationChat(db, job.subjectId);
  if (!quotation || quotation.state !== "failed" || !chat) return;
  await services.enqueueZohoJob(db, { id: `crm-deal:${quotation.id}:failed:${job.replays}`, kind: "crm-deal", subjectId: quotation.id });
  await services.stubs.conversation(chat).notifyManagers(`order-failed-${quotation.id}-${job.replays}`, managerOrderFailed({ quotationNumber: quotation.number, chatId: chat.chatId, reason }));
}
