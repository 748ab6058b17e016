import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { ZohoRecordedRequest } from "../stand-ins/zoho";
import { control, query, syncCatalog } from "./helpers";

/**
 * Serial (it runs full syncs). Demo products loaded before a real Zoho was configured are not in
 * the retailer's Zoho: the first full sync removes every one of them, not 50 a run, without
 * asking Zoho about each; a product that came from Zoho is still confirmed before it goes.
 */
describe("demo products under a real Zoho", () => {
  it("the first full sync removes all demo rows Zoho does not list, at once", async () => {
    const tag = `DEMO${Date.now().toString(36).toUpperCase()}`;
    await query((db) =>
      db.execute(sql`insert into products (sku, zoho_item_id, name_en, category, price_aed, stock_available, stock_on_hand, status, demo)
        select ${tag} || '-' || n, '7' || ${String(Date.now())} || lpad(n::text, 3, '0'), 'Demo chair ' || n, 'Chairs', 100, 5, 5, 'active', true
        from generate_series(1, 120) as n`),
    );
    const before = await control<{ requests: ZohoRecordedRequest[] }>("zohoUrl", "/__control/requests");
    const since = before.requests.at(-1)?.seq ?? 0;

    const run = await syncCatalog({ mode: "full" });
    expect(run.status).toBe("succeeded");
    expect(run.itemsRemoved).toBeGreaterThanOrEqual(120);
    const left = await query((db) => db.execute<{ status: string; n: number }>(sql`select status, count(*)::int as n from products where sku like ${`${tag}-%`} group by status`));
    expect(left.rows).toEqual([{ status: "deleted", n: 120 }]);
    // Not one Zoho lookup for them: demo item ids mean nothing to the retailer's Zoho.
    const { requests } = await control<{ requests: ZohoRecordedRequest[] }>("zohoUrl", "/__control/requests");
    expect(requests.filter((r) => r.seq > since && /^\/inventory\/v1\/items\/7/.test(r.path))).toHaveLength(0);
    // Products the sync saw are no longer demo rows.
    const demoActive = await query((db) => db.execute<{ n: number }>(sql`select count(*)::int as n from products where demo and status = 'active'`));
    expect(demoActive.rows[0]!.n).toBe(0);
  });
});
