import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { newTelegramChatId, textUpdate } from "../../stand-ins/telegram-updates";
import { postTelegramUpdate, telegramConversation, telegramSends } from "../telegram-helpers";
import { waitUntilStubIdle } from "../helpers";
import { anyJson, customerText, hasWords, runs } from "./arbitraries";

/** A text update for a fresh chat, sometimes with one part replaced by a value of the wrong kind. */
const update = fc.record({
  text: customerText.map((t) => t.slice(0, 4096)),
  firstName: customerText.map((t) => t.slice(0, 64)),
  breakAt: fc.oneof(
    { weight: 2, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom("update_id", "message", "message.chat", "message.chat.id", "message.date", "message.text", "message.from"), anyJson) },
  ),
});

function set(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split(".");
  let node = target;
  for (const key of keys.slice(0, -1)) node = node[key] as Record<string, unknown>;
  node[keys[keys.length - 1]!] = value;
}

describe("Telegram webhook under generated updates", () => {
  it("never answers 5xx; a 4xx stores nothing; an accepted text is answered exactly once", async () => {
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(update, async ({ text, firstName, breakAt }) => {
        const chatId = newTelegramChatId();
        const body = textUpdate({ chatId, text, firstName }) as unknown as Record<string, unknown>;
        if (breakAt) set(body, breakAt[0], breakAt[1]);
        const response = await postTelegramUpdate(body);
        expect(response.status).toBeLessThan(500);
        const stub = telegramConversation(chatId);
        if (response.status >= 400) {
          expect(response.status).toBe(400);
          expect((await stub.snapshot()).messages).toBe(0);
          return;
        }
        await waitUntilStubIdle(stub, String(chatId), 20_000);
        const snapshot = await stub.snapshot();
        expect(snapshot).toMatchObject({ pending: 0, sending: 0, consecutiveFailures: 0 });
        if (snapshot.messages === 0) return; // an update we do not answer (no message in it), acknowledged
        accepted++;
        const sends = await telegramSends(chatId, { count: 1, waitMs: 2000 });
        // Exactly once: one turn, whose reply may be split into parts but is never sent twice.
        expect(new Set(sends.map((s) => s.text)).size).toBe(sends.length);
        if (!breakAt && hasWords(text)) expect(sends.length).toBeGreaterThanOrEqual(1);
      }),
      runs(14),
    );
    expect(accepted).toBeGreaterThan(3);
  }, 90_000);
});
