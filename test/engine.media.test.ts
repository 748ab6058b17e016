import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { messages } from "../src/adapters/db/schema";
import { newChatId, postWebhook, query, sentTo, textMessage, uploadMedia, waitUntilIdle } from "./helpers";

function mediaMessage(chatId: string, type: string, contentUri: string | null, text: string | null = null) {
  return { ...textMessage(chatId, ""), type, contentUri, text };
}

describe("conversation engine: voice notes and other media", () => {
  it("transcribes a voice note, stores the transcript and answers it like text", async () => {
    const chatId = newChatId();
    const uri = await uploadMedia("stand-in-audio:I need an ergonomic mesh chair");
    const voice = mediaMessage(chatId, "audio", uri);
    await postWebhook({ messages: [voice] });
    await waitUntilIdle(chatId);
    const [reply] = await sentTo(chatId);
    expect(reply!.text).toMatch(/chair/i);
    expect(reply!.text).toMatch(/AED/);
    const [stored] = await query((db) => db.select().from(messages).where(eq(messages.providerMessageId, voice.messageId)));
    expect(stored).toMatchObject({ type: "audio", text: "I need an ergonomic mesh chair", meta: { transcription: "ok" } });
  });

  it("an Arabic voice note is answered in Arabic", async () => {
    const chatId = newChatId();
    const uri = await uploadMedia("stand-in-audio:أحتاج مكتب مدير");
    await postWebhook({ messages: [mediaMessage(chatId, "audio", uri)] });
    await waitUntilIdle(chatId);
    const [reply] = await sentTo(chatId);
    expect(reply!.text).toContain("درهم");
  });

  it("answers a failed transcription or download instead of dropping the message", async () => {
    const failing = newChatId();
    await postWebhook({ messages: [mediaMessage(failing, "audio", await uploadMedia("stand-in-audio:fail"))] });
    const missing = newChatId();
    await postWebhook({ messages: [mediaMessage(missing, "audio", "http://127.0.0.1:9/no-such-file.ogg")] });
    for (const chatId of [failing, missing]) {
      await waitUntilIdle(chatId);
      const [reply] = await sentTo(chatId);
      expect(reply!.text).toContain("couldn't listen to your voice message");
    }
  });

  it("answers a photo, a location and a sticker sensibly, and uses a photo's caption", async () => {
    const photo = newChatId();
    await postWebhook({ messages: [mediaMessage(photo, "image", await uploadMedia("jpeg bytes"))] });
    const location = newChatId();
    await postWebhook({ messages: [mediaMessage(location, "geo", null, null)] });
    const sticker = newChatId();
    await postWebhook({ messages: [mediaMessage(sticker, "unsupported", null, null)] });
    const captioned = newChatId();
    await postWebhook({ messages: [mediaMessage(captioned, "image", await uploadMedia("jpeg bytes"), "do you have this sofa?")] });

    await waitUntilIdle(photo);
    expect((await sentTo(photo))[0]!.text).toContain("Thanks for the photo");
    await waitUntilIdle(location);
    expect((await sentTo(location))[0]!.text).toContain("We deliver across the UAE");
    await waitUntilIdle(sticker);
    expect((await sentTo(sticker))[0]!.text).toContain("How can I help");
    await waitUntilIdle(captioned);
    expect((await sentTo(captioned))[0]!.text).toMatch(/sofa/i);
  });
});
