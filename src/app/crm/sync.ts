import { desc, eq, and } from "drizzle-orm";
import type { Database } from "../../adapters/db/client";
import { adoptLead, customerForCrm, customerHasQuotation, dealNameOf, saveCrmContact, saveDeal, saveLead, zohoLinks } from "../../adapters/db/crm-repo";
import { getQuotation, quotationChat, type QuotationRow } from "../../adapters/db/quotations-repo";
import { messages } from "../../adapters/db/schema";
import { recordStep } from "../../adapters/db/zoho-jobs-repo";
import { DEAL_STAGES, updateCrmRecord, upsertCrmRecord } from "../../adapters/zoho/crm";
import type { ZohoCrmClient } from "../../adapters/zoho/client";
import { formatAed } from "../../core/domain/quotation";
import { enqueueZohoJob, PermanentJobError, type JobContext } from "../jobs/enqueue";
import { log } from "../../lib/log";
import { CHANNEL_NAMES, channelSpec } from "../../core/channels/registry";
import type { Services } from "../services";
import { channelLabel, crmContactPlan } from "../../core/crm/contact-rules";

/**
 * Zoho CRM follows the conversation: the customer is a Contact (matched on the mobile number for
 * WhatsApp, filed by name, Telegram handle and e-mail for Telegram; `contact-rules.ts`), and each quotation is a Deal whose stage and amount
 * follow the quotation's state, with a short summary of the talk in its description. Both are
 * upserts on natural keys, so a retried request updates what the first one made.
 */

/** The CRM contact as we would write it now; its hash keys the job, so an unchanged profile is not written twice. */
async function contactRecord(db: Database, customerId: string) {
  const customer = await customerForCrm(db, customerId);
  if (!customer) throw new PermanentJobError(`customer ${customerId} does not exist`);
  const plan = crmContactPlan(customer);
  return { customer, plan, hash: await shortHash(JSON.stringify(plan.ok ? plan.record : plan.reason)) };
}

/**
 * Called when a customer first writes and whenever their profile changes: the CRM contact follows
 * the profile, and a newly qualified lead (company and needs known) becomes a deal, once per
 * customer. The contact job's key names the change (from what CRM holds to what we hold now), so
 * a repeat of the same change is one job, while a profile that goes A → B → A still gets its way
 * back to A. Jobs write the profile as it is when they run.
 */
export async function crmFollowsProfile(jobs: Pick<Services, "enqueueZohoJob">, db: Database, customerId: string): Promise<void> {
  const { customer, hash } = await contactRecord(db, customerId);
  const inCrm = (await zohoLinks(db, customerId))?.crmProfileHash ?? "none";
  if (inCrm !== hash) await jobs.enqueueZohoJob(db, { id: `crm-contact:${customerId}:${hash}:from-${inCrm}`, kind: "crm-contact", subjectId: customerId });
  if (isQualified(customer.profile)) await jobs.enqueueZohoJob(db, { id: `crm-lead:${customerId}`, kind: "crm-lead", subjectId: customerId });
}

export async function syncCrmContact(context: JobContext): Promise<void> {
  await upsertContact(context, context.job.subjectId);
}

/**
 * Writes the customer's CRM contact and answers its id, or null when it cannot be written yet (the
 * reason is kept on the job, and staff see it where the CRM status is shown).
 */
async function upsertContact(context: JobContext, customerId: string): Promise<string | null> {
  const { plan, hash } = await contactRecord(context.db, customerId);
  if (!plan.ok) {
    await recordStep(context.db, context.job.id, { notSyncedReason: plan.reason });
    log("info", "crm.contact_skipped", { reason: plan.reason });
    return null;
  }
  const known = (await zohoLinks(context.db, customerId))?.crmContactId ?? null;
  const { id, action } = await crmCall(context, (client) =>
    // A Telegram buyer with no e-mail has no natural key: the contact made once is updated by its id.
    plan.match !== "Mobile" && known ? updateCrmRecord(client, "Contacts", known, plan.record) : upsertCrmRecord(client, "Contacts", plan.record, [plan.match === "id" ? "Email" : plan.match]),
  );
  await saveCrmContact(context.db, customerId, id, hash);
  log("info", "crm.contact_upserted", { action });
  return id;
}

/** A deal upserted on its name, linked to the customer's CRM contact (made first if CRM has none yet). */
async function upsertDeal(context: JobContext, customerId: string, deal: { Deal_Name: string } & Record<string, unknown>): Promise<string> {
  const customer = await customerForCrm(context.db, customerId);
  if (!customer) throw new PermanentJobError(`customer ${customerId} does not exist`);
  const contactId = (await zohoLinks(context.db, customerId))?.crmContactId ?? (await upsertContact(context, customerId));
  const record = { ...deal, ...(contactId ? { Contact_Name: { id: contactId } } : {}), Lead_Source: channelLabel(customer) };
  return (await crmCall(context, (client) => upsertCrmRecord(client, "Deals", record, ["Deal_Name"]))).id;
}

