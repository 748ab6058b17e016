import { runDurableObjectAlarm } from "cloudflare:test";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { STAND_IN_TEMPLATES } from "../stand-ins/wazzup";
import { adminFetch, conversation, newChatId, query, say, scriptModel, sentTo, waitUntilIdle } from "./helpers";
import { TEST_SECRETS } from "./setup/secrets";

/**
 * Quotation follow-ups end to end: the conversation object's one alarm, the outbox, the Wazzup
 * stand-in (which refuses free text outside the 24-hour window and serves the template list).
 * Serial: it changes global settings (the delay, the template, the daily cap) and restores them.
 */
const HOUR = 60 * 60_000;
const TEMPLATE = STAND_IN_TEMPLATES.find((t) => t.name === "quotation_follow_up")!;
const patch = (body: unknown) => adminFetch("/api/v1/admin/settings", { method: "PATCH", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

async function quoted(chatId: string): Promise<string> {
  const marker = `intro-${chatId}`;
  await scriptModel(marker, [{ toolCall: { name: "update_customer_profile", arguments: { name: "Sara Khan", company: "Acme", city: "Dubai" } } }, { text: "Thank you, noted." }]);
  await say(chatId, `about us ${marker}`);
  const reply = await say(chatId, "please quote 2 x CH-SWG-1001");
  const match = /Q-\d{6}/.exec(reply);
  if (!match) throw new Error(`no quotation in ${reply}`);
  return match[0];
}

/** Ages the chat by `ms`, tells WhatsApp (the stand-in) when the customer last wrote, and runs the alarm. */
async function quietFor(chatId: string, ms: number): Promise<void> {
  const stub = conversation(chatId);
  await stub.ageOutreach(ms);
  await fetch(`${inject("wazzupUrl")}/__control/customer-wrote`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ chatId, at: Date.now() - ms }) });
  await runDurableObjectAlarm(stub);
  await waitUntilIdle(chatId);
}

async function proactiveRows(chatId: string) {
  const result = await query((db) =>
    db.execute(sql`select p.kind, p.status, p.reason, p.template_id from proactive_messages p join conversations c on c.id = p.conversation_id where c.chat_id = ${chatId} order by p.created_at`),
  );
  return result.rows as { kind: string; status: string; reason: string | null; template_id: string | null }[];
}

async function mirroredProactive(chatId: string) {
  const result = await query((db) =>
    db.execute(sql`select m.author, m.text, m.delivery_status, m.meta->>'proactive' as proactive from messages m join conversations c on c.id = m.conversation_id where c.chat_id = ${chatId} and m.meta ? 'proactive' order by m.created_at`),
  );
  return result.rows as { author: string; text: string; delivery_status: string | null; proactive: string }[];
}

beforeAll(async () => {
  expect((await patch({ quotationFollowUpMinutes: 60, followUpTemplateId: null, proactiveDailyCap: 200 })).status).toBe(200);
});
afterAll(async () => {
  expect((await patch({ quotationFollowUpMinutes: 1440, followUpTemplateId: null, proactiveDailyCap: 200 })).status).toBe(200);
});

