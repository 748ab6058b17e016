import { env } from "cloudflare:workers";
import { inject } from "vitest";
import { describe, expect, it } from "vitest";
import { getConfig } from "../src/core/config";
import { splitForChannel } from "../src/core/channels/split-text";
import type { ChatAddress, OutboundMessage } from "../src/core/channels/channel";
import { TelegramChannel } from "../src/adapters/channels/telegram/channel";
import { setTelegramWebhook } from "../src/adapters/channels/telegram/webhook-setup";
import { newTelegramChatId } from "../stand-ins/telegram-updates";
import { TEST_SECRETS } from "./setup/secrets";
import { acknowledgeTelegramUnexpected, scriptTelegramFailure, telegramSends, telegramUnexpected, uploadTelegramFile } from "./telegram-helpers";

const channel = () => TelegramChannel.fromConfig(getConfig(env));

function chat(): ChatAddress {
  return { channel: "telegram", channelId: "7000000001", chatType: "private", chatId: String(newTelegramChatId()) };
}

function text(to: ChatAddress, body: string): OutboundMessage {
  return { id: crypto.randomUUID(), to, text: body };
}

describe("Telegram channel: delivering replies", () => {
  it("sends a text with sendMessage and reports Telegram's message id", async () => {
    const to = chat();
    const result = await channel().deliver(text(to, "Our Ergo Mesh chair is AED 450."));
    const [sent] = await telegramSends(to.chatId);
    expect(sent).toMatchObject({ method: "sendMessage", chatId: to.chatId, text: "Our Ergo Mesh chair is AED 450." });
    expect(result).toEqual({ kind: "delivered", providerMessageId: String(sent!.messageId) });
  });

  it("delivers a long reply as parts of at most 4096 characters, in order, losing nothing", async () => {
    const to = chat();
    const telegram = channel();
    const paragraph = "The Executive Walnut desk (SKU DK-220) is AED 2,800 and ships in three days. ".repeat(12).trim();
    const reply = Array.from({ length: 12 }, (_, i) => `${i + 1}. ${paragraph}`).join("\n\n");
    expect(reply.length).toBeGreaterThan(2 * 4096);
    // Telegram refuses the whole reply in one message, permanently: that is why the core splits.
    expect(await telegram.deliver(text(to, reply))).toMatchObject({ kind: "failed", retryable: false, code: "TELEGRAM_400", description: "Bad Request: message is too long" });
    const parts = splitForChannel(reply, telegram.capabilities.maxTextLength);
    for (const part of parts) expect((await telegram.deliver(text(to, part))).kind).toBe("delivered");
    const sent = await telegramSends(to.chatId, { count: parts.length });
    expect(sent.map((s) => s.text)).toEqual(parts);
    for (const s of sent) expect(s.text!.length).toBeLessThanOrEqual(4096);
    expect(sent.map((s) => s.text).join("\n\n")).toBe(reply);
  });

  it("sends a document by URL with a caption cut to Telegram's 1024 characters", async () => {
    const to = chat();
    const url = "https://agent.test/api/v1/quotations/q1/document?sig=abc";
    const caption = `Quotation Q-1001: ${"two chairs and a desk, ".repeat(60)}`;
    const result = await channel().deliver({ id: crypto.randomUUID(), to, document: { url, caption, filename: "Q-1001.pdf" } });
    expect(result.kind).toBe("delivered");
    const [sent] = await telegramSends(to.chatId);
    expect(sent).toMatchObject({ method: "sendDocument", document: url });
    expect(sent!.caption!.length).toBeLessThanOrEqual(1024);
    expect(sent!.caption).toMatch(/^Quotation Q-1001: two chairs.*…$/s);
  });

  it("sends the link as a message when Telegram will not fetch the document by URL", async () => {
    const to = chat();
    await scriptTelegramFailure(to.chatId, { method: "sendDocument", errorCode: 400, description: "Bad Request: failed to get HTTP URL content" });
    const url = "https://agent.test/api/v1/quotations/q2/document?sig=def";
    const result = await channel().deliver({ id: crypto.randomUUID(), to, document: { url, caption: "Your quotation Q-1002" } });
    expect(result.kind).toBe("delivered");
    const sent = await telegramSends(to.chatId);
    expect(sent).toEqual([expect.objectContaining({ method: "sendMessage", text: `Your quotation Q-1002\n${url}` })]);
  });
});

