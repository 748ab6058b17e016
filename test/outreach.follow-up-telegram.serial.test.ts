import { runDurableObjectAlarm } from "cloudflare:test";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newTelegramChatId, textUpdate } from "../stand-ins/telegram-updates";
import { adminFetch, scriptModel, waitUntilStubIdle } from "./helpers";
import { postTelegramUpdate, telegramConversation, telegramSends } from "./telegram-helpers";

/**
 * Telegram has no 24-hour window: a quotation left quiet for days still gets its one follow-up as
 * a normal message, with no template (none is set here, which on WhatsApp would send nothing).
 * Serial: it changes the follow-up delay and restores it.
 */
const patch = (body: unknown) => adminFetch("/api/v1/admin/settings", { method: "PATCH", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

beforeAll(async () => {
  expect((await patch({ quotationFollowUpMinutes: 60, followUpTemplateId: null })).status).toBe(200);
});
afterAll(async () => {
  expect((await patch({ quotationFollowUpMinutes: 1440, followUpTemplateId: null })).status).toBe(200);
});

async function tell(chatId: number, text: string): Promise<string> {
  const before = (await telegramSends(chatId, { count: 0 })).length;
  expect((await postTelegramUpdate(textUpdate({ chatId, text, firstName: "Omar" }))).status).toBe(200);
  await waitUntilStubIdle(telegramConversation(chatId), String(chatId), 20_000);
  const sends = await telegramSends(chatId, { count: before + 1, waitMs: 5000 });
  expect(sends.length, `a reply to "${text}"`).toBeGreaterThan(before);
  return sends.slice(before).map((s) => s.text ?? s.caption ?? "").join("\n");
}

describe("quotation follow-up on Telegram", () => {
  it("goes as a normal message three days later, once, without a template", async () => {
    const chatId = newTelegramChatId();
    const marker = `tg-intro-${chatId}`;
    await scriptModel(marker, [{ toolCall: { name: "update_customer_profile", arguments: { name: "Omar Said", company: "Acme", city: "Dubai" } } }, { text: "Thank you, noted." }]);
    await tell(chatId, `about us ${marker}`);
    const quote = await tell(chatId, "please quote 2 x CH-SWG-1001");
    const number = /Q-\d{6}/.exec(quote)?.[0];
    expect(number, "a quotation was shown").toBeDefined();
    const stub = telegramConversation(chatId);
    const before = (await telegramSends(chatId, { count: 0 })).length;

    await stub.ageOutreach(3 * 24 * 60 * 60_000);
    await runDurableObjectAlarm(stub);
    await waitUntilStubIdle(stub, String(chatId));
    const sends = await telegramSends(chatId, { count: before + 1, waitMs: 5000 });
    expect(sends).toHaveLength(before + 1);
    expect(sends.at(-1)!.method).toBe("sendMessage");
    expect(sends.at(-1)!.text).toContain(number!);

    // Never a second one for the same version.
    await stub.ageOutreach(3 * 24 * 60 * 60_000);
    await runDurableObjectAlarm(stub);
    await waitUntilStubIdle(stub, String(chatId));
    expect(await telegramSends(chatId, { count: 0 })).toHaveLength(before + 1);
    expect((await stub.snapshot()).consecutiveFailures).toBe(0);
  });
});
