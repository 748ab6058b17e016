import { z } from "zod";
import { endSubscription, openQuotedLines, subscriptionForNotice, waitingSubscriptions } from "../../adapters/db/back-in-stock-repo";
import type { Database } from "../../adapters/db/client";
import { conversations, products } from "../../adapters/db/schema";
import { eq } from "drizzle-orm";
import { lowStockAlerts, returnedToStock, type StockChange } from "../../core/catalog/stock-moves";
import { formatAed } from "../../core/domain/quotation";
import { log } from "../../lib/log";
import { lowStockAlertText } from "../../core/outreach/messages";
import type { Services } from "../services";

/**
 * What a catalog sync's stock changes set going, as queue jobs on the zoho-sync queue: one per
 * subscriber of a product that came back (its conversation object sends the notice within the
 * proactive rules), and one per product that fell below what open quotations quote (managers are
 * alerted). The sync only writes these messages; it never waits for a conversation object.
 */
export const stockNoticeJobSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("back-in-stock"), subscriptionId: z.string().uuid() }),
  z.object({
    kind: z.literal("low-stock"),
    productId: z.string().uuid(),
    before: z.number().int(),
    after: z.number().int(),
    quotations: z.array(z.object({ quotationId: z.string().uuid(), number: z.string(), conversationId: z.string().uuid(), quantity: z.number().int() })).min(1).max(50),
  }),
]);
export type StockNoticeJob = z.infer<typeof stockNoticeJobSchema>;

/** The jobs one page's stock changes call for. */
export async function stockNoticeJobs(db: Database, changes: readonly StockChange[]): Promise<StockNoticeJob[]> {
  const subscribers = await waitingSubscriptions(db, returnedToStock(changes));
  const fell = changes.filter((c) => c.before !== null && c.after < c.before).map((c) => c.productId);
  const lines = await openQuotedLines(db, fell);
  const byQuotation = new Map(lines.map((l) => [l.quotationId, l]));
  return [
    ...subscribers.map((s) => ({ kind: "back-in-stock" as const, subscriptionId: s.id })),
    ...lowStockAlerts(changes, lines).map((alert) => ({
      kind: "low-stock" as const,
      productId: alert.productId,
      before: alert.before,
      after: alert.after,
      quotations: alert.quotations.slice(0, 50).map((q) => ({ ...q, number: byQuotation.get(q.quotationId)!.number, conversationId: byQuotation.get(q.quotationId)!.conversationId })),
    })),
  ];
}

/** Puts the jobs on the queue, at most 100 messages per call (the Queues batch limit). */
export async function enqueueStockNotices(queue: Queue, jobs: readonly StockNoticeJob[]): Promise<void> {
  for (let i = 0; i < jobs.length; i += 100) await queue.sendBatch(jobs.slice(i, i + 100).map((body) => ({ body })));
  if (jobs.length > 0) log("info", "stock_notices.enqueued", { backInStock: jobs.filter((j) => j.kind === "back-in-stock").length, lowStock: jobs.filter((j) => j.kind === "low-stock").length });
}

/** One job: null when done, or when to try again (a cap defers a notice). */
export async function runStockNotice(services: Pick<Services, "stubs">, db: Database, job: StockNoticeJob): Promise<{ retryAt: number } | null> {
  if (job.kind === "low-stock") {
    const [product] = await db.select({ name: products.nameEn, sku: products.sku }).from(products).where(eq(products.id, job.productId));
    if (!product) return null;
    const text = lowStockAlertText(product, job.before, job.after, job.quotations);
    const first = job.quotations[0]!;
    // Queued in the outbox of a chat the drop concerns, under an id per product and drop: sent once.
    await conversationStub(services, db, first.conversationId).then((stub) => stub?.notifyManagers(`low-stock-${job.productId}-${job.before}-${job.after}`, text));
    return null;
  }
  const subscription = await subscriptionForNotice(db, job.subscriptionId);
  // Ended already (a redelivered job), or the item went again before the notice: nothing to say.
  if (!subscription || subscription.status !== "waiting") return null;
  if (subscription.product.status !== "active" || subscription.product.stockAvailable <= 0) return null;
  const stub = services.stubs.conversation(subscription.chat);
  const outcome = await stub.backInStock({
    key: `back_in_stock:${subscription.id}:${subscription.createdAt.getTime()}`,
    sku: subscription.product.sku,
    name: subscription.product.nameEn,
    nameAr: subscription.product.nameAr,
    price: formatAed(Number(subscription.product.priceAed)),
  });
  if (outcome.status === "deferred") return { retryAt: outcome.retryAt };
  await endSubscription(db, subscription.id, outcome.status === "skipped" ? "skipped" : "notified", outcome.status === "skipped" ? outcome.reason : null);
  log("info", "back_in_stock.notice", { outcome: outcome.status, sku: subscription.product.sku });
  return null;
}

async function conversationStub(services: Pick<Services, "stubs">, db: Database, conversationId: string) {
  const [chat] = await db
    .select({ channel: conversations.channel, channelId: conversations.channelId, chatId: conversations.chatId })
    .from(conversations)
    .where(eq(conversations.id, conversationId));
  return chat ? services.stubs.conversation(chat) : null;
}
