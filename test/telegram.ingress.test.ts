import { describe, expect, it } from "vitest";
import { botIdFromToken, parseTelegramUpdate } from "../src/adapters/channels/telegram/ingress";
import { telegramUpdateSchema } from "../src/adapters/channels/telegram/wire";
import { contactUpdate, documentUpdate, editedUpdate, newTelegramChatId, photoUpdate, startUpdate, textUpdate, voiceUpdate } from "../stand-ins/telegram-updates";

const BOT = { id: "7000000001" };

/** Through the wire schema first, as the webhook route does. */
function parse(update: unknown) {
  return parseTelegramUpdate(telegramUpdateSchema.parse(update), BOT);
}

describe("Telegram updates to normalized messages", () => {
  it("maps a private text message to the chat's address, with the sender's name and no phone", () => {
    const chatId = newTelegramChatId();
    const update = textUpdate({ chatId, text: "Do you have standing desks?", firstName: "Fatima", lastName: "Al Mansoori", username: "fatima_am", messageId: 42, date: 1_780_000_000 });
    expect(parse(update)).toEqual([
      {
        id: "42",
        chat: { channel: "telegram", channelId: BOT.id, chatType: "private", chatId: String(chatId) },
        type: "text",
        text: "Do you have standing desks?",
        contentUri: null,
        sentAt: 1_780_000_000_000,
        contactName: "Fatima Al Mansoori",
        handle: "fatima_am",
        phone: null,
        isEcho: false,
        clientMessageId: null,
        isEdited: false,
        isDeleted: false,
        command: null,
      },
    ]);
  });

  it("cleans control characters out of text and names where they enter", () => {
    const [message] = parse(textUpdate({ chatId: newTelegramChatId(), text: "desk\u0000 please\u0007", firstName: "Sa\u0000ra" }));
    expect(message).toMatchObject({ text: "desk please", contactName: "Sara" });
  });

  it("reads /start, /start with a payload and /start@bot as the start command, and nothing else as one", () => {
    const chatId = newTelegramChatId();
    // The agent reads `/start` as the customer's greeting.
    expect(parse(startUpdate({ chatId }))[0]).toMatchObject({ type: "text", text: "Hello", command: "start" });
    expect(parse(startUpdate({ chatId, payload: "ad-campaign-7" }))[0]).toMatchObject({ text: "Hello", command: "start" });
    expect(parse(textUpdate({ chatId, text: "/start@sales_agent_bot" }))[0]!.command).toBe("start");
    // A slash in the middle of a sentence is not a command, nor is a slash without Telegram's entity.
    const midSentence = textUpdate({ chatId, text: "price of desk 120/60?" });
    expect(parse(midSentence)[0]!.command).toBeNull();
    const noEntity = { ...textUpdate({ chatId, text: "/start" }) };
    delete (noEntity.message as { entities?: unknown }).entities;
    expect(parse(noEntity)[0]!.command).toBeNull();
  });

  it("turns a voice note into an audio message whose content is a file reference, never a URL with the token", () => {
    const [message] = parse(voiceUpdate({ chatId: newTelegramChatId(), fileId: "AwACAgIAAxkBAAIBvoice" }));
    expect(message).toMatchObject({ type: "audio", text: null, contentUri: "tg-file:AwACAgIAAxkBAAIBvoice" });
    const audioFile = textUpdate({ chatId: newTelegramChatId(), text: "x" });
    const message2 = { ...audioFile.message!, text: undefined, audio: { file_id: "CQACAgIAAxkBmusic", duration: 30, mime_type: "audio/mpeg" } };
    expect(parse({ update_id: 1, message: message2 })[0]).toMatchObject({ type: "audio", contentUri: "tg-file:CQACAgIAAxkBmusic" });
  });

  it("keeps the largest photo size, with the caption as text", () => {
    const update = photoUpdate({ chatId: newTelegramChatId(), fileIds: ["small", "large", "medium"], caption: "Like this one" });
    // The stand-in's sizes grow with the index, so "medium" (third) is the largest by area here.
    expect(parse(update)[0]).toMatchObject({ type: "image", text: "Like this one", contentUri: "tg-file:medium" });
    const sizes = [
      { file_id: "big", file_unique_id: "a", width: 1280, height: 960 },
      { file_id: "thumb", file_unique_id: "b", width: 90, height: 67 },
    ];
    const reordered = { ...update, message: { ...update.message!, photo: sizes, caption: undefined } };
    expect(parse(reordered)[0]).toMatchObject({ type: "image", text: null, contentUri: "tg-file:big" });
  });

  it("maps a document, with its caption", () => {
    const [message] = parse(documentUpdate({ chatId: newTelegramChatId(), fileId: "BQACAgIAAxkBdoc", caption: "Our floor plan" }));
    expect(message).toMatchObject({ type: "document", text: "Our floor plan", contentUri: "tg-file:BQACAgIAAxkBdoc" });
  });

  it("takes a shared contact's number only when it is the sender's own", () => {
    const chatId = newTelegramChatId();
    expect(parse(contactUpdate({ chatId, phone: "+971 50 123 4567" }))[0]).toMatchObject({ type: "vcard", phone: "971501234567", text: null });
    expect(parse(contactUpdate({ chatId, phone: "+971501112233", ownerId: chatId + 1 }))[0]).toMatchObject({ type: "vcard", phone: null });
  });

  it("maps locations and stickers to their kinds, and an unknown kind to unsupported", () => {
    const base = textUpdate({ chatId: newTelegramChatId(), text: "x" });
    const without = { ...base.message!, text: undefined };
    expect(parse({ update_id: 1, message: { ...without, location: { latitude: 25.2, longitude: 55.27 } } })[0]!.type).toBe("geo");
    expect(parse({ update_id: 2, message: { ...without, sticker: { file_id: "CAAC", emoji: "👍" } } })[0]).toMatchObject({ type: "sticker", contentUri: null });
    expect(parse({ update_id: 3, message: { ...without, poll: { id: "1", question: "?" } } })[0]).toMatchObject({ type: "unsupported", text: null });
  });

  it("marks an edited message and gives it an id of its own, so the new words are read rather than dropped as a repeat", () => {
    const original = textUpdate({ chatId: newTelegramChatId(), text: "two chairs", messageId: 77 });
    const update = editedUpdate(original, "three chairs");
    const [edited] = parse(update);
    expect(edited).toMatchObject({ id: `77~edit-${update.edited_message!.edit_date}`, text: "three chairs", isEdited: true, isEcho: false });
  });

  it("parses group, supergroup and channel messages as unsupported, keeping no words, name or media", () => {
    for (const chatType of ["group", "supergroup", "channel"] as const) {
      const update = photoUpdate({ chatId: -1001234567890, fileIds: ["p"], caption: "call me on +971501234567", firstName: "Omar", chatType });
      expect(parse(update)).toEqual([
        expect.objectContaining({ chat: expect.objectContaining({ chatType, chatId: "-1001234567890" }), type: "unsupported", text: null, contentUri: null, contactName: null, phone: null }),
      ]);
    }
  });

  it("treats a message from a bot, or sent on behalf of a chat, as unsupported even in a private chat", () => {
    const update = textUpdate({ chatId: newTelegramChatId(), text: "spam" });
    const fromBot = { ...update, message: { ...update.message!, from: { id: 5, is_bot: true, first_name: "Bot" } } };
    expect(parse(fromBot)[0]).toMatchObject({ type: "unsupported", text: null });
    const anonymous = { ...update, message: { ...update.message!, from: undefined, sender_chat: { id: -100, type: "channel" } } };
    expect(parse(anonymous)[0]).toMatchObject({ type: "unsupported", text: null });
  });

  it("gives no message for updates of other kinds, and passes unknown fields through the schema", () => {
    expect(parse({ update_id: 9, callback_query: { id: "1" } })).toEqual([]);
    const update = textUpdate({ chatId: newTelegramChatId(), text: "hi" });
    const withExtra = { ...update, message: { ...update.message!, new_field_from_2027: { x: 1 } } };
    expect(parse(withExtra)).toHaveLength(1);
  });

  it("refuses updates missing what we rely on", () => {
    expect(telegramUpdateSchema.safeParse({ message: {} }).success).toBe(false);
    expect(telegramUpdateSchema.safeParse({ update_id: 1, message: { message_id: 1, date: 1, chat: { type: "private" } } }).success).toBe(false);
    expect(telegramUpdateSchema.safeParse({ update_id: "1" }).success).toBe(false);
  });

  it("reads the bot's id from its token and refuses a token without one", () => {
    expect(botIdFromToken("7000000001:TEST-telegram-bot-token_4c1d9e")).toBe("7000000001");
    expect(() => botIdFromToken("not-a-token")).toThrow(/numeric id/);
  });
});
