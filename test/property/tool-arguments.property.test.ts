import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { TOOLS } from "../../src/core/agent/tools";
import { conversation, newChatId, postWebhook, scriptModel, sentTo, textMessage, waitUntilIdle } from "../helpers";
import { anyJson, customerText, runs } from "./arbitraries";

/**
 * Argument names each tool knows, so generated calls reach its validation and handler, not only
 * "unknown key". Only tools the request offers are called: the model stand-in refuses others as a
 * real provider would (an unknown name is covered by test/agent.tools.test.ts).
 */
const KNOWN_KEYS = new Map(TOOLS.map((tool) => [tool.name, Object.keys((tool.input as unknown as { shape?: object }).shape ?? {})]));

const argumentValue = fc.oneof(anyJson, customerText.map((t) => t.slice(0, 500)), fc.constantFrom(0, -1, 1e12, 2 ** 53, Number.MAX_SAFE_INTEGER, 0.5, "CH-SWG-1001", "DSK-EXE-2001", "", "\u0000"));

const toolCall = fc
  .record({ name: fc.constantFrom(...KNOWN_KEYS.keys()), picks: fc.array(fc.tuple(fc.nat(), fc.string({ maxLength: 10 }), argumentValue), { maxLength: 4 }) })
  .map(({ name, picks }) => {
    const keys = KNOWN_KEYS.get(name) ?? [];
    const args: Record<string, unknown> = {};
    for (const [i, randomKey, value] of picks) args[keys.length && i % 4 !== 3 ? keys[i % keys.length]! : randomKey] = value;
    return { name, arguments: args };
  });

/**
 * The model is untrusted: whatever tool and arguments it sends, the turn ends with exactly one
 * reply to the customer and the chat keeps no failed or pending work.
 */
describe("tool calls with generated arguments", () => {
  it("end every turn with exactly one reply and no stuck work", async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(toolCall, { minLength: 1, maxLength: 3 }), async (calls) => {
        const chatId = newChatId();
        const marker = `TOOLFUZZ${chatId}R${run++}`;
        await scriptModel(marker, [...calls.map((call) => ({ toolCall: call })), { text: "Thank you, let me check that for you." }]);
        const message = textMessage(chatId, `${marker} I need office furniture`);
        expect((await postWebhook({ messages: [message] })).status).toBe(200);
        await waitUntilIdle(chatId, 20_000);
        const snapshot = await conversation(chatId).snapshot();
        expect(snapshot).toMatchObject({ pending: 0, sending: 0, consecutiveFailures: 0 });
        const replies = (await sentTo(chatId)).filter((m) => m.crmMessageId === `reply-${message.messageId}`);
        expect(replies).toHaveLength(1);
      }),
      runs(10),
    );
  }, 90_000);
});
