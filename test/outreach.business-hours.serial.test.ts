import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { WEEKDAYS } from "../src/core/outreach/business-hours";
import { adminFetch, newChatId, query, say, sentTo } from "./helpers";

/** Serial: it sets the shop's business hours (a holiday today) and clears them after. */
const MANAGERS = ["971500000001", "971500000002"];
const patch = (body: unknown) => adminFetch("/api/v1/admin/settings", { method: "PATCH", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
const dubaiDate = (instant: number) => new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Dubai", year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date(instant));

afterAll(async () => {
  expect((await patch({ businessHours: null })).status).toBe(200);
});

describe("business hours and holidays", () => {
  it("a request for a person on a holiday is told when someone will answer; managers are not paged; the handoff waits marked", async () => {
    const today = dubaiDate(Date.now());
    const tomorrow = dubaiDate(Date.now() + 24 * 60 * 60_000);
    const set = await patch({ businessHours: { timezone: "Asia/Dubai", weekly: WEEKDAYS.map((day) => ({ day, open: "08:00", close: "18:00" })), holidays: [today] } });
    expect(set.status).toBe(200);

    const chatId = newChatId();
    const reply = await say(chatId, "Can I talk to a real person please");
    expect(reply).toContain("sales managers");
    expect(reply).toContain(`A person will answer you from`);
    expect(reply).toContain(`${tomorrow}, 08:00`);

    const rows = await query((db) => db.execute(sql`select h.reason, h.summary from handoffs h join conversations c on c.id = h.conversation_id where c.chat_id = ${chatId}`));
    expect(rows.rows).toHaveLength(1);
    expect((rows.rows[0] as { summary: string }).summary).toMatch(/^\[after hours: a person answers from /);
    for (const manager of MANAGERS) {
      expect((await sentTo(manager)).some((n) => n.text?.includes(`+${chatId}`)), `manager ${manager} not paged`).toBe(false);
    }

    // An Arabic customer is told in Arabic.
    const arabic = newChatId();
    const arabicReply = await say(arabic, "أريد التحدث مع موظف");
    expect(arabicReply).toContain("خارج ساعات العمل");
  });

  it("pages managers at night for an order above the threshold", async () => {
    const today = dubaiDate(Date.now());
    expect((await patch({ businessHours: { timezone: "Asia/Dubai", weekly: [], holidays: [today] } })).status).toBe(200);
    const chatId = newChatId();
    await say(chatId, "we need 60 executive leather chairs for our new headquarters");
    const notified = await sentTo(MANAGERS[0]!);
    expect(notified.some((n) => n.text?.includes(`+${chatId}`))).toBe(true);
  });

  it("within hours nothing changes", async () => {
    expect((await patch({ businessHours: { timezone: "Asia/Dubai", weekly: WEEKDAYS.map((day) => ({ day, open: "00:00", close: "23:59" })), holidays: [] } })).status).toBe(200);
    const chatId = newChatId();
    const reply = await say(chatId, "Can I talk to a real person please");
    expect(reply).not.toContain("A person will answer you from");
    expect((await sentTo(MANAGERS[0]!)).some((n) => n.text?.includes(`+${chatId}`))).toBe(true);
  });
});
