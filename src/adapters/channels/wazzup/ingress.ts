import type { DeliveryStatusUpdate, InboundMessage } from "../../../core/channels/channel";
import { cleanOptionalText } from "../../../lib/text";
import { plausibleSentAt } from "../../../core/channels/sent-at";
import type { WazzupMessage, WazzupWebhook } from "./wire";

/** A Wazzup delivery, normalized: the messages of channels we serve, the statuses, and what was refused. */
export interface WazzupInbound {
  messages: InboundMessage[];
  statuses: DeliveryStatusUpdate[];
  /** Messages for a Wazzup channel this deployment does not serve: acknowledged, never stored or answered. */
  foreignChannel: number;
}

/**
 * Turns a Wazzup webhook body into the core's shape. With WAZZUP_CHANNEL_ID set, only that
 * channel's messages are taken: a message naming another channel would otherwise open a
 * conversation whose replies go out through an account that is not ours.
 */
export function parseWazzupDelivery(payload: WazzupWebhook, servedChannelId: string | undefined): WazzupInbound {
  const messages: InboundMessage[] = [];
  let foreignChannel = 0;
  for (const raw of payload.messages ?? []) {
    if (servedChannelId && raw.channelId !== servedChannelId) foreignChannel++;
    else messages.push(toInboundMessage(raw));
  }
  const statuses = (payload.statuses ?? []).map((s) => {
    const at = s.timestamp ? Date.parse(s.timestamp) : Number.NaN;
    return { providerMessageId: s.messageId, status: s.status, at: Number.isFinite(at) ? at : null };
  });
  return { messages, statuses, foreignChannel };
}

export function toInboundMessage(message: WazzupMessage): InboundMessage {
  return {
    id: message.messageId,
    chat: { channel: "whatsapp", channelId: message.channelId, chatType: message.chatType, chatId: message.chatId },
    type: message.type,
    text: cleanOptionalText(message.text),
    contentUri: message.contentUri ?? null,
    sentAt: plausibleSentAt(Date.parse(message.dateTime)),
    contactName: cleanOptionalText(message.contact?.name ?? message.authorName),
    phone: message.chatType === "whatsapp" ? message.chatId : null,
    isEcho: message.isEcho === true,
    clientMessageId: message.crmMessageId ?? null,
    isEdited: message.isEdited === true,
    isDeleted: message.isDeleted === true,
  };
}