/** One CRM call on the shared token and CRM pace, its requests counted on the job. */
async function crmCall<T>(context: JobContext, call: (client: ZohoCrmClient) => Promise<T>): Promise<T> {
  const client = context.services.zohoCrm();
  try {
    return await call(client);
  } finally {
    context.requests.count += client.requests;
  }
}

/** A CRM closing date `days` from now (the field is mandatory in CRM's default deal layout). */
function closingDate(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Writes the deal as the quotation is now (not as it was when the job was queued), so jobs that
 * run late or out of order still leave CRM with the latest state.
 */
export async function syncCrmDeal(context: JobContext): Promise<void> {
  const { db } = context;
  const quotation = await getQuotation(db, context.job.subjectId);
  if (!quotation) throw new PermanentJobError(`quotation ${context.job.subjectId} does not exist`);
  // The name CRM knows this deal by: as first written, else the customer's lead deal (the first
  // quotation takes it over), else a new one named after the quotation.
  const dealName = (await dealNameOf(db, quotation.id)) ?? (await adoptLead(db, quotation.customerId, quotation.id)) ?? `${quotation.number} ${channelSpec((await quotationChat(db, quotation.id))?.channel ?? CHANNEL_NAMES[0]).label} quotation`;
  const stage = DEAL_STAGES[quotation.state];
  const amount = Number(quotation.totalAed);
  const id = await upsertDeal(context, quotation.customerId, {
    Deal_Name: dealName,
    Stage: stage,
    Amount: amount,
    Closing_Date: closingDate(14),
    Description: await conversationSummary(db, quotation),
  });
  await saveDeal(db, { quotationId: quotation.id, zohoDealId: id, dealName, stage, amountAed: amount });
}

/** A lead is qualified once we know the customer's company and what they need. */
function isQualified(profile: Record<string, unknown>): boolean {
  return typeof profile.company === "string" && profile.company.length > 0 && typeof profile.needs === "string" && profile.needs.length > 0;
}

/** The lead's deal at Qualification; skipped when a quotation exists already (its deal covers the customer). */
export async function syncCrmLead(context: JobContext): Promise<void> {
  const { db } = context;
  const customerId = context.job.subjectId;
  if (await customerHasQuotation(db, customerId)) return;
  const customer = await customerForCrm(db, customerId);
  if (!customer) throw new PermanentJobError(`customer ${customerId} does not exist`);
  const profile = customer.profile as Record<string, string | undefined>;
  const channel = channelLabel(customer);
  const dealName = customer.phone ? `${channel} lead +${customer.phone}` : `${channel} lead ${customer.telegram?.handle ? `@${customer.telegram.handle}` : customerId.slice(0, 8)}`;
  const id = await upsertDeal(context, customerId, {
    Deal_Name: dealName,
    Stage: DEAL_STAGES.draft,
    Closing_Date: closingDate(30),
    Description: [`Qualified on ${channel}: ${profile.company}.`, `Needs: ${profile.needs}`, profile.city ? `City: ${profile.city}` : ""].filter(Boolean).join("\n").slice(0, 2000),
  });
  await saveLead(db, { customerId, zohoDealId: id, dealName });
}

/** A short, factual summary for the deal: who, what is quoted, where it stands, and the customer's last words. */
async function conversationSummary(db: Database, quotation: QuotationRow): Promise<string> {
  const chat = await quotationChat(db, quotation.id);
  if (!chat) return "";
  const lastWords = await db
    .select({ text: messages.text })
    .from(messages)
    .where(and(eq(messages.conversationId, quotation.conversationId), eq(messages.direction, "in")))
    .orderBy(desc(messages.sentAt))
    .limit(3);
  const buyer = quotation.buyer;
  return [
    `${channelSpec(chat.channel).label} conversation with ${buyer?.name ?? chat.customerName ?? "the customer"}${buyer?.company ? ` (${buyer.company})` : ""}${buyer?.city ? `, ${buyer.city}` : ""}.`,
    `Quotation ${quotation.number} is ${quotation.state}: ${quotation.lines.map((l) => `${l.quantity} × ${l.name} (${l.sku})`).join(", ") || "no items yet"}; total ${formatAed(Number(quotation.totalAed))} AED incl. VAT.`,
    ...(quotation.zohoSalesorderNumber ? [`Sale order ${quotation.zohoSalesorderNumber}.`] : []),
    ...(lastWords.length > 0 ? [`Customer's last messages: ${lastWords.reverse().map((m) => `"${(m.text ?? "").slice(0, 120)}"`).join(" · ")}`] : []),
  ]
    .join("\n")
    .slice(0, 2000);
}

async function shortHash(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
  return [...digest.slice(0, 8)].map((b) => b.toString(16).padStart(2, "0")).join("");
}
