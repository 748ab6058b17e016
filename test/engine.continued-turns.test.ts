import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { conversation, modelRequests, newChatId, postWebhook, query, scriptModel, sentTo, textMessage, waitForModelRequest, waitUntilIdle } from "./helpers";

/** Settings `continuedTurns` and `preRetrieval` are on by default (issue 25). */
describe("a turn continues instead of restarting", () => {
  it("a burst arriving while the model works is answered by one reply, with at most one more call, every call's usage counted", async () => {
    const chatId = newChatId();
    const marker = `cont-${chatId}`;
    await scriptModel(marker, [{ delayMs: 1500, then: { text: "draft that must not be sent" } }]);
    const first = textMessage(chatId, `do you have meeting tables ${marker}`);
    await postWebhook({ messages: [first] });
    // The race: both later messages arrive while the model works on the first.
    await waitForModelRequest(marker);
    const stub = conversation(chatId);
    expect((await stub.snapshot()).turnRunning).toBe(true);
    const second = textMessage(chatId, "for 8 people");
    const third = textMessage(chatId, "in walnut please");
    await postWebhook({ messages: [second] });
    await postWebhook({ messages: [third] });
    const [firstRequest] = await modelRequests(marker);
    // Still the first call: its answer was not back when the burst came in.
    expect((await stub.snapshot()).turnRunning).toBe(true);
    expect((await modelRequests("in walnut please")).length).toBe(0);

    await waitUntilIdle(chatId, 20_000);
    const sent = await sentTo(chatId);
    expect(sent.map((m) => m.crmMessageId)).toEqual([`reply-${third.messageId}`]);
    expect(sent[0]!.text).not.toContain("draft that must not be sent");
    expect(sent[0]!.text).toMatch(/AED/);
    // One continuation call carried both new messages after the first turn's messages.
    const continued = await modelRequests("in walnut please");
    expect(continued).toHaveLength(1);
    expect(continued[0]!.messageCount).toBeGreaterThan(firstRequest!.messageCount + 1);
    const turns = await query((db) =>
      db.execute(sql`select t.prompt_tokens, t.model_calls, t.tool_calls from agent_turns t join conversations c on c.id = t.conversation_id where c.chat_id = ${chatId}`),
    );
    expect(turns.rows).toHaveLength(1);
    const turn = turns.rows[0] as { prompt_tokens: number; model_calls: unknown[]; tool_calls: { name: string; prefetched?: boolean }[] };
    expect(turn.model_calls).toHaveLength(2);
    expect(turn.prompt_tokens).toBe(700);
    // The meeting-table search ran before the model; the continuation's search too, for the whole burst.
    expect(turn.tool_calls.filter((c) => c.name === "search_products" && c.prefetched).length).toBe(2);
  });

  it("a manager taking over while the model works, with the customer writing meanwhile: the turn ends cleanly and everything is held", async () => {
    const chatId = newChatId();
    const marker = `take-${chatId}`;
    await scriptModel(marker, [{ delayMs: 1200, then: { text: "draft the manager should not see go out" } }]);
    await postWebhook({ messages: [textMessage(chatId, `looking for a sofa ${marker}`)] });
    const stub = conversation(chatId);
    await waitForModelRequest(marker);
    // The race: the manager writes and the customer adds a message while the model works.
    expect((await stub.snapshot()).turnRunning).toBe(true);
    await postWebhook({ messages: [{ ...textMessage(chatId, "Hello, Sara from sales here"), isEcho: true }] });
    await postWebhook({ messages: [textMessage(chatId, "also a coffee table")] });
    expect((await stub.snapshot()).turnRunning).toBe(true);
    for (let i = 0; i < 300 && (await stub.snapshot()).turnRunning; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    // No failed alarm: a TypeError here would have counted a failure and scheduled a retry.
    const after = await stub.snapshot();
    expect(after.turnRunning).toBe(false);
    expect(after.consecutiveFailures).toBe(0);
    expect(after.handoff).toMatchObject({ reason: "manager_takeover" });
    await waitUntilIdle(chatId, 20_000);
    expect(await sentTo(chatId)).toEqual([]);
    expect(await modelRequests("also a coffee table")).toEqual([]);
  });
});
