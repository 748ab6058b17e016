import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { leadScore } from "../src/core/analytics/lead-score";
import { adminFetch, newChatId, query, say } from "./helpers";

interface InboxRow {
  id: string;
  chatId: string;
  leadScore: number;
}

async function inbox(params: string): Promise<InboxRow[]> {
  const response = await adminFetch(`/api/v1/conversations?${params}`);
  expect(response.status).toBe(200);
  return ((await response.json()) as { conversations: InboxRow[] }).conversations;
}

describe("lead score in the inbox and the customers list", () => {
  it("a delivery question raises the score, silence fades it, and the inbox sorts by it", async () => {
    const quiet = newChatId();
    const asking = newChatId();
    await say(quiet, "hello");
    await say(asking, "Hello, can you deliver to Abu Dhabi?");
    const [quietRow] = await inbox(`q=${quiet}`);
    const [askingRow] = await inbox(`q=${asking}`);
    // The same numbers the pure rule gives for these signals.
    expect(quietRow!.leadScore).toBe(leadScore({ hasCompany: false, statedNeeds: false, segment: null, expectedValue12mAed: null, quotationShown: false, stockChecked: false, deliveryAsked: false, silenceDays: 0 }));
    const fresh = leadScore({ hasCompany: false, statedNeeds: false, segment: null, expectedValue12mAed: null, quotationShown: false, stockChecked: false, deliveryAsked: true, silenceDays: 0 });
    expect(fresh).toBeGreaterThan(0);
    expect(askingRow!.leadScore).toBe(fresh);

    // A stated company adds fit; fourteen days of silence halve the whole.
    await query((db) => db.execute(sql`update customers set profile = profile || '{"company":"Acme Trading","needs":"12 desks"}'::jsonb where phone = ${asking}`));
    await query((db) => db.execute(sql`update messages set sent_at = sent_at - interval '14 days' where conversation_id = ${askingRow!.id}`));
    const [aged] = await inbox(`q=${asking}`);
    expect(aged!.leadScore).toBe(leadScore({ hasCompany: true, statedNeeds: true, segment: null, expectedValue12mAed: null, quotationShown: false, stockChecked: false, deliveryAsked: true, silenceDays: 14 }));
    expect(aged!.leadScore).toBe(15);

    const sorted = await inbox("sort=leadScore&limit=200");
    const scores = sorted.map((r) => r.leadScore);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect((await adminFetch("/api/v1/conversations?sort=hot")).status).toBe(400);

    const customers = (await (await adminFetch(`/api/v1/customers?q=${asking.slice(-8)}`)).json()) as { customers: { leadScore: number | null }[] };
    expect(customers.customers[0]!.leadScore).toBe(15);
  });
});