describe("Telegram channel: failures", () => {
  it("answers 429 as retryable after Telegram's retry_after, and sends nothing", async () => {
    const to = chat();
    await scriptTelegramFailure(to.chatId, { errorCode: 429, retryAfter: 3 });
    const result = await channel().deliver(text(to, "hello"));
    expect(result).toEqual({ kind: "failed", retryable: true, code: "TELEGRAM_429", description: "Too Many Requests: retry after 3", retryAfterMs: 3000 });
    expect(await telegramSends(to.chatId)).toEqual([]);
    expect((await channel().deliver(text(to, "hello"))).kind).toBe("delivered");
  });

  it("answers a blocked bot and an unknown chat as permanent", async () => {
    const to = chat();
    await scriptTelegramFailure(to.chatId, { errorCode: 403 });
    expect(await channel().deliver(text(to, "hello"))).toEqual({ kind: "failed", retryable: false, code: "TELEGRAM_403", description: "Forbidden: bot was blocked by the user" });
    const nowhere = { ...chat(), chatId: "0" };
    expect(await channel().deliver(text(nowhere, "hello"))).toMatchObject({ kind: "failed", retryable: false, description: "Bad Request: chat not found" });
  });

  it("answers Telegram's 5xx as retryable", async () => {
    const to = chat();
    await scriptTelegramFailure(to.chatId, { errorCode: 502 });
    expect(await channel().deliver(text(to, "hello"))).toMatchObject({ kind: "failed", retryable: true, code: "TELEGRAM_502" });
  });

  it("answers a wrong or malformed token as retryable (an operator fixes it) and never repeats the token", async () => {
    const to = chat();
    for (const [token, code] of [
      ["7000000001:WRONG-telegram-bot-token_000000", "TELEGRAM_401"],
      ["7000000001:has space in it but is long enough", "TELEGRAM_404"],
    ] as const) {
      const result = await new TelegramChannel({ apiUrl: inject("telegramUrl"), token }).deliver(text(to, "hello"));
      expect(result).toMatchObject({ kind: "failed", retryable: true, code });
      expect(JSON.stringify(result)).not.toContain(token.split(":")[1]);
    }
    expect(await telegramSends(to.chatId)).toEqual([]);
  });

  it("answers a network failure before any response as retryable, without the token in the description", async () => {
    const result = await new TelegramChannel({ apiUrl: "http://127.0.0.1:1", token: TEST_SECRETS.TELEGRAM_BOT_TOKEN }).deliver(text(chat(), "hello"));
    expect(result).toMatchObject({ kind: "failed", retryable: true, code: "NETWORK" });
    expect(JSON.stringify(result)).not.toContain(TEST_SECRETS.TELEGRAM_BOT_TOKEN.split(":")[1]);
  });

  it("answers a timeout as uncertain, because Telegram may have sent it after all", async () => {
    const to = chat();
    await scriptTelegramFailure(to.chatId, { stallMs: 1500 });
    const slowClient = new TelegramChannel({ apiUrl: inject("telegramUrl"), token: TEST_SECRETS.TELEGRAM_BOT_TOKEN, timeoutMs: 200 });
    expect(await slowClient.deliver(text(to, "are you there?"))).toMatchObject({ kind: "uncertain", code: "TIMEOUT" });
    expect(await telegramSends(to.chatId, { waitMs: 5000 })).toEqual([expect.objectContaining({ text: "are you there?" })]);
  });

  it("refuses an empty message without calling Telegram", async () => {
    const to = chat();
    expect(await channel().deliver(text(to, "  "))).toMatchObject({ kind: "failed", retryable: false, code: "EMPTY_MESSAGE" });
    expect(await telegramSends(to.chatId)).toEqual([]);
  });
});

