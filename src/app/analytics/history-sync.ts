import type { AnalyticsCheckpoint, AnalyticsProblem } from "../../adapters/db/analytics-schema";
import {
  AnalyticsLeaseLostError,
  claimAnalyticsRun,
  NO_COUNTS,
  releaseAnalyticsRun,
  saveAnalyticsProgress,
  type AnalyticsCounters,
  type AnalyticsLease,
  type AnalyticsRun,
} from "../../adapters/db/analytics-runs-repo";
import type { Database } from "../../adapters/db/client";
import { applyContactDecisions, loadMatchContext, saveContactCreatedTimes, upsertSalesOrders, type OrderRow } from "../../adapters/db/history-repo";
import { historyContactSchema, historyOrderSchema, parseZohoTime, type HistorySource } from "../../adapters/zoho/history";
import { invocationFailure, MAX_RUN_ATTEMPTS, runGivenUp, shouldHandOn } from "../catalog/sync-rules";
import { formatZohoTime } from "../../core/domain/catalog-item";
import { describeError, errorText, log } from "../../lib/log";
import { contactPhones, planContacts, type ContactToMatch } from "../../core/analytics/contact-match";

export interface AnalyticsDeps {
  db: Database;
  zoho: HistorySource;
  /** Segments, training and scoring once the history is in: returns how many customers were scored. */
  score(db: Database, runId: string): Promise<{ scored: number; problems: AnalyticsProblem[] }>;
  pagesPerInvocation: number;
  timeBudgetMs?: number;
}

export type AnalyticsOutcome = { outcome: "finished"; run: AnalyticsRun } | { outcome: "continue"; run: AnalyticsRun } | { outcome: "skipped" };

export const ANALYTICS_LEASE_MS = 3 * 60_000;

/**
 * One queue invocation of an analytics run: claims it under a lease, reads Zoho's customer
 * contacts and then its sale orders page by page from the checkpoint (saved after every page),
 * then scores. It hands on to a continuation when its page or time budget is spent; a failure a
 * retry may cure leaves the run `interrupted` at its checkpoint and is rethrown for the queue.
 */
export async function runAnalyticsInvocation(deps: AnalyticsDeps, runId: string): Promise<AnalyticsOutcome> {
  const run = await claimAnalyticsRun(deps.db, runId, ANALYTICS_LEASE_MS);
  if (!run) return { outcome: "skipped" };
  const lease: AnalyticsLease = { runId: run.id, token: run.leaseToken };
  if (runGivenUp(run.attempts)) {
    const problem: AnalyticsProblem = { at: new Date().toISOString(), kind: "internal", message: `given up after ${MAX_RUN_ATTEMPTS} attempts` };
    return { outcome: "finished", run: await releaseAnalyticsRun(deps.db, lease, "failed", { problems: [problem] }) };
  }
  const started = Date.now();
  const budget = deps.timeBudgetMs ?? 5 * 60_000;
  const modifiedSince = run.mode === "incremental" && run.modifiedSince ? formatZohoTime(run.modifiedSince.getTime()) : undefined;
  let checkpoint: AnalyticsCheckpoint = run.checkpoint;
  let pagesDone = 0;
  try {
    for (;;) {
      if (checkpoint.phase === "score") {
        const scored = await deps.score(deps.db, run.id);
        const finished = await releaseAnalyticsRun(deps.db, lease, "succeeded", { scored: scored.scored, problems: scored.problems });
        log("info", "analytics.run_finished", { runId, contacts: finished.contactsSeen, orders: finished.ordersSeen, scored: finished.scored });
        return { outcome: "finished", run: finished };
      }
      const before = deps.zoho.requests;
      const step = checkpoint.phase === "contacts" ? await contactsPage(deps, checkpoint.page, modifiedSince) : await ordersPage(deps, checkpoint.page, modifiedSince);
      checkpoint = step.hasMore ? { phase: checkpoint.phase, page: checkpoint.page + 1 } : { phase: checkpoint.phase === "contacts" ? "orders" : "score", page: 1 };
      pagesDone++;
      await saveAnalyticsProgress(deps.db, lease, checkpoint, { ...step.counts, pages: 1, zohoRequests: deps.zoho.requests - before }, ANALYTICS_LEASE_MS);
      if (shouldHandOn(pagesDone, deps.pagesPerInvocation, Date.now() - started, budget)) {
        return { outcome: "continue", run: await releaseAnalyticsRun(deps.db, lease, "queued") };
      }
    }
  } catch (error) {
    if (error instanceof AnalyticsLeaseLostError) {
      log("warn", "analytics.lease_lost", { runId });
      return { outcome: "skipped" };
    }
    const { permanent, kind } = invocationFailure(error);
    const problem: AnalyticsProblem = { at: new Date().toISOString(), kind, message: errorText(error), page: checkpoint.page };
    await releaseAnalyticsRun(deps.db, lease, permanent ? "failed" : "interrupted", { problems: [problem] }).catch(() => undefined);
    log(permanent ? "error" : "warn", "analytics.invocation_failed", { runId, phase: checkpoint.phase, page: checkpoint.page, permanent, ...describeError(error) });
    throw error;
  }
}

