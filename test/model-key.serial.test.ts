import { exports } from "cloudflare:workers";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { control, conversation, until, newChatId, query, say, scriptModel, sentTo } from "./helpers";

/**
 * Issue 20: a bad OpenRouter key (OpenRouter answers 401) handed every chat to a manager, silently.
 * A 401 is permanent: the offline salesperson keeps selling, `/api/v1/health` says the AI is
 * failing (naming no model), and managers are alerted once for the streak, not once per chat. The
 * 401 is real: the OpenRouter stand-in answers it on the wire for this test's chats. Serial: the
 * model's health is shared by every chat, so no other test's chat may see it failing.
 */
const MANAGERS = ["971500000001", "971500000002"];

async function health(): Promise<{ ok: boolean; ai: { ok: boolean; state: string; since?: string | null } }> {
  return (await exports.default.fetch(new Request("https://agent.test/api/v1/health"))).json();
}

async function alerts(): Promise<number[]> {
  return Promise.all(MANAGERS.map(async (phone) => (await sentTo(phone)).filter((m) => m.text?.includes("AI model failing")).length));
}

async function fallbackReasons(chatId: string): Promise<(string | null)[]> {
  const result = await query((db) =>
    db.execute(sql`select t.fallback_reason from agent_turns t join conversations c on c.id = t.conversation_id where c.chat_id = ${chatId} order by t.created_at`),
  );
  return (result.rows as { fallback_reason: string | null }[]).map((r) => r.fallback_reason);
}

describe("a refused model key", () => {
  it("keeps the offline salesperson selling, reports the AI failing in health, alerts managers once, and recovers", async () => {
    // The model answers before: the health says so.
    await say(newChatId(), "Hello, do you have office chairs?");
    expect((await health()).ai).toEqual({ ok: true, state: "answering" });
    const alertsBefore = await alerts();

    const chatId = newChatId();
    const marker = `KEY401${chatId}`;
    await scriptModel(marker, Array.from({ length: 8 }, () => ({ status: 401, error: "User not found." })));
    expect(await say(chatId, `Hello, good morning ${marker}`)).toContain("automatic assistant");
    expect(await say(chatId, "I want 3 of CH-TMP-1001")).toContain("Added 3 ×");
    const quotation = await say(chatId, "Dubai");
    const number = /Quotation (Q-\d+)/.exec(quotation)?.[1];
    expect(number, quotation).toBeDefined();
    expect(await say(chatId, "yes")).toContain(`Quotation ${number} is confirmed`);
    const snapshot = await conversation(chatId).snapshot();
    expect(snapshot.handoff).toBeNull();
    expect(snapshot.consecutiveFailures).toBe(0);
    expect(await fallbackReasons(chatId)).toEqual(["LLM key refused", "LLM key refused", "LLM key refused", "LLM key refused"]);
    await until("the sale order in Zoho", async () => {
      const orders = await control<{ salesorders: unknown[] }>("zohoUrl", `/__control/salesorders?reference_number=${number}`);
      return orders.salesorders.length > 0;
    });

    const failing = await health();
    expect(failing.ok).toBe(true);
    expect(failing.ai).toMatchObject({ ok: false, state: "key_refused", since: expect.any(String) });
    expect(JSON.stringify(failing)).not.toMatch(/model|openrouter|llm/i);

    // A second chat meets the same refused key: answered, not handed over, and no second alert.
    const other = newChatId();
    await scriptModel(`KEY401${other}`, [{ status: 401, error: "User not found." }]);
    expect(await say(other, `Do you sell standing desks? KEY401${other}`)).not.toMatch(/sales managers/);
    expect((await conversation(other).snapshot()).handoff).toBeNull();
    const after = await alerts();
    expect(after).toEqual(alertsBefore.map((n) => n + 1));
    const note = (await sentTo(MANAGERS[0]!)).filter((m) => m.text?.includes("AI model failing")).at(-1)!.text!;
    expect(note).toContain("OpenRouter refused OPENROUTER_API_KEY (HTTP 401)");
    expect(note).toContain("offline salesperson");

    // The model answers again (the key was fixed): the streak ends.
    await say(newChatId(), "Hello, do you have meeting tables?");
    expect((await health()).ai).toEqual({ ok: true, state: "answering" });
  });
});
