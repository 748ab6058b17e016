import { z } from "zod";

/**
 * The parts of the Telegram Bot API wire format we use (https://core.telegram.org/bots/api).
 * Telegram adds fields over time, so every object passes unknown keys through; what we rely on
 * is checked. Ids are 64-bit but fit a double (Telegram guarantees at most 52 significant bits).
 */
const telegramId = z.number().int().safe();

export const telegramUserSchema = z
  .object({
    id: telegramId,
    is_bot: z.boolean(),
    first_name: z.string().max(256),
    last_name: z.string().max(256).optional(),
    username: z.string().max(64).optional(),
    language_code: z.string().max(35).optional(),
  })
  .passthrough();

export const telegramChatSchema = z
  .object({
    id: telegramId,
    /** `private`, `group`, `supergroup` or `channel`; kept open so a new kind parses (and is left alone). */
    type: z.string().min(1).max(32),
    title: z.string().max(256).optional(),
    username: z.string().max(64).optional(),
  })
  .passthrough();

const fileSchema = {
  file_id: z.string().min(1).max(512),
  file_unique_id: z.string().max(512).optional(),
  file_size: z.number().int().nonnegative().optional(),
};

export const telegramVoiceSchema = z
  .object({ ...fileSchema, duration: z.number().int().nonnegative(), mime_type: z.string().max(255).optional() })
  .passthrough();

export const telegramAudioSchema = z
  .object({
    ...fileSchema,
    duration: z.number().int().nonnegative(),
    mime_type: z.string().max(255).optional(),
    file_name: z.string().max(1024).optional(),
    title: z.string().max(1024).optional(),
  })
  .passthrough();

export const telegramPhotoSizeSchema = z
  .object({ ...fileSchema, width: z.number().int().nonnegative(), height: z.number().int().nonnegative() })
  .passthrough();

export const telegramDocumentSchema = z
  .object({ ...fileSchema, file_name: z.string().max(1024).optional(), mime_type: z.string().max(255).optional() })
  .passthrough();

export const telegramVideoSchema = z
  .object({ ...fileSchema, duration: z.number().int().nonnegative().optional(), mime_type: z.string().max(255).optional() })
  .passthrough();

export const telegramContactSchema = z
  .object({
    phone_number: z.string().min(1).max(64),
    first_name: z.string().max(256),
    last_name: z.string().max(256).optional(),
    /** Present when the contact is a Telegram user; equal to `from.id` when users share their own number. */
    user_id: telegramId.optional(),
    vcard: z.string().max(10_000).optional(),
  })
  .passthrough();

export const telegramLocationSchema = z
  .object({ latitude: z.number().min(-90).max(90), longitude: z.number().min(-180).max(180) })
  .passthrough();

export const telegramStickerSchema = z.object({ ...fileSchema, emoji: z.string().max(32).optional() }).passthrough();

export const telegramEntitySchema = z
  .object({ type: z.string().min(1).max(64), offset: z.number().int().nonnegative(), length: z.number().int().nonnegative() })
  .passthrough();

export const telegramMessageSchema = z
  .object({
    message_id: telegramId,
    /** Absent for messages sent on behalf of a chat (channel posts, anonymous group admins). */
    from: telegramUserSchema.optional(),
    sender_chat: telegramChatSchema.optional(),
    chat: telegramChatSchema,
    /** Unix time in seconds. */
    date: z.number().int().nonnegative(),
    edit_date: z.number().int().nonnegative().optional(),
    text: z.string().max(100_000).optional(),
    caption: z.string().max(100_000).optional(),
    entities: z.array(telegramEntitySchema).max(1000).optional(),
    voice: telegramVoiceSchema.optional(),
    audio: telegramAudioSchema.optional(),
    photo: z.array(telegramPhotoSizeSchema).max(100).optional(),
    document: telegramDocumentSchema.optional(),
    video: telegramVideoSchema.optional(),
    video_note: telegramVideoSchema.optional(),
    animation: telegramVideoSchema.optional(),
    contact: telegramContactSchema.optional(),
    location: telegramLocationSchema.optional(),
    sticker: telegramStickerSchema.optional(),
  })
  .passthrough();

/** One webhook delivery. `update_id` identifies it: Telegram repeats an update until it gets a 2xx. */
export const telegramUpdateSchema = z
  .object({
    update_id: z.number().int().nonnegative().safe(),
    message: telegramMessageSchema.optional(),
    edited_message: telegramMessageSchema.optional(),
  })
  .passthrough();

/** `{ok: true, result}` with the method's result checked by `result`. */
export function telegramOkSchema<T extends z.ZodType>(result: T) {
  return z.object({ ok: z.literal(true), result, description: z.string().optional() }).passthrough();
}

export const telegramErrorSchema = z
  .object({
    ok: z.literal(false),
    error_code: z.number().int(),
    description: z.string().default(""),
    parameters: z
      .object({
        /** Seconds to wait before repeating the request (429 flood control). */
        retry_after: z.number().int().nonnegative().optional(),
        /** The group became a supergroup with this id. */
        migrate_to_chat_id: telegramId.optional(),
      })
      .passthrough()
      .optional(),
  })
  .passthrough();

/** The result of sendMessage and sendDocument; we keep only its id. */
export const telegramSentMessageSchema = z.object({ message_id: telegramId, chat: telegramChatSchema }).passthrough();

/** getFile's result. `file_path` is absent when the file cannot be downloaded (over 20 MB). */
export const telegramFileSchema = z.object({ ...fileSchema, file_path: z.string().min(1).max(1024).optional() }).passthrough();

export const telegramWebhookInfoSchema = z
  .object({
    url: z.string(),
    has_custom_certificate: z.boolean(),
    pending_update_count: z.number().int().nonnegative(),
    last_error_date: z.number().int().optional(),
    last_error_message: z.string().optional(),
    max_connections: z.number().int().optional(),
    allowed_updates: z.array(z.string()).optional(),
  })
  .passthrough();

export type TelegramUser = z.infer<typeof telegramUserSchema>;
export type TelegramChat = z.infer<typeof telegramChatSchema>;
export type TelegramMessage = z.infer<typeof telegramMessageSchema>;
export type TelegramUpdate = z.infer<typeof telegramUpdateSchema>;
export type TelegramError = z.infer<typeof telegramErrorSchema>;
export type TelegramFile = z.infer<typeof telegramFileSchema>;
export type TelegramWebhookInfo = z.infer<typeof telegramWebhookInfoSchema>;
