import { asc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import conversationsData from "../data/offline-conversations.json";
import { agentTurns, conversations } from "../src/adapters/db/schema";
import { newChatId, postWebhook, query, textMessage, waitUntilIdle } from "./helpers";

/**
 * False refusals, measured (issue 21): every legitimate conversation of `data/offline-conversations.json`
 * (greetings, searches with budgets, warranty and delivery questions, quotations, confirmations, in
 * English and Arabic) replayed through the webhook with the scripted model, which answers from its
 * tool results as a good model would. A turn whose reply the checks replaced (an unsupported figure
 * or promise, a blocked draft) is a false refusal; there must be none.
 */

const REFUSED = /^(?:ungrounded price|unsupported commitment|blocked: )/;

describe("the reply checks refuse nothing in the legitimate conversations", () => {
  it("every turn of every conversation is answered by the model as it wrote it", { timeout: 240_000 }, async () => {
    let turns = 0;
    let byModel = 0;
    const refusals: string[] = [];
    for (const conversation of conversationsData as { id: string; turns: { say: string }[] }[]) {
      const chatId = newChatId();
      // A chat handed to a manager is answered by the manager, not the agent: each message waits for quiet, not for a reply.
      for (const turn of conversation.turns) {
        await postWebhook({ messages: [textMessage(chatId, turn.say)] });
        await waitUntilIdle(chatId, 20_000);
      }
      const recorded = await query((db) =>
        db
          .select({ fallbackReason: agentTurns.fallbackReason, mode: agentTurns.mode })
          .from(agentTurns)
          .innerJoin(conversations, eq(agentTurns.conversationId, conversations.id))
          .where(eq(conversations.chatId, chatId))
          .orderBy(asc(agentTurns.createdAt)),
      );
      turns += recorded.length;
      byModel += recorded.filter((t) => t.mode === "llm").length;
      expect(recorded.length, conversation.id).toBeGreaterThan(0);
      for (const [i, t] of recorded.entries()) if (t.fallbackReason && REFUSED.test(t.fallbackReason)) refusals.push(`${conversation.id}#${i + 1}: ${t.fallbackReason}`);
    }
    console.log(`false refusals: ${refusals.length} of ${turns} turns (${byModel} answered by the model) in ${conversationsData.length} conversations`);
    expect(turns).toBeGreaterThanOrEqual(conversationsData.length * 3);
    // The checks ran: most turns are the model's replies (the rest are rules: handoffs, declines).
    expect(byModel).toBeGreaterThan(turns / 2);
    expect(refusals).toEqual([]);
  });
});