describe("quotation follow-up", () => {
  it("inside the window: exactly one normal follow-up naming the quotation, marked proactive; never a second for the same version", async () => {
    const chatId = newChatId();
    const number = await quoted(chatId);
    expect(await conversation(chatId).kv("followUp")).toMatchObject({ number, doneVersion: null });
    expect((await conversation(chatId).snapshot()).alarmAt, "the object's one alarm is set").not.toBeNull();
    const before = (await sentTo(chatId)).length;

    await quietFor(chatId, 61 * 60_000);
    const sent = await sentTo(chatId);
    expect(sent).toHaveLength(before + 1);
    expect(sent.at(-1)!.text).toContain(number);
    expect(sent.at(-1)!.text).toContain("Sara Khan");
    expect(sent.at(-1)!.crmMessageId).toMatch(/^proactive-follow_up:/);
    expect(await proactiveRows(chatId)).toEqual([{ kind: "follow_up", status: "sent", reason: null, template_id: null }]);
    expect(await mirroredProactive(chatId)).toMatchObject([{ author: "agent", proactive: "follow_up" }]);
    // Marked in the inbox, and counted on the dashboard.
    const conversationId = ((await query((db) => db.execute(sql`select id from conversations where chat_id = ${chatId}`))).rows[0] as { id: string }).id;
    const listed = (await (await adminFetch(`/api/v1/conversations/${conversationId}/messages`)).json()) as { messages: { proactive: string | null; text: string | null }[] };
    expect(listed.messages.filter((m) => m.proactive === "follow_up").map((m) => m.text)).toEqual([sent.at(-1)!.text]);
    const day = new Date().toISOString().slice(0, 10);
    const metrics = (await (await adminFetch(`/api/v1/admin/metrics?from=${day}T00:00:00Z&to=${day}T23:59:59Z`)).json()) as { totals: { proactive: { sent: number } } };
    expect(metrics.totals.proactive.sent).toBeGreaterThanOrEqual(1);

    await quietFor(chatId, 3 * HOUR);
    expect(await sentTo(chatId)).toHaveLength(before + 1);
  });

  it("one proactive message per customer a day: a new quotation's follow-up waits until the day has passed", async () => {
    const chatId = newChatId();
    await quoted(chatId);
    await quietFor(chatId, 61 * 60_000);
    const before = (await sentTo(chatId)).length;
    expect(await proactiveRows(chatId)).toHaveLength(1);
    const reply = await say(chatId, "please quote 5 x CH-SWG-1001 instead");
    expect(reply).toMatch(/Q-\d{6}/);
    await quietFor(chatId, 61 * 60_000);
    expect(await sentTo(chatId)).toHaveLength(before + 1 /* the quotation reply only */);
    const tracked = (await conversation(chatId).kv("followUp")) as { retryAt?: number; doneVersion: number | null } | undefined;
    expect(tracked!.doneVersion).toBeNull();
    expect(tracked!.retryAt).toBeGreaterThan(Date.now() + 22 * HOUR);
    expect(await proactiveRows(chatId)).toHaveLength(1);
  });

  it("a customer who wrote STOP gets none, and staff see why", async () => {
    const chatId = newChatId();
    await quoted(chatId);
    await say(chatId, "STOP");
    const before = (await sentTo(chatId)).length;
    await quietFor(chatId, 61 * 60_000);
    expect(await sentTo(chatId)).toHaveLength(before);
    expect(await proactiveRows(chatId)).toEqual([{ kind: "follow_up", status: "skipped", reason: "opted_out", template_id: null }]);
    const [note] = await mirroredProactive(chatId);
    expect(note).toMatchObject({ author: "system", delivery_status: "failed" });
    expect(note!.text).toContain("opted out");
  });

  it("outside WhatsApp's window without a template: nothing is sent and staff see why; the stand-in refuses free text there", async () => {
    const chatId = newChatId();
    await quoted(chatId);
    const before = (await sentTo(chatId)).length;
    await quietFor(chatId, 25 * HOUR);
    expect(await sentTo(chatId)).toHaveLength(before);
    expect(await proactiveRows(chatId)).toEqual([{ kind: "follow_up", status: "skipped", reason: "no_template", template_id: null }]);
    expect((await mirroredProactive(chatId))[0]!.text).toContain("no approved template");

    const refused = await fetch(`${inject("wazzupUrl")}/v3/message`, {
      method: "POST",
      headers: { authorization: `Bearer ${TEST_SECRETS.WAZZUP_API_KEY}`, "content-type": "application/json" },
      body: JSON.stringify({ channelId: (await conversation(chatId).snapshot()).chat!.channelId, chatType: "whatsapp", chatId, text: "free text" }),
    });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: string }).error).toBe("24_HOURS_EXCEEDED");
  });

  it("outside the window with an approved template chosen in settings: the template goes with its id and values", async () => {
    expect((await patch({ followUpTemplateId: TEMPLATE.templateGuid })).status).toBe(200);
    try {
      const chatId = newChatId();
      const number = await quoted(chatId);
      const before = (await sentTo(chatId)).length;
      await quietFor(chatId, 25 * HOUR);
      const sent = await sentTo(chatId);
      expect(sent).toHaveLength(before + 1);
      expect(sent.at(-1)).toMatchObject({ templateId: TEMPLATE.templateGuid, templateValues: ["Sara Khan", number] });
      expect(sent.at(-1)!.text).toContain(number);
      expect(await proactiveRows(chatId)).toEqual([{ kind: "follow_up", status: "sent", reason: null, template_id: TEMPLATE.templateGuid }]);
    } finally {
      expect((await patch({ followUpTemplateId: null })).status).toBe(200);
    }
  });

  it("a rejected template is not sent either", async () => {
    const rejected = STAND_IN_TEMPLATES.find((t) => t.status === "REJECTED")!;
    expect((await patch({ followUpTemplateId: rejected.templateGuid })).status).toBe(200);
    try {
      const chatId = newChatId();
      await quoted(chatId);
      const before = (await sentTo(chatId)).length;
      await quietFor(chatId, 25 * HOUR);
      expect(await sentTo(chatId)).toHaveLength(before);
      expect(await proactiveRows(chatId)).toMatchObject([{ status: "skipped", reason: "template_unavailable" }]);
    } finally {
      expect((await patch({ followUpTemplateId: null })).status).toBe(200);
    }
  });

  it("the shop's daily cap holds a follow-up until the next UTC day", async () => {
    expect((await patch({ proactiveDailyCap: 0 })).status).toBe(200);
    try {
      const chatId = newChatId();
      await quoted(chatId);
      const before = (await sentTo(chatId)).length;
      await quietFor(chatId, 61 * 60_000);
      expect(await sentTo(chatId)).toHaveLength(before);
      expect(await proactiveRows(chatId)).toEqual([]);
      const tracked = (await conversation(chatId).kv("followUp")) as { retryAt?: number; doneVersion: number | null } | undefined;
      const midnight = new Date();
      midnight.setUTCHours(24, 0, 0, 0);
      expect(tracked).toMatchObject({ retryAt: midnight.getTime(), doneVersion: null });
      expect((await conversation(chatId).snapshot()).alarmAt).toBeLessThanOrEqual(midnight.getTime());
    } finally {
      expect((await patch({ proactiveDailyCap: 200 })).status).toBe(200);
    }
  });

  it("never after a handoff", async () => {
    const chatId = newChatId();
    await quoted(chatId);
    await say(chatId, "Can I talk to a real person please");
    const before = (await sentTo(chatId)).length;
    await quietFor(chatId, 61 * 60_000);
    expect(await sentTo(chatId)).toHaveLength(before);
    expect(await proactiveRows(chatId)).toMatchObject([{ status: "skipped", reason: "handoff" }]);
  });
});
