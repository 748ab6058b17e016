import type { TelegramUpdate } from "../src/adapters/channels/telegram/wire";

/**
 * Telegram webhook updates exactly as the Bot API sends them, for the tests, the stand-in and
 * local tools. Pure functions (no Node APIs), so tests running in workerd can import them too.
 */
export interface UpdateInput {
  chatId: number;
  updateId?: number;
  messageId?: number;
  firstName?: string;
  lastName?: string;
  /** The sender's @handle (without the @). */
  username?: string;
  /** Unix seconds; now when absent. */
  date?: number;
  chatType?: "private" | "group" | "supergroup" | "channel";
}

let counter = Math.floor(Math.random() * 1_000_000) * 1000;

/** A fresh private chat id (a positive user id) so tests never share a conversation. */
export function newTelegramChatId(): number {
  return 100_000_000 + Math.floor(Math.random() * 1_800_000_000);
}

function message(input: UpdateInput, content: Record<string, unknown>): TelegramUpdate {
  counter++;
  const from = { id: input.chatId, is_bot: false, first_name: input.firstName ?? "Test", ...(input.lastName ? { last_name: input.lastName } : {}), ...(input.username ? { username: input.username } : {}), language_code: "en" };
  const type = input.chatType ?? "private";
  const chat = type === "private" ? { id: input.chatId, type, first_name: from.first_name } : { id: input.chatId, type, title: "Office team" };
  return {
    update_id: input.updateId ?? counter,
    message: { message_id: input.messageId ?? counter, from, chat, date: input.date ?? Math.floor(Date.now() / 1000), ...content },
  } as TelegramUpdate;
}

export function textUpdate(input: UpdateInput & { text: string }): TelegramUpdate {
  const command = /^\/[A-Za-z0-9_]+(@\w+)?/.exec(input.text)?.[0];
  return message(input, { text: input.text, ...(command ? { entities: [{ type: "bot_command", offset: 0, length: command.length }] } : {}) });
}

/** `/start` (optionally with a deep-link payload) as Telegram sends it when a user opens the bot. */
export function startUpdate(input: UpdateInput & { payload?: string }): TelegramUpdate {
  return textUpdate({ ...input, text: input.payload ? `/start ${input.payload}` : "/start" });
}

export function voiceUpdate(input: UpdateInput & { fileId: string; duration?: number }): TelegramUpdate {
  return message(input, { voice: { file_id: input.fileId, file_unique_id: `u-${input.fileId}`, duration: input.duration ?? 3, mime_type: "audio/ogg", file_size: 20 } });
}

export function photoUpdate(input: UpdateInput & { fileIds: [string, ...string[]]; caption?: string }): TelegramUpdate {
  const photo = input.fileIds.map((fileId, i) => ({ file_id: fileId, file_unique_id: `u-${fileId}`, width: 90 * (i + 1) ** 2, height: 60 * (i + 1) ** 2, file_size: 1000 * (i + 1) }));
  return message(input, { photo, ...(input.caption ? { caption: input.caption } : {}) });
}

export function documentUpdate(input: UpdateInput & { fileId: string; fileName?: string; caption?: string }): TelegramUpdate {
  const document = { file_id: input.fileId, file_unique_id: `u-${input.fileId}`, file_name: input.fileName ?? "floor-plan.pdf", mime_type: "application/pdf", file_size: 2048 };
  return message(input, { document, ...(input.caption ? { caption: input.caption } : {}) });
}

/** The user shares a contact; their own number unless `ownerId` says it is someone else's. */
export function contactUpdate(input: UpdateInput & { phone: string; ownerId?: number }): TelegramUpdate {
  return message(input, { contact: { phone_number: input.phone, first_name: input.firstName ?? "Test", user_id: input.ownerId ?? input.chatId } });
}

/** The same message, edited: Telegram sends it again as `edited_message` in a new update. */
export function editedUpdate(original: TelegramUpdate, text: string): TelegramUpdate {
  counter++;
  const previous = original.message ?? original.edited_message;
  if (!previous) throw new Error("editedUpdate needs an update with a message");
  return { update_id: counter, edited_message: { ...previous, text, edit_date: Math.floor(Date.now() / 1000) } } as TelegramUpdate;
}

/** POSTs an update to a webhook the way Telegram does: JSON, with the secret header when one was set. Returns the HTTP status. */
export async function postUpdate(webhookUrl: string, secretToken: string | null, update: unknown): Promise<number> {
  const response = await fetch(webhookUrl, {
    method: "POST",
    headers: { "content-type": "application/json", ...(secretToken ? { "x-telegram-bot-api-secret-token": secretToken } : {}) },
    body: JSON.stringify(update),
  });
  await response.body?.cancel();
  return response.status;
}
