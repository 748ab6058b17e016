import { runDurableObjectAlarm } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { conversation, newChatId, postWebhook, scriptModel, scriptWazzupFailure, sentTo, textMessage, waitUntilIdle } from "./helpers";

/**
 * Found by `npm run chaos`: two replies with the same text wait behind a Wazzup outage; Wazzup did
 * send the first (its answer was lost) and its echo comes back. The echo must settle the first
 * reply, not the second: the second has not gone out and must still go, and no two replies may
 * end up with one provider id (the chat's Postgres copy then failed on every later turn).
 */
describe("an echo of one of two replies with the same text", () => {
  it("settles the older reply, and the newer one is still sent", async () => {
    const chatId = newChatId();
    const stub = conversation(chatId);
    const text = "Our showroom is open every day and you are welcome to visit us.";
    await scriptModel(`ECHORACE${chatId}`, [{ text }, { text }]);
    // The first reply reaches Wazzup but its answer is lost; every send then fails until released.
    await scriptWazzupFailure(chatId, { status: 500, error: "INTERNAL", afterSend: true, times: 1 });
    await scriptWazzupFailure(chatId, { status: 503, error: "SERVICE_UNAVAILABLE", times: 2 });
    const first = textMessage(chatId, `ECHORACE${chatId} when are you open?`);
    await postWebhook({ messages: [first] });
    await runDurableObjectAlarm(stub);
    const second = textMessage(chatId, `ECHORACE${chatId} and on Friday?`);
    await postWebhook({ messages: [second] });
    await runDurableObjectAlarm(stub);
    await runDurableObjectAlarm(stub);
    const waiting = (await stub.outgoing()).filter((m) => m.state === "sending");
    expect(waiting).toHaveLength(2);

    // Wazzup's echo of what it did send: the first reply, known to Wazzup by its own id.
    const [sentFirst] = await sentTo(chatId);
    expect(sentFirst!.crmMessageId).toBe(`reply-${first.messageId}`);
    const echo = { ...textMessage(chatId, sentFirst!.text!), messageId: sentFirst!.messageId, isEcho: true };
    expect((await postWebhook({ messages: [echo] })).status).toBe(200);

    await stub.expireOutboxBackoff();
    await runDurableObjectAlarm(stub);
    await waitUntilIdle(chatId);
    const sent = await sentTo(chatId);
    expect(sent.map((m) => m.crmMessageId)).toEqual([`reply-${first.messageId}`, `reply-${second.messageId}`]);
    expect((await stub.snapshot()).consecutiveFailures).toBe(0);
    expect((await stub.snapshot()).handoff).toBeNull();
  });
});
