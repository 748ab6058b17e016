import { env } from "cloudflare:workers";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getConfig } from "../src/core/config";
import { sendDigest } from "../src/app/outreach/digest-send";
import { query, sentTo } from "./helpers";
import { asToken, staffFetch, staffUser } from "./staff-helpers";

const MANAGERS = ["971500000001", "971500000002"];

describe("the managers' daily digest", () => {
  it("POST /api/v1/admin/digest sends yesterday's figures to the managers now (admin only), audited; the last one is shown", async () => {
    const manager = await staffUser("manager", "digest-manager");
    expect((await staffFetch("/api/v1/admin/digest", { method: "POST", body: {}, session: manager.session })).status).toBe(403);

    const before = await Promise.all(MANAGERS.map(async (m) => (await sentTo(m)).length));
    const response = await asToken("/api/v1/admin/digest", { method: "POST", body: {} });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { day: string; text: string; recipients: number };
    expect(body.recipients).toBe(2);
    expect(body.text).toContain(`Daily digest for ${body.day}`);
    for (const part of ["Conversations:", "Replies sent:", "First response (median):", "Quotations shown:", "Sale orders:", "revenue", "Handoffs waiting now:", "Quality score:", "Hot leads"]) expect(body.text).toContain(part);
    for (const [i, manager] of MANAGERS.entries()) {
      const got = (await sentTo(manager)).slice(before[i]);
      expect(got.filter((m) => m.text === body.text)).toHaveLength(1);
    }
    const last = (await (await staffFetch("/api/v1/admin/digest", { session: manager.session })).json()) as { digest: { text: string; trigger: string } | null };
    expect(last.digest).toMatchObject({ trigger: "manual" });
    const audit = await query((db) => db.execute(sql`select count(*)::int as n from audit_log where action = 'digest.send' and target_id = ${body.day}`));
    expect((audit.rows[0] as { n: number }).n).toBeGreaterThanOrEqual(1);
  });

  it("the scheduled digest of a day goes once, however many cron ticks ask", async () => {
    const config = getConfig(env);
    const day = `2001-01-${String(1 + Math.floor(Math.random() * 28)).padStart(2, "0")}`;
    const first = await query((db) => sendDigest(config, db, "scheduled", Date.now(), day));
    const second = await query((db) => sendDigest(config, db, "scheduled", Date.now(), day));
    expect(first).toMatchObject({ sent: true, recipients: 2 });
    expect(second).toMatchObject({ sent: false, recipients: 0 });
    const sent = (await sentTo(MANAGERS[0]!)).filter((m) => m.text?.startsWith(`Daily digest for ${day}`));
    expect(sent).toHaveLength(1);
  });
});

describe("WhatsApp templates for the settings", () => {
  it("lists what Wazzup has, approved or not, for staff to choose from", async () => {
    const response = await asToken("/api/v1/admin/templates");
    expect(response.status).toBe(200);
    const { templates } = (await response.json()) as { templates: { id: string; title: string; status: string | null; body: string }[] };
    expect(templates.find((t) => t.title === "Quotation follow-up")).toMatchObject({ status: "APPROVED" });
    expect(templates.find((t) => t.title === "Quotation follow-up")!.body).toContain("{{2}}");
    expect(templates.some((t) => t.status === "REJECTED")).toBe(true);
  });
});
