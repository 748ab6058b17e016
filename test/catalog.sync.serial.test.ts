import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import worker from "../src/shell/index";
import type { ZohoRecordedRequest } from "../stand-ins/zoho";
import { generateZohoItems, zohoTime, type ZohoItem } from "../stand-ins/zoho-catalog";
import { claimRun, createRun, releaseRun } from "../src/adapters/db/sync-runs-repo";
import { adminFetch, control, query, requestSync, syncCatalog, waitForRun, zohoGatewayStatus } from "./helpers";

/**
 * Catalog sync against the Zoho stand-in, end to end: POST /products/sync -> zoho-sync queue ->
 * consumer in this worker -> Zoho stand-in -> Postgres, embeddings stand-in and Qdrant stand-in.
 * The stand-in serves the demo catalog plus probe items these tests add, change and delete;
 * demo products are never touched, so other test files keep their catalog.
 */
type LoggedRequest = ZohoRecordedRequest;

const PROBES = generateZohoItems(250, { seed: 7, startIndex: 90_000 }).map((item) => ({ ...item, status: "active" as const }));

async function zohoLog(since = 0): Promise<LoggedRequest[]> {
  const { requests } = await control<{ requests: LoggedRequest[] }>("zohoUrl", "/__control/requests");
  return requests.filter((r) => r.seq > since);
}
async function lastSeq(): Promise<number> {
  const log = await zohoLog();
  return log.at(-1)?.seq ?? 0;
}
async function embeddingStats(): Promise<{ requests: number; inputs: number }> {
  return control("embeddingsUrl", "/__control/stats");
}
async function productStatus(sku: string): Promise<string | undefined> {
  const rows = await query((db) => db.execute<{ status: string }>(sql`select status from products where sku = ${sku}`));
  return rows.rows[0]?.status;
}
const finished = (run: { status: string }) => run.status === "succeeded" || run.status === "failed";
const itemPages = (log: LoggedRequest[]) => log.filter((r) => r.path === "/inventory/v1/items" && r.status === 200).map((r) => Number(r.query.page));

beforeAll(async () => {
  await control("zohoUrl", "/__control/items", { body: { items: PROBES } });
  // Start from a run that has seen everything, so each test's run does only its own work.
  await syncCatalog({ mode: "full" });
});

afterEach(async () => {
  await control("zohoUrl", "/__control/failures", { method: "DELETE" });
});

afterAll(async () => {
  for (const probe of PROBES) await control("zohoUrl", `/__control/items/${probe.item_id}`, { method: "DELETE" }).catch(() => undefined);
  await syncCatalog({ mode: "full" });
});

