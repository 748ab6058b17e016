import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { statedAmounts } from "../src/core/agent/grounding";
import { newChatId, postWebhook, query, scriptModel, sentTo, textMessage, waitUntilIdle } from "./helpers";

interface TurnRow {
  mode: string;
  fallback_reason: string | null;
  tool_calls: { name: string; prefetched?: boolean; args?: Record<string, unknown>; result?: string }[];
  model_calls: unknown[];
}

async function turnOf(replyId: string): Promise<TurnRow> {
  const rows = await query((db) => db.execute(sql`select mode, fallback_reason, tool_calls, model_calls from agent_turns where reply_crm_message_id = ${replyId}`));
  return rows.rows[0] as unknown as TurnRow;
}

/** Results of the search run before the model are evidence for the reply checks, exactly as the model's own calls (ADR 0008, 0018). */
describe("retrieval before the model: the reply checks", () => {
  it("accept a price the model read only in the pre-run search's results, in one model call", async () => {
    const chatId = newChatId();
    const marker = `pre-${chatId}`;
    // The same words in a fresh chat of their own first: the same search, so the same results
    // (other tests add items to the shared catalog, so other words could rank other chairs first).
    const warmChat = newChatId();
    await postWebhook({ messages: [textMessage(warmChat, `do you have office chairs? ${marker}`)] });
    await waitUntilIdle(warmChat);
    // What the pre-run search found for this message (its trace keeps the start of the result).
    const [warm] = await sentTo(warmChat);
    const found = (await turnOf(warm!.crmMessageId!)).tool_calls.find((c) => c.prefetched)!;
    expect(found).toMatchObject({ name: "search_products", args: expect.objectContaining({ category: "chairs" }) });
    const first = /"name":"([^"]+)".*?"price_aed":([\d.]+)/.exec(found.result ?? "");
    expect(first, "the pre-run search found a chair").not.toBeNull();
    const [, name, price] = first!;
    // The model calls no tool: its only evidence is the pre-run search.
    await scriptModel(marker, [{ text: `Yes: the ${name} is ${price} AED.` }]);
    const asked = textMessage(chatId, `do you have office chairs? ${marker}`);
    await postWebhook({ messages: [asked] });
    await waitUntilIdle(chatId);
    const reply = (await sentTo(chatId)).find((m) => m.crmMessageId === `reply-${asked.messageId}`)!;
    expect(reply.text).toBe(`Yes: the ${name} is ${price} AED.`);
    const turn = await turnOf(reply.crmMessageId!);
    expect(turn).toMatchObject({ mode: "llm", fallback_reason: null });
    expect(turn.model_calls).toHaveLength(1);
    expect(turn.tool_calls.map((c) => [c.name, c.prefetched ?? false])).toEqual([["search_products", true]]);
  });

  it("still refuse a price no result supports, after one correction round", async () => {
    const chatId = newChatId();
    const marker = `pre-bad-${chatId}`;
    await scriptModel(marker, [{ text: "Our office chairs start at 77 AED." }, { text: "Really, 77 AED." }]);
    await postWebhook({ messages: [textMessage(chatId, `do you have office chairs? ${marker}`)] });
    await waitUntilIdle(chatId);
    const [reply] = await sentTo(chatId);
    expect(statedAmounts(reply!.text!)).not.toContain(77);
    const turn = await turnOf(reply!.crmMessageId!);
    expect(turn.fallback_reason).toBe("ungrounded price");
    expect(turn.tool_calls.map((c) => c.name)).toEqual(["search_products", "check:figure_correction"]);
    expect(turn.tool_calls[0]!.prefetched).toBe(true);
    expect(turn.model_calls).toHaveLength(2);
  });

  it("give no evidence where the rule ran no search: a price after a greeting is refused", async () => {
    const chatId = newChatId();
    const marker = `pre-none-${chatId}`;
    await scriptModel(marker, [{ text: "Hello! Chairs from 1,450 AED." }, { text: "Hello! Chairs from 1,450 AED." }]);
    await postWebhook({ messages: [textMessage(chatId, `hello ${marker}`)] });
    await waitUntilIdle(chatId);
    const [reply] = await sentTo(chatId);
    expect(statedAmounts(reply!.text!)).not.toContain(1450);
    const turn = await turnOf(reply!.crmMessageId!);
    expect(turn.tool_calls.some((c) => c.prefetched)).toBe(false);
    expect(turn.fallback_reason).toBe("ungrounded price");
  });
});
