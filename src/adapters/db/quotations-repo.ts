import { and, desc, eq, inArray, lt, sql } from "drizzle-orm";
import type { ChannelName } from "../../core/channels/registry";
import { assertTransition, type QuotationState, type Totals } from "../../core/domain/quotation";
import type { Database } from "./client";
import { conversations, customers, quotations, quotationTransitions, zohoJobs, type QuotationBuyer, type QuotationLine } from "./schema";

export type QuotationRow = typeof quotations.$inferSelect;
export type Actor = (typeof quotationTransitions.$inferInsert)["actor"];

/** Thrown when a quotation changed under us (another turn, a job): the caller reads it again. */
export class StaleQuotationError extends Error {
  override name = "StaleQuotationError";
}

/** The conversation's open quotation (draft or shown), if any. */
export async function openQuotation(db: Database, conversationId: string): Promise<QuotationRow | null> {
  const rows = await db
    .select()
    .from(quotations)
    .where(and(eq(quotations.conversationId, conversationId), inArray(quotations.state, ["draft", "shown"])))
    .limit(1);
  return rows[0] ?? null;
}

/** The conversation's most recent quotation in any state. */
export async function latestQuotation(db: Database, conversationId: string): Promise<QuotationRow | null> {
  const rows = await db.select().from(quotations).where(eq(quotations.conversationId, conversationId)).orderBy(desc(quotations.createdAt)).limit(1);
  return rows[0] ?? null;
}

export async function getQuotation(db: Database, id: string): Promise<QuotationRow | null> {
  const rows = await db.select().from(quotations).where(eq(quotations.id, id));
  return rows[0] ?? null;
}

/** A new draft with its first transition recorded; numbers come from a sequence (Q-000001). */
export async function createQuotation(
  db: Database,
  input: { conversationId: string; customerId: string; language: "en" | "ar"; vatPercent: number },
): Promise<QuotationRow> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(quotations)
      .values({
        // Q-000001 … Q-999999, then Q-1000000: lpad alone would cut a seventh digit off.
        number: sql`(SELECT 'Q-' || lpad(n::text, greatest(6, length(n::text)), '0') FROM (SELECT nextval('quotation_number_seq') AS n) s)`,
        conversationId: input.conversationId,
        customerId: input.customerId,
        language: input.language,
        vatPercent: String(input.vatPercent),
      })
      .returning();
    if (!row) throw new Error("quotation insert returned no row");
    await tx.insert(quotationTransitions).values({ quotationId: row.id, fromState: null, toState: "draft", actor: "agent", reason: "first line added", version: row.version });
    return row;
  });
}

/**
 * New lines and totals for an open quotation, as version + 1. A shown quotation whose lines
 * change goes back to draft (recorded): the customer has to see the new version before confirming.
 */
export async function saveLines(
  db: Database,
  current: QuotationRow,
  lines: QuotationLine[],
  totals: Totals,
  vatPercent: number,
  reason: string,
  deliveryCity: string | null = null,
): Promise<QuotationRow> {
  return db.transaction(async (tx) => {
    const backToDraft = current.state === "shown";
    if (backToDraft) assertTransition("shown", "draft");
    const [row] = await tx
      .update(quotations)
      .set({
        lines,
        vatPercent: String(vatPercent),
        subtotalAed: totals.subtotalAed.toFixed(2),
        vatAed: totals.vatAed.toFixed(2),
        totalAed: totals.totalAed.toFixed(2),
        deliveryAed: totals.deliveryAed === null ? null : totals.deliveryAed.toFixed(2),
        deliveryCity,
        version: sql`${quotations.version} + 1`,
        state: "draft",
        updatedAt: sql`now()`,
      })
      .where(and(eq(quotations.id, current.id), eq(quotations.version, current.version), inArray(quotations.state, ["draft", "shown"])))
      .returning();
    if (!row) throw new StaleQuotationError(`quotation ${current.number} changed meanwhile`);
    if (backToDraft) await tx.insert(quotationTransitions).values({ quotationId: row.id, fromState: "shown", toState: "draft", actor: "customer", reason, version: row.version });
    return row;
  });
}

/**
 * Moves a quotation from `from` to `to` if it is still in `from` (and at `version`, when given),
 * recording the transition in the same transaction. Returns null when it was not in that state.
 */
export async function transitionQuotation(
  db: Database,
  id: string,
  move: {
    from: QuotationState | QuotationState[];
    to: QuotationState;
    actor: Actor;
    reason: string;
    version?: number;
    /** Zoho jobs recorded in the same transaction, so a confirmed quotation always has its job. */
    jobs?: { id: string; kind: "sale-order" | "crm-contact" | "crm-deal"; subjectId: string }[];
  },
  patch: Partial<Pick<QuotationRow, "shownVersion" | "shownAt" | "buyer" | "zohoContactId" | "zohoSalesorderId" | "zohoSalesorderNumber" | "lastError" | "confirmedAt" | "orderedAt" | "lines" | "subtotalAed" | "vatAed" | "totalAed">> = {},
): Promise<QuotationRow | null> {
  const froms = Array.isArray(move.from) ? move.from : [move.from];
  for (const from of froms) assertTransition(from, move.to);
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select({ state: quotations.state })
      .from(quotations)
      .where(eq(quotations.id, id))
      .for("update");
    if (!before || !froms.includes(before.state)) return null;
    const [row] = await tx
      .update(quotations)
      .set({ ...patch, state: move.to, updatedAt: sql`now()` })
      .where(and(eq(quotations.id, id), move.version === undefined ? sql`true` : eq(quotations.version, move.version)))
      .returning();
    if (!row) return null;
    await tx.insert(quotationTransitions).values({ quotationId: id, fromState: before.state, toState: move.to, actor: move.actor, reason: move.reason, version: row.version });
    if (move.jobs?.length) await tx.insert(zohoJobs).values(move.jobs).onConflictDoNothing();
    return row;
  });
}