describe("Telegram channel: media and configuration", () => {
  it("resolves a voice note's file reference to a download URL that serves the file", async () => {
    const file = await uploadTelegramFile("stand-in-audio:I need a meeting table", "voice");
    const url = await channel().mediaUrl(`tg-file:${file.file_id}`);
    expect(url).toBe(`${inject("telegramUrl")}/file/bot${TEST_SECRETS.TELEGRAM_BOT_TOKEN}/${file.file_path}`);
    const response = await fetch(url!);
    expect(await response.text()).toBe("stand-in-audio:I need a meeting table");
  });

  it("gives no URL for an unknown file id or a reference that is not Telegram's", async () => {
    expect(await channel().mediaUrl("tg-file:expired-file-id")).toBeNull();
    expect(await channel().mediaUrl("https://store.wazzup24.com/file.ogg")).toBeNull();
  });

  it("declares Telegram's capabilities and takes the bot id from the token", () => {
    const telegram = channel();
    expect(telegram.botId).toBe("7000000001");
    expect(telegram.capabilities).toEqual({ freeFormWindowMs: null, maxTextLength: 4096, documents: true, echoesOwnSends: false, idempotentSends: false, minSendIntervalMs: 1000 });
  });

  it("names the missing token, and refuses malformed Telegram settings by name", () => {
    expect(() => TelegramChannel.fromConfig(getConfig({}))).toThrow(/TELEGRAM_BOT_TOKEN/);
    expect(() => getConfig({ TELEGRAM_BOT_TOKEN: "just-a-secret" })).toThrow(/TELEGRAM_BOT_TOKEN: must look like/);
    expect(() => getConfig({ TELEGRAM_WEBHOOK_SECRET: "short" })).toThrow(/TELEGRAM_WEBHOOK_SECRET: must be 16-256/);
    expect(() => getConfig({ TELEGRAM_API_URL: "api.telegram.org" })).toThrow(/TELEGRAM_API_URL/);
    expect(getConfig({}).TELEGRAM_API_URL).toBe("https://api.telegram.org");
  });

  it("registers the webhook with the secret and the update kinds we read, as npm run telegram:webhook does", async () => {
    const result = await setTelegramWebhook(channel().api, "https://agent.test", TEST_SECRETS.TELEGRAM_WEBHOOK_SECRET);
    expect(result).toMatchObject({ ok: true, url: "https://agent.test/api/v1/webhook/telegram", info: { url: "https://agent.test/api/v1/webhook/telegram", allowed_updates: ["message", "edited_message"] } });
    const registered = (await (await fetch(`${inject("telegramUrl")}/__control/webhook`)).json()) as { webhook: { secretToken: string } };
    expect(registered.webhook.secretToken).toBe(TEST_SECRETS.TELEGRAM_WEBHOOK_SECRET);
    expect(await setTelegramWebhook(channel().api, "http://agent.example.com", TEST_SECRETS.TELEGRAM_WEBHOOK_SECRET)).toEqual({
      ok: false,
      error: "setWebhook refused: 400 Bad Request: bad webhook: An HTTPS URL must be provided for webhook",
    });
  });

  it("is strict: an unknown method or parameter is refused, and the unknown method recorded without the token", async () => {
    const api = channel().api;
    const { z } = await import("zod");
    expect(await api.call("sendSticker", { chat_id: 1, sticker: "x" }, z.unknown())).toMatchObject({ ok: false, kind: "error", errorCode: 404, description: "Not Found" });
    expect(await telegramUnexpected()).toContainEqual({ method: "POST", path: "/bot***/sendSticker" });
    await acknowledgeTelegramUnexpected({ method: "POST", path: "/bot***/sendSticker" });
    expect(await api.call("sendMessage", { chatId: 1, text: "typo" }, z.unknown())).toMatchObject({ ok: false, errorCode: 400 });
    expect(await api.call("sendMessage", { chat_id: 1, text: "x", parse_mode: "BBCode" }, z.unknown())).toMatchObject({ ok: false, errorCode: 400 });
  });
});
