import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { conversation, newChatId, postWebhook, query, scriptModel, sentTo, textMessage, waitForModelRequest, waitUntilIdle } from "./helpers";

/** Other connections to the test database than the one asking (serial: no other test runs meanwhile). */
async function otherConnections(): Promise<number> {
  const result = await query((db) => db.execute(sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`));
  return Number((result.rows[0] as { n: number }).n);
}

describe("a turn holds a database connection only around its queries", () => {
  it("no connection stays open while the model is answering", async () => {
    const chatId = newChatId();
    const marker = `slow-model-${chatId}`;
    await scriptModel(marker, [{ delayMs: 4000, then: { text: "We have ergonomic chairs in stock." } }]);
    await postWebhook({ messages: [textMessage(chatId, `ergonomic chairs ${marker}`)] });
    await waitForModelRequest(marker);
    // The turn's queries before the LLM call (and the CRM job it queued) finish within moments;
    // from then until the model answers, nothing of ours should hold a connection.
    const deadline = Date.now() + 2500;
    let open = await otherConnections();
    while (open > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      open = await otherConnections();
    }
    expect((await conversation(chatId).snapshot()).turnRunning).toBe(true);
    expect(await sentTo(chatId)).toEqual([]);
    expect(open).toBe(0);
    await waitUntilIdle(chatId, 20_000);
    expect(await sentTo(chatId)).toHaveLength(1);
  });
});
