import { describe, expect, it } from "vitest";
import { modelRequests, newChatId, say } from "./helpers";

/**
 * The chat's open quotation is read once at the start of a turn, for the retrieval plan and for
 * the model: the next turn's model call is told what the quotation holds.
 */
describe("the open quotation in the next turn", () => {
  it("is told to the model with its number and lines", async () => {
    const chatId = newChatId();
    const quoted = await say(chatId, "please quote 2 x CH-SWG-1001");
    const number = /Q-\d{6}/.exec(quoted)?.[0];
    expect(number, `a quotation in: ${quoted}`).toBeDefined();

    await say(chatId, `thanks ${chatId}, one question before I decide`);
    const [request] = await modelRequests(`thanks ${chatId}`);
    expect(request?.systemText).toContain(`Open quotation ${number} (shown): 2 × CH-SWG-1001.`);
  });
});
