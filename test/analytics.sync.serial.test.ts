import { env } from "cloudflare:workers";
import { sql } from "drizzle-orm";
import { analyticsCronTick } from "../src/app/analytics/service";
import { servicesFor } from "../src/shell/composition";
import { afterEach, describe, expect, it } from "vitest";
import type { ZohoRecordedRequest } from "../stand-ins/zoho";
import { generateHistory, type GeneratedHistory } from "../stand-ins/zoho-history";
import { customerHistoryLine } from "../src/core/analytics/agent-context";
import { normalizePhone } from "../src/core/analytics/contact-match";
import { customerHistoryFacts } from "../src/adapters/db/analytics-repo";
import type { AnalyticsProblem } from "../src/adapters/db/analytics-schema";
import type { StaffResult } from "../src/core/staff/contract/client";
import { adminFetch, control, modelRequests, newChatId, poll, query, say } from "./helpers";

/**
 * The analytics run end to end: POST /analytics/run -> zoho-sync queue -> this worker's consumer
 * -> the Zoho stand-in holding a generated history -> Postgres, then segments, model and scores.
 * Each test loads a history under a fresh seed, so its contacts and orders are its own.
 */
/** An analytics run as the API answers it, with the problems its row keeps. */
type RunView = StaffResult<"startAnalyticsRun">["run"] & { errors: AnalyticsProblem[] };

const finished = (run: RunView) => run.status === "succeeded" || run.status === "failed";

async function zohoLog(since = 0): Promise<ZohoRecordedRequest[]> {
  const { requests } = await control<{ requests: ZohoRecordedRequest[] }>("zohoUrl", "/__control/requests");
  return requests.filter((r) => r.seq > since);
}
const lastSeq = async () => (await zohoLog()).at(-1)?.seq ?? 0;