interface PageStep {
  hasMore: boolean;
  counts: AnalyticsCounters;
}

async function contactsPage(deps: AnalyticsDeps, page: number, modifiedSince: string | undefined): Promise<PageStep> {
  const listed = await deps.zoho.listCustomers(page, modifiedSince ? { modifiedSince } : {});
  const problems: AnalyticsProblem[] = [];
  const contacts: ContactToMatch[] = [];
  const createdTimes: { contactId: string; createdAt: Date }[] = [];
  const seen = new Set<string>();
  for (const raw of listed.records) {
    const parsed = historyContactSchema.safeParse(raw);
    if (!parsed.success) {
      problems.push({ at: new Date().toISOString(), kind: "malformed", message: `a contact was skipped: ${parsed.error.issues[0]?.message ?? "invalid"}`, page });
      continue;
    }
    // Zoho filters on contact_type; a vendor that slips through is still not a customer.
    if (parsed.data.contact_type && parsed.data.contact_type !== "customer") continue;
    const c = parsed.data;
    if (seen.has(c.contact_id)) continue;
    seen.add(c.contact_id);
    contacts.push({ contactId: c.contact_id, name: c.company_name || c.contact_name, mobile: c.mobile, phone: c.phone });
    const createdAt = parseZohoTime(c.created_time);
    if (createdAt) createdTimes.push({ contactId: c.contact_id, createdAt });
  }
  const context = await loadMatchContext(deps.db, contacts.map((c) => c.contactId), contacts.flatMap(contactPhones));
  const decisions = planContacts(contacts, context);
  const applied = await applyContactDecisions(deps.db, decisions);
  // After the links exist: every listed contact's creation time, on a full run and an incremental one alike.
  await saveContactCreatedTimes(deps.db, createdTimes);
  return { hasMore: listed.hasMore, counts: { ...NO_COUNTS, contactsSeen: contacts.length, customersCreated: applied.created, customersMatched: applied.matched, problems } };
}

async function ordersPage(deps: AnalyticsDeps, page: number, modifiedSince: string | undefined): Promise<PageStep> {
  const listed = await deps.zoho.listSalesOrders(page, modifiedSince ? { modifiedSince } : {});
  const problems: AnalyticsProblem[] = [];
  const orders: OrderRow[] = [];
  for (const raw of listed.records) {
    const parsed = historyOrderSchema.safeParse(raw);
    if (!parsed.success) {
      problems.push({ at: new Date().toISOString(), kind: "malformed", message: `a sale order was skipped: ${parsed.error.issues[0]?.message ?? "invalid"}`, page });
      continue;
    }
    const o = parsed.data;
    const modified = parseZohoTime(o.last_modified_time);
    orders.push({
      salesorderId: o.salesorder_id,
      salesorderNumber: o.salesorder_number,
      zohoContactId: o.customer_id,
      date: o.date,
      status: o.status.toLowerCase(),
      totalAed: o.total,
      lastModifiedTime: modified,
    });
  }
  // One row per order even if a page repeats one (an upsert cannot touch a row twice).
  await upsertSalesOrders(deps.db, [...new Map(orders.map((o) => [o.salesorderId, o])).values()]);
  return { hasMore: listed.hasMore, counts: { ...NO_COUNTS, ordersSeen: orders.length, problems } };
}