describe("catalog sync from Zoho Inventory", () => {
  it("syncs the whole catalog over several pages of 200, continuing across queue invocations", async () => {
    const since = await lastSeq();
    const run = await syncCatalog({ mode: "full" });
    const log = await zohoLog(since);
    // 184 demo items + 250 probes = 434 items: three pages, each fetched once (two pages per invocation here).
    expect(run).toMatchObject({ mode: "full", status: "succeeded", pages: 3, itemsSeen: 434, itemsSkipped: 0, itemsRemoved: 0 });
    expect(itemPages(log)).toEqual([1, 2, 3]);
    for (const request of log.filter((r) => r.path === "/inventory/v1/items")) {
      expect(request.query).toMatchObject({ per_page: "200", organization_id: "60000000001" });
    }
    const probe = PROBES[17]!;
    const response = await adminFetch(`/api/v1/products/${probe.sku}`);
    expect(response.status).toBe(200);
    const { product } = (await response.json()) as { product: { name: string; priceAed: number; stockAvailable: number; nameAr: string } };
    expect(product).toMatchObject({ name: probe.name, priceAed: probe.rate, stockAvailable: probe.available_stock });
    expect(product.nameAr).toBe(probe.custom_fields.find((f) => f.api_name === "cf_name_ar")!.value);
  });

  it("re-syncing an unchanged catalog makes zero embedding calls", async () => {
    const before = await embeddingStats();
    const run = await syncCatalog({ mode: "full" });
    const after = await embeddingStats();
    expect(run.itemsChanged).toBe(0);
    expect(run.embeddingRequests).toBe(0);
    expect(after.requests).toBe(before.requests);
  });

  it("syncs incrementally by last_modified_time and re-embeds only items whose text changed", async () => {
    const [priced, renamed] = [PROBES[3]!, PROBES[4]!];
    const later = zohoTime(new Date(Date.now() + 60 * 60_000));
    await control("zohoUrl", "/__control/items", {
      body: {
        items: [
          { ...priced, rate: priced.rate + 100, available_stock: 3, last_modified_time: later },
          { ...renamed, name: `${renamed.name} Pro`, last_modified_time: later },
        ],
      },
    });
    const since = await lastSeq();
    const before = await embeddingStats();
    const run = await syncCatalog({ mode: "incremental" });
    const after = await embeddingStats();
    const listing = (await zohoLog(since)).filter((r) => r.path === "/inventory/v1/items");
    expect(run.mode).toBe("incremental");
    expect(listing.every((r) => typeof r.query.last_modified_time === "string")).toBe(true);
    // Only the two modified items (and whatever else changed within the overlap window) were fetched and changed.
    expect(run.itemsChanged).toBe(2);
    expect(run.embedded).toBe(1);
    expect(after.inputs - before.inputs).toBe(1);
    const { product } = (await (await adminFetch(`/api/v1/products/${priced.sku}`)).json()) as { product: { priceAed: number; stockAvailable: number } };
    expect(product).toMatchObject({ priceAed: priced.rate + 100, stockAvailable: 3 });
    const renamedRow = (await (await adminFetch(`/api/v1/products/${renamed.sku}`)).json()) as { product: { name: string } };
    expect(renamedRow.product.name).toBe(`${renamed.name} Pro`);
  });

  it("marks an item deleted upstream (full sync) or made inactive (incremental) as unavailable and never serves it", async () => {
    const [deleted, inactive] = [PROBES[10]!, PROBES[11]!];
    await control("zohoUrl", `/__control/items/${deleted.item_id}`, { method: "DELETE" });
    await control("zohoUrl", "/__control/items", { body: { items: [{ ...inactive, status: "inactive" }] } });
    const run = await syncCatalog({ mode: "full" });
    expect(run.itemsRemoved).toBe(1);
    expect(await productStatus(deleted.sku)).toBe("deleted");
    expect(await productStatus(inactive.sku)).toBe("inactive");
    for (const sku of [deleted.sku, inactive.sku]) {
      expect((await adminFetch(`/api/v1/products/${sku}`)).status).toBe(404);
      const search = (await (await adminFetch(`/api/v1/products/search?q=${encodeURIComponent(sku)}`)).json()) as { products: { sku: string }[] };
      expect(search.products.map((p) => p.sku)).not.toContain(sku);
    }
    // Their vectors left the index too.
    const stats = await control<{ collections: Record<string, { points: number }> }>("qdrantUrl", "/__control/stats");
    const active = await query((db) => db.execute<{ n: number }>(sql`select count(*)::int as n from products where status = 'active'`));
    expect(stats.collections.products?.points).toBe(Number(active.rows[0]!.n));
    // Restore both for the tests that follow.
    await control("zohoUrl", "/__control/items", { body: { items: [deleted, { ...inactive, status: "active" }] } });
    await syncCatalog({ mode: "full" });
    expect(await productStatus(deleted.sku)).toBe("active");
  });

  it("backs off on 429 and 5xx and then succeeds", async () => {
    await control("zohoUrl", "/__control/failures", {
      body: {
        failures: [
          { path: "/inventory/v1/items", status: 429, body: { code: 44, message: "You have made too many requests." }, times: 2 },
          { path: "/inventory/v1/items", status: 503, raw: "<html>Service Unavailable</html>", times: 1 },
        ],
      },
    });
    const since = await lastSeq();
    const run = await syncCatalog({ mode: "incremental" });
    const statuses = (await zohoLog(since)).filter((r) => r.path === "/inventory/v1/items").map((r) => r.status);
    expect(statuses.slice(0, 4)).toEqual([429, 429, 503, 200]);
    expect(run.status).toBe("succeeded");
    expect(run.zohoRequests).toBeGreaterThanOrEqual(4);
  });

  it("holds every Zoho caller back after a 429 until Zoho's Retry-After, not only the one that got it", async () => {
    await control("zohoUrl", "/__control/failures", {
      body: { failures: [{ path: "/inventory/v1/items", status: 429, body: { code: 44, message: "Too many requests" }, headers: { "retry-after": "2" }, times: 1 }] },
    });
    const since = await lastSeq();
    const { run } = await requestSync({ mode: "incremental" });
    let limited: LoggedRequest | undefined;
    for (let i = 0; i < 100 && !limited; i++) {
      limited = (await zohoLog(since)).find((r) => r.status === 429);
      if (!limited) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(limited).toBeDefined();
    // Another caller (a live stock check) arrives during the hold: it waits too.
    const probe = PROBES[33]!;
    expect((await adminFetch(`/api/v1/inventory/stock?sku=${probe.sku}`)).status).toBe(200);
    expect((await waitForRun(run.id, 45_000, finished)).status).toBe("succeeded");
    const after = (await zohoLog(since)).filter((r) => r.seq > limited!.seq && r.path.startsWith("/inventory/"));
    expect(after.length).toBeGreaterThanOrEqual(2);
    for (const request of after) expect(request.at - limited!.at).toBeGreaterThanOrEqual(1900);
  });

  it("refreshes the token once when Zoho rejects it (INVALID_TOKEN / 401) and carries on", async () => {
    await control("zohoUrl", "/__control/tokens/revoke", { body: {} });
    const since = await lastSeq();
    const run = await syncCatalog({ mode: "incremental" });
    const log = await zohoLog(since);
    const first = log.findIndex((r) => r.path === "/inventory/v1/items");
    expect(log[first]!.status).toBe(401);
    expect(log.slice(first + 1, first + 3).map((r) => [r.path, r.status])).toEqual([
      ["/oauth/v2/token", 200],
      ["/inventory/v1/items", 200],
    ]);
    expect(log.filter((r) => r.path === "/oauth/v2/token")).toHaveLength(1);
    expect(run.status).toBe("succeeded");
  });

  it("stops asking for tokens after Zoho's 'Access Denied' HTTP 200 answer, and asks again once the pause has passed", { timeout: 90_000 }, async () => {
    // Zoho revokes the token (a real fault), so the next call needs a new one, which Zoho refuses.
    await control("zohoUrl", "/__control/tokens/revoke", { body: {} });
    await control("zohoUrl", "/__control/failures", {
      body: {
        failures: [
          {
            path: "/oauth/v2/token",
            status: 200,
            body: { error: "Access Denied", error_description: "You have made too many requests continuously. Please try again after some time.", status: "failure" },
            times: 5,
          },
        ],
      },
    });
    const since = await lastSeq();
    const { run: requested } = await requestSync({ mode: "incremental" });
    const run = await waitForRun(requested.id);
    expect(run.status).toBe("interrupted");
    expect(run.errors.at(-1)?.message).toMatch(/Access Denied/);
    const { deniedUntil } = await zohoGatewayStatus();
    expect(deniedUntil).toBeGreaterThan(Date.now());
    // Asking again within the pause (ZOHO_TOKEN_DENIED_PAUSE_MS, 20 s here): the gateway refuses
    // without going back to Zoho.
    const again = await requestSync({});
    expect(again).toMatchObject({ created: false, run: { id: run.id } });
    const refused = await waitForRun(run.id, 45_000, (r) => r.errors.some((e) => /paused after an Access Denied/.test(e.message)));
    expect(refused.status).not.toBe("succeeded");
    const during = (await zohoLog(since)).filter((r) => r.path === "/oauth/v2/token");
    expect(during).toHaveLength(1);
    // Zoho's window passes; the pause expires on its own and the run, sent on again, finishes.
    await control("zohoUrl", "/__control/failures", { method: "DELETE" });
    while ((await zohoGatewayStatus()).deniedUntil !== null) await new Promise((resolve) => setTimeout(resolve, 200));
    const resumed = await requestSync({});
    if (resumed.created) {
      // The queue's own retry, timed to the end of the pause (Zoho's retry hint), sent the run on
      // and finished it before this request (seen on a loaded machine): the request then starts
      // a fresh run, which must finish before the next test asks for its own.
      expect((await waitForRun(run.id)).status).toBe("succeeded");
      expect((await waitForRun(resumed.run.id, 45_000, finished)).status).toBe("succeeded");
    } else {
      expect(resumed).toMatchObject({ created: false, run: { id: run.id } });
    }
    expect((await waitForRun(run.id, 45_000, finished)).status).toBe("succeeded");
    const grants = (await zohoLog(since)).filter((r) => r.path === "/oauth/v2/token");
    expect(grants).toHaveLength(2);
    expect(grants[1]!.at).toBeGreaterThanOrEqual(deniedUntil!);
  });

  it("resumes a sync interrupted mid-way from its checkpoint instead of starting over", async () => {
    await control("zohoUrl", "/__control/failures", { body: { failures: [{ path: "/inventory/v1/items", page: 2, status: 500, body: { code: 9999, message: "Internal error" }, times: 5 }] } });
    const since = await lastSeq();
    const { run: requested } = await requestSync({ mode: "full" });
    const interrupted = await waitForRun(requested.id);
    expect(interrupted).toMatchObject({ status: "interrupted", checkpoint: { nextPage: 2 }, pages: 1 });
    expect(interrupted.errors.at(-1)).toMatchObject({ kind: "zoho", page: 2 });
    await control("zohoUrl", "/__control/failures", { method: "DELETE" });
    const resumed = await requestSync({ mode: "full" });
    expect(resumed).toMatchObject({ created: false, resumed: true, run: { id: requested.id } });
    const done = await waitForRun(requested.id, 45_000, finished);
    expect(done).toMatchObject({ status: "succeeded", pages: 3, itemsSeen: 434, itemsRemoved: 0 });
    expect(itemPages(await zohoLog(since))).toEqual([1, 2, 3]);
  });

  it("gives two concurrent sync requests one run", async () => {
    const [a, b] = await Promise.all([requestSync({ mode: "full" }), requestSync({ mode: "full" })]);
    expect(a.run.id).toBe(b.run.id);
    expect([a.created, b.created].sort()).toEqual([false, true]);
    expect([a.status, b.status].sort()).toEqual([200, 202]);
    expect((await waitForRun(a.run.id)).status).toBe("succeeded");
  });

  it("confirms with Zoho before deleting a product a full listing missed (pages shift when items go mid-run)", async () => {
    const since = await lastSeq();
    // Page 3 comes back empty, as when deletions shift later items onto pages already read.
    await control("zohoUrl", "/__control/failures", {
      body: { failures: [{ path: "/inventory/v1/items", page: 3, status: 200, body: { code: 0, message: "success", items: [], page_context: { page: 3, per_page: 200, has_more_page: false } } }] },
    });
    const run = await syncCatalog({ mode: "full" });
    expect(run.itemsSeen).toBe(400);
    expect(run.itemsRemoved).toBe(0);
    const confirmations = (await zohoLog(since)).filter((r) => /^\/inventory\/v1\/items\/\d+$/.test(r.path));
    expect(confirmations).toHaveLength(34);
    expect(run.errors.filter((e) => /still exists in Zoho; kept/.test(e.message))).toHaveLength(34);
    const active = await query((db) => db.execute<{ n: number }>(sql`select count(*)::int as n from products where status = 'active'`));
    expect(Number(active.rows[0]!.n)).toBeGreaterThanOrEqual(430);
  });

  it("skips and reports malformed items without failing the sync", async () => {
    const broken: Partial<ZohoItem>[] = [
      { ...PROBES[20]!, item_id: "9900000000000001", sku: "BROKEN-RATE-1", rate: "lots" as unknown as number },
      { ...PROBES[21]!, item_id: "9900000000000002", sku: "" },
      { ...PROBES[22]!, item_id: "9900000000000003", sku: PROBES[0]!.sku },
    ];
    await control("zohoUrl", "/__control/items", { body: { items: broken } });
    try {
      const run = await syncCatalog({ mode: "full" });
      expect(run.itemsSkipped).toBe(3);
      const reported = run.errors.filter((e) => e.kind === "malformed_item").map((e) => e.itemId);
      expect(reported).toEqual(expect.arrayContaining(["9900000000000001", "9900000000000002", "9900000000000003"]));
      expect(run.errors.find((e) => e.itemId === "9900000000000001")?.message).toMatch(/rate/);
      expect(await productStatus("BROKEN-RATE-1")).toBeUndefined();
      expect(await productStatus(PROBES[0]!.sku)).toBe("active");
    } finally {
      for (const item of broken) await control("zohoUrl", `/__control/items/${item.item_id}`, { method: "DELETE" });
    }
  });

  it("keeps an existing product with its last good data when its new version in Zoho is malformed", async () => {
    const probe = PROBES[24]!;
    await control("zohoUrl", "/__control/items", { body: { items: [{ ...probe, rate: "call us" }] } });
    try {
      const run = await syncCatalog({ mode: "full" });
      expect(run.itemsRemoved).toBe(0);
      expect(run.errors.find((e) => e.itemId === probe.item_id)?.message).toMatch(/rate/);
      expect(await productStatus(probe.sku)).toBe("active");
      const { product } = (await (await adminFetch(`/api/v1/products/${probe.sku}`)).json()) as { product: { priceAed: number } };
      expect(product.priceAed).toBe(probe.rate);
    } finally {
      await control("zohoUrl", "/__control/items", { body: { items: [probe] } });
    }
  });

  it("lets only the current lease holder write: a stalled invocation taken over cannot reopen or finish the run", async () => {
    const { run } = await requestSync({ mode: "incremental" });
    await waitForRun(run.id, 45_000, finished);
    const stale = await query(async (db) => {
      const created = await createRun(db, { trigger: "api", mode: "incremental", modifiedSince: new Date() });
      const first = (await claimRun(db, created.run.id, 60_000))!;
      // The first holder stalls past its lease; another invocation takes the run over.
      await db.execute(sql`update catalog_sync_runs set lease_until = now() - interval '1 second' where id = ${first.id}`);
      const second = (await claimRun(db, created.run.id, 60_000))!;
      const lateWrite = await releaseRun(db, { runId: first.id, token: first.leaseToken }, "queued").then(
        () => "written",
        (error: unknown) => (error as Error).name,
      );
      const finishedBySecond = await releaseRun(db, { runId: second.id, token: second.leaseToken }, "succeeded");
      return { lateWrite, tokensDiffer: first.leaseToken !== second.leaseToken, status: finishedBySecond.status, attempts: finishedBySecond.attempts };
    });
    expect(stale).toEqual({ lateWrite: "LeaseLostError", tokensDiffer: true, status: "succeeded", attempts: 2 });
  });

  it("shows runs at GET /products/sync and refuses bad requests", async () => {
    const response = await adminFetch("/api/v1/products/sync?limit=3");
    expect(response.status).toBe(200);
    const body = (await response.json()) as { runs: RunLike[]; zohoConfigured: boolean; vectorStore: string };
    expect(body.runs).toHaveLength(3);
    expect(body).toMatchObject({ zohoConfigured: true, vectorStore: "qdrant" });
    expect(body.runs[0]).toHaveProperty("startedAt");
    expect((await adminFetch("/api/v1/products/sync", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ mode: "everything" }) })).status).toBe(400);
    expect((await adminFetch("/api/v1/products/sync/not-a-uuid")).status).toBe(400);
    expect((await adminFetch("/api/v1/products/sync/00000000-0000-4000-8000-000000000000")).status).toBe(404);
    expect((await exportsFetch("/api/v1/products/sync", { method: "POST" })).status).toBe(401);
  });

  it("the cron tick starts a sync only when the interval setting has passed", async () => {
    const count = async () => Number((await query((db) => db.execute<{ n: number }>(sql`select count(*)::int as n from catalog_sync_runs`))).rows[0]!.n);
    const tick = async () => {
      const ctx = createExecutionContext();
      await worker.scheduled(createScheduledController({ cron: "*/5 * * * *" }), env, ctx);
      await waitOnExecutionContext(ctx);
    };
    const before = await count();
    await tick();
    expect(await count()).toBe(before);
    await query((db) => db.execute(sql`update catalog_sync_runs set requested_at = requested_at - interval '2 hours'`));
    await tick();
    expect(await count()).toBe(before + 1);
    const { runs } = (await (await adminFetch("/api/v1/products/sync?limit=1")).json()) as { runs: (RunLike & { trigger: string })[] };
    expect(runs[0]!.trigger).toBe("cron");
    expect((await waitForRun(runs[0]!.id)).status).toBe("succeeded");
  });
});

