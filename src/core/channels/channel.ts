/**
 * The channel port: what the conversation core needs from a messaging provider, and nothing of any
 * provider's wire format. Wazzup (WhatsApp) and the Telegram Bot API are implementations; the core
 * sees only normalized inbound messages, outbound messages and delivery results.
 */

import type { ChannelName } from "./registry";

export { CHANNEL_NAMES, type ChannelName } from "./registry";

/** Where a chat lives. One conversation (and one Durable Object) per address. */
export interface ChatAddress {
  channel: ChannelName;
  /** The provider's account the chat belongs to: Wazzup's channelId, the Telegram bot's id. */
  channelId: string;
  /** The provider's chat kind (`whatsapp`, `whatsgroup`, `private`, `group`, ...). */
  chatType: string;
  /** The chat's id at the provider: a phone number's digits on WhatsApp, a chat id on Telegram. */
  chatId: string;
}

/** A message as the conversation core sees it, independent of any provider's wire shape. */
export interface InboundMessage {
  /** The provider's id of the message; unique within its chat. */
  id: string;
  chat: ChatAddress;
  /** `text`, `image`, `audio`, `video`, `document`, `vcard`, `geo`, `sticker`, `unsupported`, ... */
  type: string;
  text: string | null;
  /**
   * Where the media is: a URL, or a channel-specific reference that `Channel.mediaUrl` resolves
   * when it is needed (Telegram file ids: their download URL carries the bot token).
   */
  contentUri: string | null;
  sentAt: number;
  contactName: string | null;
  /** The customer's public username on the channel (Telegram's @handle, without the @), when they have one. */
  handle?: string | null;
  /** The customer's phone number when the channel tells it (WhatsApp always, Telegram only if shared). */
  phone: string | null;
  /** An outgoing message the provider reports back: ours, or a manager's typed in the provider's app. */
  isEcho: boolean;
  /** Our own id of an echoed message, when the provider returns it (Wazzup's crmMessageId). */
  clientMessageId: string | null;
  isEdited: boolean;
  isDeleted: boolean;
  /** A command such as Telegram's `/start` (without the slash), when the message is one. */
  command?: string | null;
}

/** A provider's report on a message we sent (Wazzup `statuses`). */
export interface DeliveryStatusUpdate {
  providerMessageId: string;
  status: string;
  at: number | null;
}

/** One message to deliver. `id` is ours and stable across retries (the idempotency key where the provider has one). */
export interface OutboundMessage {
  id: string;
  to: ChatAddress;
  /** Exactly one of text and document. */
  text?: string;
  document?: { url: string; caption?: string; filename?: string };
  /**
   * An approved template (WhatsApp outside the 24-hour window): sent instead of `text`, which then
   * is only its rendered copy for the record. Channels without templates send `text`.
   */
  template?: { id: string; values: string[] };
}

/**
 * What one delivery attempt achieved.
 * - delivered: the provider took it.
 * - failed, retryable: it did not go; trying again later may work (429, 5xx, network before sending).
 * - failed, permanent: it will never go as it is (blocked bot, closed window, bad number).
 * - uncertain: the provider may or may not have it (a timeout after the request left).
 * - repeated: the provider already holds a message with this id; whose it is, the outbox decides.
 */
export type DeliveryResult =
  | { kind: "delivered"; providerMessageId: string | null }
  /** The provider refused `id` as one it already took (Wazzup's repeatedCrmMessageId): ours from an earlier attempt, or another message's. */
  | { kind: "repeated" }
  | { kind: "failed"; retryable: true; code: string; description: string; retryAfterMs?: number }
  | { kind: "failed"; retryable: false; code: string; description: string }
  | { kind: "uncertain"; code: string; description: string };

export interface ChannelCapabilities {
  /** How long after the customer's last message free-form replies are allowed (WhatsApp: 24 h); null when always. */
  freeFormWindowMs: number | null;
  /** Longest text one message may carry; longer replies are split on paragraph boundaries. */
  maxTextLength: number;
  /** Whether documents can be sent. */
  documents: boolean;
  /** Whether the provider reports our own sends back as echoes (Wazzup does; Telegram does not). */
  echoesOwnSends: boolean;
  /** Whether repeating a send with the same `id` is refused by the provider (Wazzup's crmMessageId), so a retry after `uncertain` is safe. */
  idempotentSends: boolean;
  /** The least time between two sends in one chat (Telegram: about one message per second). */
  minSendIntervalMs: number;
}

/** A provider, as the outbox and the turn use it. Built once per request or isolate in the composition point. */
export interface Channel {
  readonly name: ChannelName;
  readonly capabilities: ChannelCapabilities;
  deliver(message: OutboundMessage): Promise<DeliveryResult>;
  /** A URL the transcriber may fetch for an inbound media reference, or null when it cannot be had. */
  mediaUrl(contentUri: string): Promise<string | null>;
  /** The only origins (scheme, host, port) that URL may be on: a download elsewhere is refused. */
  readonly mediaOrigins: readonly string[];
}
