import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { adminFetch, newChatId, postWebhook, query, scriptModel, sentTo, textMessage, waitUntilIdle } from "./helpers";

/**
 * Runs in the "serial" test project, a group vitest never runs at the same time as the others:
 * changing a global setting here cannot disturb them. It restores the setting when done.
 */
const patch = (body: unknown) =>
  adminFetch("/api/v1/admin/settings", { method: "PATCH", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

describe("global daily LLM token cap", () => {
  it("switches turns to offline mode once the day's tokens reach the cap, and back when it is raised", async () => {
    const first = newChatId();
    await postWebhook({ messages: [textMessage(first, "ergonomic chair please")] });
    await waitUntilIdle(first);
    const used = await query((db) => db.execute(sql`select coalesce(sum(prompt_tokens + completion_tokens), 0)::int as n from agent_turns`));
    const tokens = (used.rows[0] as { n: number }).n;
    expect(tokens).toBeGreaterThan(0);

    expect((await patch({ dailyTokenCap: tokens })).status).toBe(200);
    const capped = newChatId();
    await postWebhook({ messages: [textMessage(capped, "ergonomic chair please")] });
    await waitUntilIdle(capped);
    const [reply] = await sentTo(capped);
    expect(reply!.text).toContain("offline mode");
    const turns = await query((db) => db.execute(sql`select mode, fallback_reason from agent_turns where reply_crm_message_id = ${reply!.crmMessageId}`));
    expect(turns.rows).toEqual([{ mode: "offline", fallback_reason: "daily LLM token cap reached" }]);

    expect((await patch({ dailyTokenCap: 20_000_000 })).status).toBe(200);
    const after = newChatId();
    await postWebhook({ messages: [textMessage(after, "ergonomic chair please")] });
    await waitUntilIdle(after);
    expect((await sentTo(after))[0]!.text).not.toContain("offline mode");
  });
});

describe("discount policy", () => {
  it("lets the agent offer a discount within maxDiscountPercent and hands requests beyond it to a manager", async () => {
    expect((await patch({ maxDiscountPercent: 10 })).status).toBe(200);
    try {
      const within = newChatId();
      const marker = `disc-${within}`;
      await scriptModel(marker, [{ text: "For this order I can offer 5% off the listed price." }]);
      await postWebhook({ messages: [textMessage(within, `any discount if I buy today? ${marker}`)] });
      await waitUntilIdle(within);
      expect((await sentTo(within))[0]!.text).toContain("5% off");

      const greedy = newChatId();
      const marker2 = `disc2-${greedy}`;
      await scriptModel(marker2, [{ text: "Sure, 30% off for you!" }]);
      await postWebhook({ messages: [textMessage(greedy, `nice chair ${marker2}`)] });
      await waitUntilIdle(greedy);
      expect((await sentTo(greedy))[0]!.text).not.toContain("30% off");

      const beyond = newChatId();
      await postWebhook({ messages: [textMessage(beyond, "I want a 25% discount on 10 chairs")] });
      await waitUntilIdle(beyond);
      expect((await sentTo(beyond))[0]!.text).toContain("sales managers");
    } finally {
      await patch({ maxDiscountPercent: 0 });
    }
  });
});
