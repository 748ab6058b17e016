import type { WazzupMessage } from "../src/adapters/channels/wazzup/wire";

/**
 * An inbound text message exactly as Wazzup's webhook carries it. Shared by the terminal chat,
 * the benchmark and the tests so all three post the same wire format.
 */
export function inboundTextMessage(input: {
  channelId: string;
  chatId: string;
  text: string;
  messageId?: string;
  name?: string;
}): WazzupMessage {
  return {
    messageId: input.messageId ?? crypto.randomUUID(),
    channelId: input.channelId,
    chatType: "whatsapp",
    chatId: input.chatId,
    dateTime: new Date().toISOString(),
    type: "text",
    status: "inbound",
    text: input.text,
    isEcho: false,
    contact: { name: input.name ?? "Customer", phone: input.chatId },
  };
}
