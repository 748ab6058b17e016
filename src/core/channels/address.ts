import type { ChatAddress } from "./channel";
import { channelSpec } from "./registry";

/**
 * The name of a chat's conversation (its Durable Object and its Postgres row's natural key).
 * JSON of the parts, so no choice of ids can make two chats share one conversation (a joined
 * "channelId:chatId" could: "a:b" + "c" and "a" + "b:c").
 */
export function conversationKey(chat: Pick<ChatAddress, "channel" | "channelId" | "chatId">): string {
  return JSON.stringify([chat.channel, chat.channelId, chat.chatId]);
}

/** Chats the agent answers: one-to-one chats with a customer. Groups and other kinds are stored and left alone. */
export function isAnswerable(chat: ChatAddress): boolean {
  return chat.chatType === channelSpec(chat.channel).customerChatType;
}

/** Where manager notices go: a manager's WhatsApp number through the configured Wazzup channel. */
export function managerAddress(channelId: string, phone: string): ChatAddress {
  return { channel: "whatsapp", channelId, chatType: "whatsapp", chatId: phone };
}

/** The external id a customer is known by on a chat's channel (a phone number on WhatsApp, a chat id on Telegram). */
export function customerExternalId(chat: ChatAddress): string {
  return chat.chatId;
}
