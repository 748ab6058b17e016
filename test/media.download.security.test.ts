import { inject } from "vitest";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { messages } from "../src/adapters/db/schema";
import { TelegramChannel } from "../src/adapters/channels/telegram/channel";
import { wazzupMediaOrigins } from "../src/adapters/channels/wazzup/channel";
import { downloadMedia, isAllowedMediaUrl } from "../src/adapters/media/download";
import { readAtMost } from "../src/lib/streams";
import { newChatId, postWebhook, query, sentTo, textMessage, uploadMedia, waitUntilIdle } from "./helpers";

function voiceNote(chatId: string, contentUri: string) {
  return { ...textMessage(chatId, ""), type: "audio", contentUri, text: null };
}

describe("webhook media come only from the channel's media hosts", () => {
  it("a voice note on another origin is neither downloaded nor transcribed, and the customer is answered", async () => {
    const chatId = newChatId();
    const real = new URL(await uploadMedia("stand-in-audio:I need an ergonomic mesh chair"));
    // The same file on the same server under another origin (localhost for 127.0.0.1): today's code fetched any URL.
    const elsewhere = `${real.protocol}//localhost:${real.port}${real.pathname}`;
    const voice = voiceNote(chatId, elsewhere);
    expect((await postWebhook({ messages: [voice] })).status).toBe(200);
    await waitUntilIdle(chatId);
    const [reply] = await sentTo(chatId);
    expect(reply!.text).toContain("couldn't listen to your voice message");
    const [stored] = await query((db) => db.select().from(messages).where(eq(messages.providerMessageId, voice.messageId)));
    expect(stored?.text ?? null).toBeNull();
    expect(stored?.meta).toMatchObject({ transcription: "download_failed" });
  });

  it("knows each channel's origins: Wazzup's API origin and https media hosts, Telegram's Bot API", () => {
    const config = { WAZZUP_API_URL: "https://api.wazzup24.com", WAZZUP_MEDIA_HOSTS: ["store.wazzup24.com"], TELEGRAM_API_URL: "https://api.telegram.org" };
    const whatsapp = wazzupMediaOrigins(config);
    expect(whatsapp).toEqual(["https://api.wazzup24.com", "https://store.wazzup24.com"]);
    expect(isAllowedMediaUrl("https://store.wazzup24.com/media/abc.ogg", whatsapp)).toBe(true);
    expect(isAllowedMediaUrl("http://store.wazzup24.com/media/abc.ogg", whatsapp)).toBe(false);
    expect(isAllowedMediaUrl("https://store.wazzup24.com:8443/media/abc.ogg", whatsapp)).toBe(false);
    expect(isAllowedMediaUrl("https://user:pw@store.wazzup24.com/media/abc.ogg", whatsapp)).toBe(false);
    expect(isAllowedMediaUrl("https://store.wazzup24.com.evil.example/abc.ogg", whatsapp)).toBe(false);
    expect(isAllowedMediaUrl("https://169.254.169.254/latest/meta-data", whatsapp)).toBe(false);
    expect(isAllowedMediaUrl("not a url", whatsapp)).toBe(false);
    expect(new TelegramChannel({ apiUrl: config.TELEGRAM_API_URL, token: "123456:secret-token" }).mediaOrigins).toEqual(["https://api.telegram.org"]);
  });

  it("streams with a byte cap: an endless body is cancelled just past the cap, never read whole", async () => {
    let pulled = 0;
    let cancelled = false;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 1024;
        controller.enqueue(new Uint8Array(1024));
      },
      cancel() {
        cancelled = true;
      },
    });
    expect(await readAtMost(endless, 10 * 1024)).toBeNull();
    expect(cancelled).toBe(true);
    expect(pulled).toBeGreaterThan(10 * 1024);
    expect(pulled).toBeLessThanOrEqual(12 * 1024);
    const small = new Response("stand-in-audio:hello").body;
    expect(new TextDecoder().decode((await readAtMost(small, 1024))!)).toBe("stand-in-audio:hello");
  });

  it("refuses a file over the cap from an allowed host while it streams", async () => {
    const uri = await uploadMedia("x".repeat(5000));
    const origin = new URL(inject("wazzupUrl")).origin;
    expect(await downloadMedia(uri, { origins: [origin], maxBytes: 4096, timeoutMs: 5000 })).toEqual({ ok: false, reason: "too_large" });
    const fits = await downloadMedia(uri, { origins: [origin], maxBytes: 8192, timeoutMs: 5000 });
    expect(fits.ok && fits.bytes.byteLength).toBe(5000);
    expect(await downloadMedia(uri, { origins: ["https://store.wazzup24.com"], maxBytes: 8192, timeoutMs: 5000 })).toEqual({ ok: false, reason: "host_not_allowed" });
  });
});
