import { z } from "zod";

/**
 * The Wazzup webhook body (https://wazzup24.com/help/api-en/webhooks/). Wazzup adds fields over
 * time, so objects pass unknown keys through; what we rely on is checked strictly.
 */
const contactSchema = z
  .object({
    name: z.string().max(500).optional().nullable(),
    phone: z.string().max(64).optional().nullable(),
    username: z.string().max(200).optional().nullable(),
    avatarUri: z.string().max(2000).optional().nullable(),
  })
  .passthrough();

export const wazzupMessageSchema = z
  .object({
    messageId: z.string().min(1).max(128),
    channelId: z.string().min(1).max(128),
    chatType: z.string().min(1).max(32),
    chatId: z.string().min(1).max(128),
    dateTime: z.string().min(1).max(64),
    type: z.string().min(1).max(32),
    status: z.string().max(32).optional().nullable(),
    text: z.string().max(100_000).optional().nullable(),
    contentUri: z.string().max(4000).optional().nullable(),
    isEcho: z.boolean().nullable().optional().transform((v) => v === true),
    contact: contactSchema.optional().nullable(),
    authorName: z.string().max(500).optional().nullable(),
    authorId: z.string().max(128).optional().nullable(),
    sentFromApp: z.boolean().optional().nullable(),
    crmMessageId: z.string().max(200).optional().nullable(),
    quotedMessage: z.unknown().optional(),
    isEdited: z.boolean().optional().nullable(),
    isDeleted: z.boolean().optional().nullable(),
  })
  .passthrough();

export const wazzupStatusSchema = z
  .object({
    messageId: z.string().min(1).max(128),
    timestamp: z.string().max(64).optional().nullable(),
    status: z.string().min(1).max(32),
  })
  .passthrough();

export const wazzupWebhookSchema = z
  .object({
    test: z.boolean().optional(),
    messages: z.array(wazzupMessageSchema).max(1000).optional(),
    statuses: z.array(wazzupStatusSchema).max(5000).optional(),
  })
  .passthrough();

export type WazzupMessage = z.infer<typeof wazzupMessageSchema>;
export type WazzupStatus = z.infer<typeof wazzupStatusSchema>;
export type WazzupWebhook = z.infer<typeof wazzupWebhookSchema>;