async function startRun(): Promise<{ status: number; run: RunView; created: boolean }> {
  const response = await adminFetch("/api/v1/analytics/run", { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
  const body = (await response.json()) as { run: RunView; created: boolean };
  return { status: response.status, ...body };
}

async function waitForAnalytics(runId: string, done: (run: RunView) => boolean = finished, timeoutMs = 60_000): Promise<RunView> {
  const read = async () => (await query((db) => db.execute<RunView>(sql`select id, status, mode, checkpoint, contacts_seen as "contactsSeen", customers_created as "customersCreated", customers_matched as "customersMatched", orders_seen as "ordersSeen", scored, errors from analytics_runs where id = ${runId}`))).rows[0]!;
  return poll(`analytics run ${runId}`, read, done, { timeoutMs });
}

/** A run of our own to the end (an open run left by another test is waited for first). */
async function runToEnd(): Promise<RunView> {
  for (let i = 0; i < 3; i++) {
    const { run, created } = await startRun();
    const done = await waitForAnalytics(run.id);
    if (!created) continue;
    if (done.status !== "succeeded") throw new Error(`analytics run ${done.status}: ${JSON.stringify(done.errors.slice(-3))}`);
    return done;
  }
  throw new Error("could not start an analytics run of our own");
}

function loadHistory(customers: number): GeneratedHistory {
  const history = generateHistory({ customers, seed: 1 + Math.floor(Math.random() * 900_000), now: new Date() });
  return history;
}

/** The Zoho creation time stored for each of these contacts (ms, or null), by contact id. */
async function createdTimesOf(contactIds: string[]): Promise<Map<string, number | null>> {
  const rows = await query((db) =>
    db.execute<{ inventory_contact_id: string; created: string | null }>(
      sql`select inventory_contact_id, to_char(zoho_created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as created from customer_zoho_links where inventory_contact_id in ${sql.raw(`(${contactIds.map((id) => `'${id}'`).join(",")})`)}`,
    ),
  );
  return new Map(rows.rows.map((r) => [r.inventory_contact_id, r.created === null ? null : Date.parse(r.created)]));
}

/** What the Zoho stand-in holds: each contact's `created_time` (Zoho's `2026-12-07T10:15:00+0000`) in ms. */
async function standInCreatedTimes(contactIds: string[]): Promise<Map<string, number>> {
  const wanted = new Set(contactIds);
  const { contacts } = await control<{ contacts: { contact_id: string; created_time: string }[] }>("zohoUrl", "/__control/contacts");
  return new Map(contacts.filter((c) => wanted.has(c.contact_id)).map((c) => [c.contact_id, Date.parse(c.created_time.replace(/([+-]\d{2})(\d{2})$/, "$1:$2"))]));
}

/**
 * The history as if just imported into Zoho (modified now, created when it was): an incremental run
 * reads all of it. Load the history itself again afterwards, or later runs re-read it in their overlap.
 */
function modifiedNow(history: GeneratedHistory): GeneratedHistory {
  const now = `${new Date().toISOString().slice(0, 19)}+0000`;
  return {
    ...history,
    contacts: history.contacts.map((c) => ({ ...c, last_modified_time: now })),
    salesorders: history.salesorders.map((o) => ({ ...o, last_modified_time: now })),
  };
}

async function linksOf(contactIds: string[]) {
  const rows = await query((db) =>
    db.execute<{ inventory_contact_id: string; customer_id: string }>(sql`select inventory_contact_id, customer_id from customer_zoho_links where inventory_contact_id in ${sql.raw(`(${contactIds.map((id) => `'${id}'`).join(",")})`)}`),
  );
  return rows.rows;
}

afterEach(async () => {
  await control("zohoUrl", "/__control/failures", { method: "DELETE" });
});

describe("analytics run: Zoho order history sync", () => {
  it("imports every customer once over pages of 200, matches a chat customer by phone, keeps void and draft orders without counting them", async () => {
    const history = loadHistory(320);
    // A WhatsApp customer who is also in Zoho, written there the local way (050…).
    const chatId = newChatId();
    await say(chatId, "Hello, do you have office chairs?");
    history.contacts[5]!.mobile = `0${chatId.slice(3)}`;
    history.contacts[5]!.phone = "";
    await control("zohoUrl", "/__control/history", { body: { contacts: history.contacts, salesorders: history.salesorders } });

    // A run another file left open would be joined instead of started: let it finish first.
    const open = await query((db) => db.execute<{ id: string }>(sql`select id from analytics_runs where status in ('queued', 'running', 'interrupted')`));
    if (open.rows[0]) await runToEnd();
    const since = await lastSeq();
    const { status, run: started, created } = await startRun();
    expect(status).toBe(202);
    expect(created).toBe(true);
    const again = await startRun();
    expect(again).toMatchObject({ status: 200, created: false, run: { id: started.id } });
    const run = await waitForAnalytics(started.id);
    expect(run.status).toBe("succeeded");

    // One run scores everyone: with a trained model every customer the run saw has a 30-day
    // probability, prospects (no standing order) the history's first-purchase rate and no churn risk.
    const trained = await query((db) => db.execute<{ status: string; evaluation: { prospects?: { rate: number; heldOutRate: number | null; customers: number } | null } | null }>(sql`select status, evaluation from analytics_models where run_id = ${started.id}`));
    const everyone = await query((db) =>
      db.execute<{ segment: string | null; p: number | null; churn: number | null; ev: string | null }>(sql`
        select a.segment, a.purchase_probability_30d as p, a.churn_risk as churn, a.expected_value_12m_aed::text as ev
        from customers c left join customer_analytics a on a.customer_id = c.id
        where c.created_at <= (select finished_at from analytics_runs where id = ${started.id})`),
    );
    const prospectRows = everyone.rows.filter((r) => r.segment === "prospect");
    expect(prospectRows.length).toBeGreaterThan(0);
    if (trained.rows[0]!.status === "trained") {
      const prospects = trained.rows[0]!.evaluation!.prospects!;
      expect(prospects).toMatchObject({ rate: expect.any(Number), customers: expect.any(Number) });
      expect(everyone.rows.filter((r) => r.p === null)).toEqual([]);
      for (const r of prospectRows) {
        expect(r.p).toBeCloseTo(prospects.rate, 4);
        expect(r.churn).toBeNull();
        expect(Number(r.ev)).toBeGreaterThanOrEqual(0);
      }
      expect(everyone.rows.filter((r) => r.segment !== "prospect").every((r) => r.churn !== null)).toBe(true);
    } else {
      expect(everyone.rows.filter((r) => r.p !== null)).toEqual([]);
    }

    const log = (await zohoLog(since)).filter((r) => r.status === 200);
    const contactPages = log.filter((r) => r.path === "/inventory/v1/contacts").map((r) => r.query);
    const orderPages = log.filter((r) => r.path === "/inventory/v1/salesorders").map((r) => r.query);
    expect(contactPages.length).toBeGreaterThanOrEqual(2);
    for (const q of [...contactPages, ...orderPages]) expect(q).toMatchObject({ per_page: "200", sort_column: "created_time" });
    for (const q of contactPages) expect(q.contact_type).toBe("customer");
    expect(contactPages.map((q) => Number(q.page))).toEqual(contactPages.map((_, i) => i + 1));
    expect(orderPages.map((q) => Number(q.page))).toEqual(orderPages.map((_, i) => i + 1));

    // Every contact is exactly one customer, never two.
    const links = await linksOf(history.contacts.map((c) => c.contact_id));
    expect(links).toHaveLength(history.contacts.length);
    expect(new Set(links.map((l) => l.customer_id)).size).toBe(history.contacts.length);
    const chatCustomer = await query((db) => db.execute<{ id: string }>(sql`select id from customers where phone = ${chatId}`));
    expect(links.find((l) => l.inventory_contact_id === history.contacts[5]!.contact_id)!.customer_id).toBe(chatCustomer.rows[0]!.id);
    // Each link keeps its contact's Zoho created_time, to the second, as the stand-in serves it (the
    // matched chat customer's included).
    const ids = history.contacts.map((c) => c.contact_id);
    const expectedCreated = await standInCreatedTimes(ids);
    expect(expectedCreated.size).toBe(ids.length);
    expect(await createdTimesOf(ids)).toEqual(expectedCreated);

    // Orders are all kept; only standing ones count in RFM.
    const ours = history.salesorders.map((o) => o.salesorder_id);
    const stored = await query((db) => db.execute<{ n: number }>(sql`select count(*)::int as n from zoho_sales_orders where salesorder_id in ${sql.raw(`(${ours.map((id) => `'${id}'`).join(",")})`)}`));
    expect(stored.rows[0]!.n).toBe(ours.length);
    const withVoid = history.salesorders.find((o) => o.status === "void" || o.status === "draft")!;
    const owner = history.salesorders.filter((o) => o.customer_id === withVoid.customer_id);
    const standing = owner.filter((o) => o.status !== "void" && o.status !== "draft");
    const customerId = links.find((l) => l.inventory_contact_id === withVoid.customer_id)!.customer_id;
    const analytics = await query((db) => db.execute<{ frequency: number; monetary_aed: string; segment: string }>(sql`select frequency, monetary_aed, segment from customer_analytics where customer_id = ${customerId}`));
    expect(analytics.rows[0]!.frequency).toBe(standing.length);
    expect(Number(analytics.rows[0]!.monetary_aed)).toBeCloseTo(standing.reduce((s, o) => s + o.total, 0), 1);

    // What the salesperson would be told about the chat customer: their segment and last standing order.
    const chatOrders = history.salesorders.filter((o) => o.customer_id === history.contacts[5]!.contact_id && o.status !== "void" && o.status !== "draft");
    const facts = await query((db) => customerHistoryFacts(db, chatCustomer.rows[0]!.id));
    expect(facts).toMatchObject({ frequency: chatOrders.length });
    if (chatOrders.length) expect(customerHistoryLine(facts)).toContain(chatOrders.at(-1)!.salesorder_number);
    else expect(facts!.segment).toBe("prospect");

    // The customers list shows it, and filters and sorts by the new fields.
    const list = (await (await adminFetch(`/api/v1/customers?q=${chatId.slice(-8)}`)).json()) as { customers: Record<string, unknown>[] };
    expect(list.customers[0]).toMatchObject({ id: chatCustomer.rows[0]!.id, zohoContactId: history.contacts[5]!.contact_id, segment: expect.any(String), rfm: { frequency: expect.any(Number) } });
    const lost = (await (await adminFetch("/api/v1/customers?segment=lost&sort=churnRisk&limit=20")).json()) as { customers: { segment: string; churnRisk: number | null }[] };
    expect(lost.customers.length).toBeGreaterThan(0);
    for (const row of lost.customers) expect(row.segment).toBe("lost");
    const risks = lost.customers.map((c) => c.churnRisk ?? -1);
    expect(risks).toEqual([...risks].sort((a, b) => b - a));
    expect((await adminFetch("/api/v1/customers?segment=vip")).status).toBe(400);

    // A Zoho customer who now writes on WhatsApp is the same customer, with a lead score.
    const known = history.contacts.find((c, i) => i !== 5 && normalizePhone(c.mobile) && history.salesorders.some((o) => o.customer_id === c.contact_id && o.status === "fulfilled"))!;
    const knownPhone = normalizePhone(known.mobile)!;
    const knownCustomer = links.find((l) => l.inventory_contact_id === known.contact_id)!.customer_id;
    await say(knownPhone, "Hi, I ordered from you before. Do you have the same desks?");
    const same = await query((db) => db.execute<{ id: string }>(sql`select id from customers where phone = ${knownPhone}`));
    expect(same.rows.map((r) => r.id)).toEqual([knownCustomer]);
    const knownRow = (await (await adminFetch(`/api/v1/customers?q=${knownPhone}`)).json()) as { customers: { id: string; leadScore: number | null; segment: string }[] };
    expect(knownRow.customers).toHaveLength(1);
    expect(knownRow.customers[0]).toMatchObject({ id: knownCustomer, leadScore: expect.any(Number) });
    expect(knownRow.customers[0]!.segment).not.toBe("prospect");
    // The salesperson was told who this is: the segment and last order, from the history alone.
    const told = await modelRequests("ordered from you before");
    expect(told.length).toBeGreaterThan(0);
    const line = customerHistoryLine(await query((db) => customerHistoryFacts(db, knownCustomer)));
    expect(line).toMatch(/^From our order history \(Zoho\), this customer /);
    expect(told[0]!.systemText).toContain(line!);

    // Starting the run was audited.
    const audit = await query((db) => db.execute<{ action: string }>(sql`select action from audit_log where target_id = ${started.id}`));
    expect(audit.rows.map((r) => r.action)).toContain("analytics.run_start");
  });

  it("with the contacts' creation dates the prospects' first-purchase rate matches the held-back window", async () => {
    // The generator creates most contacts the day of their first order and 15% that never buy, so
    // a prospect (created, no standing order) rarely buys: about 1% a month, in training and held
    // back alike. Without creation dates every contact counted as a prospect at every cutoff, and
    // the rate read ~8% against ~18% held back (docs/analytics.md).
    // 2,000 more contacts in two runs of 1,000 (a run of 2,000 would take more invocations than a run
    // may at the tests' 2 pages each); the model trains on everything synced.
    let run: RunView | undefined;
    for (let i = 0; i < 2; i++) {
      const history = loadHistory(1000);
      const imported = modifiedNow(history);
      await control("zohoUrl", "/__control/history", { body: { contacts: imported.contacts, salesorders: imported.salesorders } });
      try {
        run = await runToEnd();
      } finally {
        await control("zohoUrl", "/__control/history", { body: { contacts: history.contacts, salesorders: history.salesorders } });
      }
      expect(run.contactsSeen).toBe(1000);
      const ids = history.contacts.map((c) => c.contact_id);
      expect(await createdTimesOf(ids)).toEqual(await standInCreatedTimes(ids));
    }
    const model = await query((db) =>
      db.execute<{ status: string; evaluation: { prospects: { rate: number; heldOutRate: number | null; customers: number; buyers: number } | null } | null }>(sql`select status, evaluation from analytics_models where run_id = ${run!.id}`),
    );
    expect(model.rows[0]!.status).toBe("trained");
    const p = model.rows[0]!.evaluation!.prospects!;
    // ~15% of 2,000 contacts are prospects at the held-back cutoff (more with other files' customers).
    expect(p.customers).toBeGreaterThan(200);
    expect(p.heldOutRate).toBe(p.buyers / p.customers);
    // The held-back count is binomial around the trained rate: 3 standard deviations, plus two buyers
    // since the expected count is only 2 to 4 (the normal reading is poor that low, and one buyer was
    // not enough slack once in 600 generated histories of 2,000). With that slack none of 600 left
    // it; the rate without creation dates met it in 2 of them (docs/analytics.md).
    const tolerance = 3 * Math.sqrt((p.rate * (1 - p.rate)) / p.customers) + 2 / p.customers;
    expect(Math.abs(p.heldOutRate! - p.rate)).toBeLessThanOrEqual(tolerance);
    expect(p.rate).toBeLessThan(0.04);
  });

  it("a second run reads only what changed since the first", async () => {
    const history = loadHistory(60);
    await control("zohoUrl", "/__control/history", { body: { contacts: history.contacts, salesorders: history.salesorders } });
    await runToEnd();
    // One order voided in Zoho after the run.
    const order = history.salesorders.find((o) => o.status !== "void" && o.status !== "draft")!;
    const later = `${new Date(Date.now() + 60_000).toISOString().slice(0, 19)}+0000`;
    // And one contact edited in Zoho after the run.
    const edited = history.contacts[1]!;
    await control("zohoUrl", "/__control/history", { body: { contacts: [{ ...edited, notes: "moved office", last_modified_time: later }], salesorders: [{ ...order, status: "void", last_modified_time: later }] } });
    const since = await lastSeq();
    const run = await runToEnd();
    expect(run.mode).toBe("incremental");
    const log = (await zohoLog(since)).filter((r) => r.status === 200 && r.path.startsWith("/inventory/v1/"));
    for (const request of log) expect(request.query.last_modified_time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+0000$/);
    expect(run.ordersSeen).toBeLessThan(10);
    const stored = await query((db) => db.execute<{ status: string }>(sql`select status from zoho_sales_orders where salesorder_id = ${order.salesorder_id}`));
    expect(stored.rows[0]!.status).toBe("void");
    // The incremental run read the edited contact and stored its creation time.
    expect(run.contactsSeen).toBeLessThan(10);
    const createdInZoho = (await standInCreatedTimes([edited.contact_id])).get(edited.contact_id)!;
    expect((await createdTimesOf([edited.contact_id])).get(edited.contact_id)).toBe(createdInZoho);
    // A link as a sync before migration 0022 left it (no creation time) gains it when an incremental run reads the contact again.
    await query((db) => db.execute(sql`update customer_zoho_links set zoho_created_at = null where inventory_contact_id = ${edited.contact_id}`));
    const third = await runToEnd();
    expect(third.mode).toBe("incremental");
    expect(third.contactsSeen).toBeGreaterThan(0);
    expect((await createdTimesOf([edited.contact_id])).get(edited.contact_id)).toBe(createdInZoho);
  });

  it("resumes a run interrupted on a sale-order page from its checkpoint", async () => {
    const history = loadHistory(40);
    await control("zohoUrl", "/__control/history", { body: { contacts: history.contacts, salesorders: history.salesorders } });
    // Zoho fails the first sale-order page more times than the client retries.
    await control("zohoUrl", "/__control/failures", { body: { failures: [{ path: "/inventory/v1/salesorders", page: 1, method: "GET", status: 503, body: { code: 503, message: "Service unavailable" }, times: 5 }] } });
    const { run: started } = await startRun();
    const interrupted = await waitForAnalytics(started.id, (r) => r.status === "interrupted" || finished(r));
    expect(interrupted).toMatchObject({ status: "interrupted", checkpoint: { phase: "orders", page: 1 } });
    expect(interrupted.errors.at(-1)).toMatchObject({ kind: "zoho" });
    const contactsBefore = interrupted.contactsSeen;
    const since = await lastSeq();
    const resumed = await startRun();
    expect(resumed).toMatchObject({ created: false, run: { id: started.id } });
    const done = await waitForAnalytics(started.id);
    expect(done.status).toBe("succeeded");
    // The contacts were not read again: the run went on from its checkpoint.
    expect(done.contactsSeen).toBe(contactsBefore);
    const log = (await zohoLog(since)).filter((r) => r.status === 200);
    expect(log.some((r) => r.path === "/inventory/v1/contacts")).toBe(false);
    expect(log.some((r) => r.path === "/inventory/v1/salesorders")).toBe(true);
  });

  it("segment thresholds come from the settings: a longer Lost threshold relabels lost customers at the next run", async () => {
    const patch = (body: unknown) => adminFetch("/api/v1/admin/settings", { method: "PATCH", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    const count = async (segment: string) => (await query((db) => db.execute<{ n: number }>(sql`select count(*)::int as n from customer_analytics where segment = ${segment}`))).rows[0]!.n;
    await runToEnd();
    const lostBefore = await count("lost");
    expect(lostBefore).toBeGreaterThan(0);
    expect((await patch({ segmentAtRiskDays: 3000, segmentLostDays: 3650 })).status).toBe(200);
    try {
      await runToEnd();
      expect(await count("lost")).toBe(0);
    } finally {
      expect((await patch({ segmentAtRiskDays: 240, segmentLostDays: 540 })).status).toBe(200);
    }
    await runToEnd();
    expect(await count("lost")).toBe(lostBefore);
  });

  it("the cron tick starts the nightly run in the 22:00 UTC hour and not at another hour", async () => {
    const latest = async () => (await query((db) => db.execute<{ id: string; trigger: string }>(sql`select id, trigger from analytics_runs order by requested_at desc limit 1`))).rows[0];
    await runToEnd();
    const before = await latest();
    const tomorrow = new Date(Date.now() + 86_400_000);
    await analyticsCronTick(servicesFor(env), new Date(Date.UTC(tomorrow.getUTCFullYear(), tomorrow.getUTCMonth(), tomorrow.getUTCDate(), 10, 0)));
    expect((await latest())!.id).toBe(before!.id);
    await analyticsCronTick(servicesFor(env), new Date(Date.UTC(tomorrow.getUTCFullYear(), tomorrow.getUTCMonth(), tomorrow.getUTCDate(), 22, 5)));
    const nightly = (await latest())!;
    expect(nightly).toMatchObject({ trigger: "cron" });
    expect(nightly.id).not.toBe(before!.id);
    expect((await waitForAnalytics(nightly.id)).status).toBe("succeeded");
  });

  it("the model and segments endpoints report what the run found", async () => {
    const model = (await (await adminFetch("/api/v1/analytics/model")).json()) as { status: string; reason: string | null; evaluation: Record<string, unknown> | null; features: string[] };
    expect(["trained", "insufficient"]).toContain(model.status);
    if (model.status === "trained") {
      expect(model.evaluation).toMatchObject({ auc: expect.any(Number), baselineAuc: expect.any(Number), brier: expect.any(Number), baselineBrier: expect.any(Number), positives: expect.any(Number), customers: expect.any(Number), window: { from: expect.any(String), to: expect.any(String) } });
      expect(model.evaluation!.prospects).toMatchObject({ rate: expect.any(Number), customers: expect.any(Number) });
    } else {
      expect(model.reason).toMatch(/\w+/);
    }
    expect(model.features).toContain("log_recency_days");
    const { segments } = (await (await adminFetch("/api/v1/analytics/segments")).json()) as { segments: { segment: string; customers: number; revenueAed: number }[] };
    expect(segments.map((s) => s.segment)).toEqual(["prospect", "new", "active", "loyal", "big_account", "at_risk", "lost"]);
    expect(segments.reduce((sum, s) => sum + s.customers, 0)).toBeGreaterThan(300);
    expect(segments.find((s) => s.segment === "prospect")!.revenueAed).toBe(0);
  });
});