describe("live stock", () => {
  it("reads stock from Zoho, caches it briefly, and writes it back to the catalog", async () => {
    const probe = PROBES[30]!;
    await control("zohoUrl", "/__control/items", { body: { items: [{ ...probe, available_stock: 41, stock_on_hand: 45 }] } });
    const since = await lastSeq();
    const first = await adminFetch(`/api/v1/inventory/stock?sku=${probe.sku.toLowerCase()}`);
    expect(first.status).toBe(200);
    expect(((await first.json()) as { stock: unknown }).stock).toMatchObject({ sku: probe.sku, available: 41, onHand: 45, source: "zoho", status: "active" });
    await control("zohoUrl", "/__control/items", { body: { items: [{ ...probe, available_stock: 2 }] } });
    const cached = (await (await adminFetch(`/api/v1/inventory/stock?sku=${probe.sku}`)).json()) as { stock: { available: number } };
    expect(cached.stock.available).toBe(41);
    expect((await zohoLog(since)).filter((r) => r.path.startsWith(`/inventory/v1/items/${probe.item_id}`))).toHaveLength(1);
    const row = await query((db) => db.execute<{ stock_available: number }>(sql`select stock_available from products where sku = ${probe.sku}`));
    expect(row.rows[0]!.stock_available).toBe(41);
  });

  it("marks a product Zoho no longer has as deleted on a live check, and the next sync takes its vector out", async () => {
    const probe = PROBES[32]!;
    await control("zohoUrl", `/__control/items/${probe.item_id}`, { method: "DELETE" });
    try {
      const { stock } = (await (await adminFetch(`/api/v1/inventory/stock?sku=${probe.sku}`)).json()) as { stock: { status: string; available: number } };
      expect(stock).toMatchObject({ status: "deleted", available: 0 });
      expect((await adminFetch(`/api/v1/products/${probe.sku}`)).status).toBe(404);
      await syncCatalog({ mode: "incremental" });
      const stats = await control<{ collections: Record<string, { points: number }> }>("qdrantUrl", "/__control/stats");
      const active = await query((db) => db.execute<{ n: number }>(sql`select count(*)::int as n from products where status = 'active'`));
      expect(stats.collections.products?.points).toBe(Number(active.rows[0]!.n));
    } finally {
      await control("zohoUrl", "/__control/items", { body: { items: [probe] } });
      await syncCatalog({ mode: "full" });
    }
    expect(await productStatus(probe.sku)).toBe("active");
  });

  it("answers 404 for an unknown SKU, 400 without one, and the last synced figure when Zoho is down", async () => {
    expect((await adminFetch("/api/v1/inventory/stock?sku=NOPE-000")).status).toBe(404);
    expect((await adminFetch("/api/v1/inventory/stock")).status).toBe(400);
    const probe = PROBES[31]!;
    await control("zohoUrl", "/__control/failures", { body: { failures: [{ path: `/inventory/v1/items/${probe.item_id}`, status: 503, times: 10 }] } });
    const response = await adminFetch(`/api/v1/inventory/stock?sku=${probe.sku}`);
    expect(response.status).toBe(200);
    const { stock } = (await response.json()) as { stock: { source: string; warning: string; available: number } };
    expect(stock.source).toBe("catalog");
    expect(stock.warning).toMatch(/Zoho unavailable/);
    expect(stock.available).toBe(probe.available_stock);
  });
});

type RunLike = { id: string; status: string };

function exportsFetch(path: string, init: RequestInit) {
  return worker.fetch(new Request(`https://agent.test${path}`, init), env, createExecutionContext());
}
