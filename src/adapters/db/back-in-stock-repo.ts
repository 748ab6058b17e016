import { and, desc, eq, inArray, or, sql } from "drizzle-orm";
import type { QuotedLine } from "../../core/catalog/stock-moves";
import type { Database } from "./client";
import { backInStockSubscriptions } from "./outreach-schema";
import { conversations, products, quotations } from "./schema";

export type SubscribeOutcome = "subscribed" | "already_waiting";

/**
 * The customer wants to hear when the product is back: one row per customer and product. Asking
 * again while it waits changes nothing; asking again after it ended starts it over (a new
 * `created_at`, which keys its one notice).
 */
export async function subscribeBackInStock(db: Database, input: { customerId: string; productId: string; conversationId: string }): Promise<SubscribeOutcome> {
  const rows = await db
    .insert(backInStockSubscriptions)
    .values(input)
    .onConflictDoUpdate({
      target: [backInStockSubscriptions.customerId, backInStockSubscriptions.productId],
      set: { status: "waiting", reason: null, endedAt: null, createdAt: sql`now()`, conversationId: input.conversationId },
      setWhere: sql`${backInStockSubscriptions.status} <> 'waiting'`,
    })
    .returning({ id: backInStockSubscriptions.id });
  return rows.length > 0 ? "subscribed" : "already_waiting";
}

/** Subscriptions still waiting for these products. */
export async function waitingSubscriptions(db: Database, productIds: readonly string[]): Promise<{ id: string }[]> {
  if (productIds.length === 0) return [];
  return db
    .select({ id: backInStockSubscriptions.id })
    .from(backInStockSubscriptions)
    .where(and(inArray(backInStockSubscriptions.productId, [...productIds]), eq(backInStockSubscriptions.status, "waiting")));
}

/** One subscription with what its notice needs: the chat to send in and the product as the catalog has it now. */
export async function subscriptionForNotice(db: Database, id: string) {
  const [row] = await db
    .select({
      id: backInStockSubscriptions.id,
      status: backInStockSubscriptions.status,
      createdAt: backInStockSubscriptions.createdAt,
      conversationId: backInStockSubscriptions.conversationId,
      chat: { channel: conversations.channel, channelId: conversations.channelId, chatId: conversations.chatId },
      product: { id: products.id, sku: products.sku, nameEn: products.nameEn, nameAr: products.nameAr, priceAed: products.priceAed, stockAvailable: products.stockAvailable, status: products.status },
    })
    .from(backInStockSubscriptions)
    .innerJoin(conversations, eq(conversations.id, backInStockSubscriptions.conversationId))
    .innerJoin(products, eq(products.id, backInStockSubscriptions.productId))
    .where(eq(backInStockSubscriptions.id, id));
  return row ?? null;
}
export type SubscriptionNotice = NonNullable<Awaited<ReturnType<typeof subscriptionForNotice>>>;

/** Ends a waiting subscription: its notice went (`notified`) or may not go (`skipped`, with why). */
export async function endSubscription(db: Database, id: string, status: "notified" | "skipped", reason: string | null): Promise<void> {
  await db
    .update(backInStockSubscriptions)
    .set({ status, reason, endedAt: sql`now()` })
    .where(and(eq(backInStockSubscriptions.id, id), eq(backInStockSubscriptions.status, "waiting")));
}

/** A customer's subscriptions for staff, newest first. */
export async function customerSubscriptions(db: Database, customerId: string) {
  return db
    .select({
      productId: backInStockSubscriptions.productId,
      sku: products.sku,
      name: products.nameEn,
      status: backInStockSubscriptions.status,
      reason: backInStockSubscriptions.reason,
      createdAt: backInStockSubscriptions.createdAt,
      endedAt: backInStockSubscriptions.endedAt,
    })
    .from(backInStockSubscriptions)
    .innerJoin(products, eq(products.id, backInStockSubscriptions.productId))
    .where(eq(backInStockSubscriptions.customerId, customerId))
    .orderBy(desc(backInStockSubscriptions.createdAt))
    .limit(50);
}

/** Lines of open (draft or shown) quotations that quote these products. */
export async function openQuotedLines(db: Database, productIds: readonly string[]): Promise<(QuotedLine & { number: string; conversationId: string })[]> {
  if (productIds.length === 0) return [];
  const rows = await db
    .select({ id: quotations.id, number: quotations.number, conversationId: quotations.conversationId, lines: quotations.lines })
    .from(quotations)
    .where(and(inArray(quotations.state, ["draft", "shown"]), or(...productIds.map((id) => sql`${quotations.lines} @> ${JSON.stringify([{ productId: id }])}::jsonb`))));
  const wanted = new Set(productIds);
  return rows.flatMap((q) => q.lines.filter((l) => wanted.has(l.productId)).map((l) => ({ quotationId: q.id, number: q.number, conversationId: q.conversationId, productId: l.productId, quantity: l.quantity })));
}
