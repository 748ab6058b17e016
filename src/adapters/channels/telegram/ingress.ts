import { cleanOptionalText } from "../../../lib/text";
import { isAnswerable } from "../../../core/channels/address";
import type { ChatAddress, InboundMessage } from "../../../core/channels/channel";
import type { TelegramMessage, TelegramUpdate } from "./wire";
import { plausibleSentAt } from "../../../core/channels/sent-at";

/** What a customer's `/start` says to the agent. */
export const START_GREETING = "Hello";

/** A media reference in a stored message: `Channel.mediaUrl` turns it into a download URL when needed. */
export const TELEGRAM_FILE_PREFIX = "tg-file:";

/**
 * Turns one webhook update into the port's normalized messages (zero or one).
 *
 * - `message` and `edited_message` are read; other update kinds (channel posts, callbacks, ...)
 *   give no message, and the route still acknowledges them so Telegram stops repeating them.
 * - Private chats with a person: text, voice/audio, the largest photo, documents, video,
 *   contacts, locations and stickers are mapped; anything else is `unsupported`.
 * - Messages in groups, supergroups and channels, and messages from bots or sent on behalf of a
 *   chat, come back as `unsupported` with no text, name or media: the core stores them as seen
 *   and leaves them alone (`isAnswerable`), and we keep none of a stranger's words.
 * - Media carry `tg-file:<file_id>`, never a download URL: Telegram's URL contains the bot token.
 */
export function parseTelegramUpdate(update: TelegramUpdate, bot: { id: string }): InboundMessage[] {
  const edited = update.message === undefined && update.edited_message !== undefined;
  const message = update.message ?? update.edited_message;
  if (!message) return [];
  const chat: ChatAddress = { channel: "telegram", channelId: bot.id, chatType: message.chat.type, chatId: String(message.chat.id) };
  const base = {
    // An edit keeps the message's id; it gets one of its own so the edited words are read, not dropped as a repeat.
    id: edited ? `${message.message_id}~edit-${message.edit_date ?? update.update_id}` : String(message.message_id),
    chat,
    sentAt: plausibleSentAt(message.date * 1000),
    isEcho: false,
    clientMessageId: null,
    isEdited: edited,
    isDeleted: false,
  };
  const fromPerson = message.from !== undefined && !message.from.is_bot && message.sender_chat === undefined;
  if (!isAnswerable(chat) || !fromPerson) {
    return [{ ...base, type: "unsupported", text: null, contentUri: null, contactName: null, phone: null, command: null }];
  }
  const content = contentOf(message);
  const command = content.type === "text" ? commandOf(message) : null;
  return [
    {
      ...base,
      ...content,
      // `/start` is how every Telegram chat opens: the agent reads it as the greeting it is.
      text: command === "start" ? START_GREETING : cleanOptionalText(content.text),
      contactName: displayName(message.from),
      // Telegram usernames are letters, digits and underscores; anything else is not one.
      handle: /^\w{1,64}$/.test(message.from?.username ?? "") ? message.from!.username! : null,
      phone: ownPhone(message),
      command,
    },
  ];
}

/** The bot's numeric id, which is the part of its token before the colon (`123456:ABC...`). */
export function botIdFromToken(token: string): string {
  const id = /^(\d+):/.exec(token)?.[1];
  if (!id) throw new Error("A Telegram bot token starts with the bot's numeric id and a colon");
  return id;
}

interface Content {
  type: string;
  text: string | null;
  contentUri: string | null;
}

function contentOf(message: TelegramMessage): Content {
  const caption = message.caption ?? null;
  const file = (type: string, fileId: string): Content => ({ type, text: caption, contentUri: `${TELEGRAM_FILE_PREFIX}${fileId}` });
  if (message.text !== undefined) return { type: "text", text: message.text, contentUri: null };
  if (message.voice) return file("audio", message.voice.file_id);
  if (message.audio) return file("audio", message.audio.file_id);
  const largest = largestPhoto(message.photo);
  if (largest) return file("image", largest);
  // An animation (GIF) also carries a `document`; it is a moving picture, not a file to review.
  const video = message.video ?? message.video_note ?? message.animation;
  if (video) return file("video", video.file_id);
  if (message.document) return file("document", message.document.file_id);
  if (message.contact) return { type: "vcard", text: null, contentUri: null };
  if (message.location) return { type: "geo", text: null, contentUri: null };
  if (message.sticker) return { type: "sticker", text: null, contentUri: null };
  return { type: "unsupported", text: caption, contentUri: null };
}

/** Telegram sends a photo in several sizes; the largest is the one worth keeping. */
function largestPhoto(sizes: TelegramMessage["photo"]): string | null {
  if (!sizes || sizes.length === 0) return null;
  let best = sizes[0]!;
  for (const size of sizes) {
    if (size.width * size.height > best.width * best.height) best = size;
  }
  return best.file_id;
}

/** `/start`, `/start payload` and `/start@OurBot` give `start`: a command only counts at the message's start. */
function commandOf(message: TelegramMessage): string | null {
  const leading = message.entities?.find((entity) => entity.type === "bot_command" && entity.offset === 0);
  if (!leading || !message.text) return null;
  const token = message.text.slice(1, leading.length);
  const name = token.split("@")[0]?.toLowerCase() ?? "";
  return /^[a-z0-9_]{1,32}$/.test(name) ? name : null;
}

function displayName(from: TelegramMessage["from"]): string | null {
  if (!from) return null;
  const name = [from.first_name, from.last_name].filter((part) => part && part.trim() !== "").join(" ").trim();
  return name === "" ? null : cleanOptionalText(name);
}

/** A shared contact is the customer's own number only when Telegram says it belongs to the sender. */
function ownPhone(message: TelegramMessage): string | null {
  const contact = message.contact;
  if (!contact || contact.user_id === undefined || contact.user_id !== message.from?.id) return null;
  const digits = contact.phone_number.replace(/\D/g, "");
  return digits === "" ? null : digits;
}
