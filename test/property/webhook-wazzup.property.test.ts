import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CHANNEL_ID, conversation, newChatId, postWebhook, sentTo, textMessage, waitUntilIdle } from "../helpers";
import { anyJson, customerText, hasWords, runs } from "./arbitraries";

/** Fields a broken or hostile sender might get wrong, each replaced by something of the wrong kind. */
const REQUIRED = ["messageId", "channelId", "chatType", "chatId", "dateTime", "type"] as const;

const generatedMessage = fc.record({
  text: fc.option(customerText, { nil: null }),
  type: fc.constantFrom("text", "text", "text", "unsupported", "missing_call"),
  dateTime: fc.oneof(fc.constant(new Date().toISOString()), fc.string({ maxLength: 30 }), fc.date({ noInvalidDate: true }).map((d) => d.toISOString())),
  contactName: fc.option(customerText, { nil: undefined }),
  extra: fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }).filter((k) => !["__proto__", "constructor"].includes(k)), anyJson, { maxKeys: 3 }),
});

/** A batch for one fresh chat; with `breakField` one message has a required field of the wrong kind. */
const delivery = fc.record({
  messages: fc.array(generatedMessage, { minLength: 1, maxLength: 3 }),
  breakField: fc.oneof({ weight: 2, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.record({ index: fc.nat(), field: fc.constantFrom(...REQUIRED), value: fc.oneof(fc.constant(undefined), fc.constant(""), fc.integer(), fc.constant(null), fc.string({ minLength: 129, maxLength: 140 }), anyJson) }) }),
});

type Delivery = typeof delivery extends fc.Arbitrary<infer T> ? T : never;

function build(chatId: string, input: Delivery) {
  const messages = input.messages.map((m) => {
    const base = textMessage(chatId, "");
    const contact = m.contactName === undefined ? base.contact : { name: m.contactName, phone: chatId };
    return { ...m.extra, ...base, channelId: CHANNEL_ID, text: m.text, type: m.type, dateTime: m.dateTime, contact } as Record<string, unknown>;
  });
  const broken = input.breakField;
  if (broken) messages[broken.index % messages.length]![broken.field] = broken.value;
  return { messages, wellFormed: !broken || (typeof broken.value === "string" && broken.value.length >= 1 && broken.value.length <= 128 && broken.field !== "chatId" && broken.field !== "channelId" && broken.field !== "messageId") };
}

describe("Wazzup webhook under generated payloads", () => {
  it("never answers 5xx; a 4xx stores nothing; every accepted message is answered exactly once", async () => {
    let accepted = 0;
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(delivery, async (input) => {
        const chatId = newChatId();
        const { messages } = build(chatId, input);
        const response = await postWebhook({ messages });
        expect(response.status).toBeLessThan(500);
        const stub = conversation(chatId);
        if (response.status >= 400) {
          refused++;
          expect(response.status).toBe(400);
          expect((await stub.snapshot()).messages).toBe(0);
          expect(await sentTo(chatId)).toEqual([]);
          return;
        }
        accepted++;
        await waitUntilIdle(chatId, 20_000);
        const snapshot = await stub.snapshot();
        expect(snapshot.pending).toBe(0);
        expect(snapshot.consecutiveFailures).toBe(0);
        const replies = await sentTo(chatId);
        const ids = replies.map((r) => r.crmMessageId);
        // Exactly once: no reply sent twice, and each reply answers a message of this delivery.
        expect(new Set(ids).size).toBe(ids.length);
        const inbound = new Set(messages.map((m) => `reply-${String(m.messageId)}`));
        for (const id of ids) expect(id && (inbound.has(id) || id.startsWith("reply-"))).toBeTruthy();
        if (messages.some((m) => m.type === "text" && hasWords(m.text as string | null))) expect(replies.length).toBeGreaterThanOrEqual(1);
      }),
      runs(16),
    );
    // The generator must exercise both sides, or the property proves little.
    expect(accepted).toBeGreaterThan(4);
    expect(refused).toBeGreaterThan(1);
  }, 120_000);

  it("a repeated delivery of generated messages is stored and answered once", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(customerText.filter(hasWords), { minLength: 1, maxLength: 2 }), async (texts) => {
        const chatId = newChatId();
        const messages = texts.map((text) => textMessage(chatId, text));
        const [first, second] = await Promise.all([postWebhook({ messages }), postWebhook({ messages })]);
        expect([first!.status, second!.status]).toEqual([200, 200]);
        // Generous: two deliveries race into one turn, and a loaded machine (the full suite) slows it.
        await waitUntilIdle(chatId, 45_000);
        expect((await conversation(chatId).snapshot()).messages - (await sentTo(chatId)).length).toBe(messages.length);
        expect(await sentTo(chatId)).toHaveLength(1);
      }),
      runs(4),
    );
  }, 180_000);
});