/**
 * The reply carrying this version of the quotation was committed to the chat's outbox at `at`:
 * from then on the customer's "yes" can confirm it. Showing it again moves the time on, since a
 * "yes" answers the latest reply.
 */
export async function markQuotationSeen(db: Database, id: string, version: number, at: Date): Promise<void> {
  await db
    .update(quotations)
    .set({ shownAt: at })
    .where(and(eq(quotations.id, id), eq(quotations.state, "shown"), eq(quotations.shownVersion, version)));
}

/** Field updates that are not state changes (the Zoho contact found for a confirmed quotation). */
export async function patchQuotation(db: Database, id: string, patch: Partial<Pick<QuotationRow, "zohoContactId" | "lastError" | "buyer">>): Promise<void> {
  await db.update(quotations).set({ ...patch, updatedAt: sql`now()` }).where(eq(quotations.id, id));
}

export async function quotationTransitionsOf(db: Database, id: string) {
  return db
    .select({ from: quotationTransitions.fromState, to: quotationTransitions.toState, actor: quotationTransitions.actor, reason: quotationTransitions.reason, version: quotationTransitions.version, at: quotationTransitions.at })
    .from(quotationTransitions)
    .where(eq(quotationTransitions.quotationId, id))
    .orderBy(quotationTransitions.at, quotationTransitions.id);
}

/** Where a quotation's chat lives: the Durable Object to notify and the customer to write to. */
export async function quotationChat(db: Database, id: string): Promise<{ channel: ChannelName; channelId: string; chatType: string; chatId: string; customerId: string; customerName: string | null } | null> {
  const rows = await db
    .select({ channel: conversations.channel, channelId: conversations.channelId, chatType: conversations.chatType, chatId: conversations.chatId, customerId: customers.id, customerName: customers.name })
    .from(quotations)
    .innerJoin(conversations, eq(conversations.id, quotations.conversationId))
    .innerJoin(customers, eq(customers.id, quotations.customerId))
    .where(eq(quotations.id, id));
  return rows[0] ?? null;
}

export interface SaleOrderListItem {
  quotationId: string;
  quotationNumber: string;
  state: QuotationState;
  status: "pending" | "created" | "failed" | "cancelled";
  salesorderId: string | null;
  salesorderNumber: string | null;
  zohoContactId: string | null;
  customer: { id: string; name: string | null; phone: string | null };
  buyer: QuotationBuyer | null;
  lines: QuotationLine[];
  subtotalAed: number;
  vatAed: number;
  totalAed: number;
  lastError: string | null;
  confirmedAt: Date | null;
  orderedAt: Date | null;
  updatedAt: Date;
}

/**
 * Confirmed quotations and the sale orders made from them, newest confirmation first: `created`
 * once Zoho has the order, `pending` while the job runs or retries, `failed` in the dead-letter state.
 */
export async function listSaleOrders(db: Database, options: { status?: SaleOrderListItem["status"]; limit: number; before?: Date }): Promise<SaleOrderListItem[]> {
  const states: QuotationState[] =
    options.status === "created" ? ["ordered"] : options.status === "pending" ? ["confirmed"] : options.status === "failed" ? ["failed"] : options.status === "cancelled" ? ["cancelled"] : ["confirmed", "ordered", "failed", "cancelled"];
  const rows = await db
    .select({ q: quotations, customerName: customers.name, phone: customers.phone })
    .from(quotations)
    .innerJoin(customers, eq(customers.id, quotations.customerId))
    .where(and(inArray(quotations.state, states), sql`${quotations.confirmedAt} is not null`, options.before ? lt(quotations.confirmedAt, options.before) : sql`true`))
    .orderBy(desc(quotations.confirmedAt))
    .limit(options.limit);
  return rows.map(({ q, customerName, phone }) => ({
    quotationId: q.id,
    quotationNumber: q.number,
    state: q.state,
    status: q.state === "ordered" ? "created" : q.state === "failed" ? "failed" : q.state === "cancelled" ? "cancelled" : "pending",
    salesorderId: q.zohoSalesorderId,
    salesorderNumber: q.zohoSalesorderNumber,
    zohoContactId: q.zohoContactId,
    customer: { id: q.customerId, name: customerName, phone },
    buyer: q.buyer,
    lines: q.lines,
    subtotalAed: Number(q.subtotalAed),
    vatAed: Number(q.vatAed),
    totalAed: Number(q.totalAed),
    lastError: q.lastError,
    confirmedAt: q.confirmedAt,
    orderedAt: q.orderedAt,
    updatedAt: q.updatedAt,
  }));
}

/** Every quotation, most recently changed first; `before` pages on updatedAt. */
export async function listQuotations(db: Database, options: { state?: string | undefined; limit: number; before?: Date | undefined }) {
  const rows = await db
    .select()
    .from(quotations)
    .where(and(options.state ? eq(quotations.state, options.state as "draft") : undefined, options.before ? lt(quotations.updatedAt, options.before) : undefined))
    .orderBy(desc(quotations.updatedAt))
    .limit(options.limit);
  const last = rows[rows.length - 1];
  return { quotations: rows, nextBefore: rows.length === options.limit && last ? last.updatedAt.toISOString() : null };
}
