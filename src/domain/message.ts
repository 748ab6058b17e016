import type { WazzupMessage } from "./wazzup-webhook";

/** Where a chat lives: one Durable Object per (channelId, chatId). */
export interface ChatAddress {
  channelId: string;
  chatType: string;
  chatId: string;
}

/** A message as the conversation engine sees it, independent of Wazzup's wire shape. */
export interface IncomingMessage {
  id: string;
  chat: ChatAddress;
  type: string;
  text: string | null;
  contentUri: string | null;
  sentAt: number;
  contactName: string | null;
  /** An outgoing message Wazzup echoes back: ours, or a manager's from the WhatsApp app. */
  isEcho: boolean;
  crmMessageId: string | null;
  isEdited: boolean;
  isDeleted: boolean;
}

export function chatKey(chat: Pick<ChatAddress, "channelId" | "chatId">): string {
  return `${chat.channelId}:${chat.chatId}`;
}

/** Chat types the agent answers. Groups and other networks are acknowledged and left alone. */
export const ANSWERED_CHAT_TYPES = new Set(["whatsapp"]);

export function toIncomingMessage(message: WazzupMessage): IncomingMessage {
  const parsedTime = Date.parse(message.dateTime);
  return {
    id: message.messageId,
    chat: { channelId: message.channelId, chatType: message.chatType, chatId: message.chatId },
    type: message.type,
    text: message.text ?? null,
    contentUri: message.contentUri ?? null,
    sentAt: Number.isFinite(parsedTime) ? parsedTime : Date.now(),
    contactName: message.contact?.name ?? message.authorName ?? null,
    isEcho: message.isEcho === true,
    crmMessageId: message.crmMessageId ?? null,
    isEdited: message.isEdited === true,
    isDeleted: message.isDeleted === true,
  };
}
