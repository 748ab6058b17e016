import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { conversations, messages, products } from "../src/adapters/db/schema";
import { postWebhook, query, sentTo, textMessage, newChatId, waitUntilIdle } from "./helpers";

describe("webhook: a message in, a grounded reply out", () => {
  it("stores the message, answers from the catalog through the LLM, sends via Wazzup and stores the reply", async () => {
    const chatId = newChatId();
    const inbound = textMessage(chatId, "hi, I need ergonomic mesh chairs for my office");
    const response = await postWebhook({ messages: [inbound] });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ ok: true, accepted: 1, duplicates: 0 });

    await waitUntilIdle(chatId);
    const sent = await sentTo(chatId);
    expect(sent).toHaveLength(1);
    const reply = sent[0]!;
    expect(reply.crmMessageId).toBe(`reply-${inbound.messageId}`);

    // Grounded: every product the reply names exists with exactly the price it states.
    const lines = (reply.text ?? "").split("\n").filter((line) => line.startsWith("• "));
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      const match = /\(([A-Z0-9-]+)\) at ([\d.]+) AED/.exec(line);
      expect(match, line).not.toBeNull();
      const [row] = await query((db) => db.select().from(products).where(eq(products.sku, match![1]!)));
      expect(row, `product ${match![1]} exists`).toBeDefined();
      expect(Number(row!.priceAed)).toBe(Number(match![2]));
    }
    expect(reply.text!.toLowerCase()).toMatch(/chair/);

    // Both sides of the exchange are in Postgres, in order.
    const stored = await query((db) =>
      db
        .select({ direction: messages.direction, author: messages.author, text: messages.text, crm: messages.clientMessageId })
        .from(messages)
        .innerJoin(conversations, eq(conversations.id, messages.conversationId))
        .where(eq(conversations.chatId, chatId))
        .orderBy(messages.sentAt),
    );
    expect(stored).toEqual([
      { direction: "in", author: "customer", text: inbound.text, crm: null },
      { direction: "out", author: "agent", text: reply.text, crm: reply.crmMessageId },
    ]);
    // Retrieval before the model: the catalog search ran first, so one model call answered (350 prompt tokens, not 700).
    const turns = await query((db) => db.execute(sql`select mode, prompt_tokens, model_calls, tool_calls from agent_turns where reply_crm_message_id = ${reply.crmMessageId}`));
    expect(turns.rows).toMatchObject([{ mode: "llm", prompt_tokens: 350 }]);
    const turn = turns.rows[0] as { model_calls: { promptTokens: number; cachedTokens: number; costUsd: number }[]; tool_calls: { name: string; prefetched?: boolean }[] };
    expect(turn.model_calls).toEqual([expect.objectContaining({ promptTokens: 350, cachedTokens: 0, costUsd: expect.any(Number) })]);
    expect(turn.tool_calls).toEqual([expect.objectContaining({ name: "search_products", ok: true, prefetched: true })]);
  });
});
