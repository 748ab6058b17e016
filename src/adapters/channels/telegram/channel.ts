import { z } from "zod";
import { requireSetting, type Config } from "../../../core/config";
import { log } from "../../../lib/log";
import type { Channel, ChannelCapabilities, DeliveryResult, OutboundMessage } from "../../../core/channels/channel";
import { TelegramBotApi, type BotApiResult, type TelegramBotApiOptions } from "./api";
import { botIdFromToken, TELEGRAM_FILE_PREFIX } from "./ingress";
import { telegramFileSchema, telegramSentMessageSchema } from "./wire";

/** Telegram's limits: 4096 characters a message, 1024 a caption, about one message a second per chat. */
export const TELEGRAM_CAPABILITIES: ChannelCapabilities = {
  freeFormWindowMs: null,
  maxTextLength: 4096,
  documents: true,
  echoesOwnSends: false,
  idempotentSends: false,
  minSendIntervalMs: 1000,
};

export const TELEGRAM_MAX_CAPTION = 1024;

/** Telegram's refusals of a document given by URL: it could not fetch it, or will not send that type by URL. */
const DOCUMENT_URL_REFUSED = /wrong file identifier|HTTP URL|web page content|failed to get/i;

/**
 * The Telegram Bot API as a channel: replies with sendMessage, documents with sendDocument,
 * media references resolved with getFile. No 24-hour window, no echoes of our sends, and no
 * idempotency key: a send that timed out is `uncertain`, and only the core decides to repeat it.
 */
export class TelegramChannel implements Channel {
  readonly name = "telegram" as const;
  readonly capabilities = TELEGRAM_CAPABILITIES;
  /** The bot's id: the `channelId` of every Telegram chat address. */
  readonly botId: string;
  readonly api: TelegramBotApi;
  /** Telegram's files come from its Bot API origin only. */
  readonly mediaOrigins: readonly string[];

  constructor(options: TelegramBotApiOptions) {
    this.botId = botIdFromToken(options.token);
    this.api = new TelegramBotApi(options);
    this.mediaOrigins = [new URL(options.apiUrl).origin];
  }

  /** Reads TELEGRAM_API_URL and TELEGRAM_BOT_TOKEN; throws a ConfigError naming the token when it is missing. */
  static fromConfig(config: Config): TelegramChannel {
    return new TelegramChannel({ apiUrl: config.TELEGRAM_API_URL, token: requireSetting(config, "TELEGRAM_BOT_TOKEN") });
  }

  async deliver(message: OutboundMessage): Promise<DeliveryResult> {
    const chatId = message.to.chatId;
    if (message.document) {
      const { url, caption } = message.document;
      const sent = await this.api.call("sendDocument", { chat_id: chatId, document: url, ...(caption ? { caption: fitCaption(caption) } : {}) }, telegramSentMessageSchema);
      if (!sent.ok && sent.kind === "error" && sent.errorCode === 400 && DOCUMENT_URL_REFUSED.test(sent.description)) {
        // Telegram sends only PDF, ZIP and GIF by URL and must be able to fetch it; the link still reaches the customer.
        const text = caption ? `${caption}\n${url}` : url;
        return toDeliveryResult(await this.api.call("sendMessage", { chat_id: chatId, text }, telegramSentMessageSchema));
      }
      return toDeliveryResult(sent);
    }
    if (message.text === undefined || message.text.trim() === "") {
      return { kind: "failed", retryable: false, code: "EMPTY_MESSAGE", description: "An outbound message needs text or a document" };
    }
    return toDeliveryResult(await this.api.call("sendMessage", { chat_id: chatId, text: message.text }, telegramSentMessageSchema));
  }

  /**
   * The download URL of a `tg-file:<file_id>` reference, from getFile. The URL contains the bot
   * token: hand it to the transcriber and drop it, never store or log it. Null when Telegram will
   * not give the file (expired id, over 20 MB) or the reference is not ours.
   */
  async mediaUrl(contentUri: string): Promise<string | null> {
    if (!contentUri.startsWith(TELEGRAM_FILE_PREFIX)) return null;
    const fileId = contentUri.slice(TELEGRAM_FILE_PREFIX.length);
    const file = await this.api.call("getFile", { file_id: fileId }, telegramFileSchema);
    if (!file.ok) {
      log("warn", "telegram.get_file_failed", { kind: file.kind, ...(file.kind === "error" ? { errorCode: file.errorCode } : {}), description: file.description });
      return null;
    }
    return file.result.file_path ? this.api.fileUrl(file.result.file_path) : null;
  }
}

/**
 * Maps a send's outcome onto the port. 429 and 5xx are Telegram asking us to come back later;
 * 401 and 404 mean a wrong or revoked token, which an operator fixes, so the message waits rather
 * than being lost; other 4xx (chat not found, bot blocked, user deactivated) will never change.
 */
export function toDeliveryResult(sent: BotApiResult<z.infer<typeof telegramSentMessageSchema>>): DeliveryResult {
  if (sent.ok) return { kind: "delivered", providerMessageId: String(sent.result.message_id) };
  switch (sent.kind) {
    case "network":
      return { kind: "failed", retryable: true, code: "NETWORK", description: sent.description };
    case "timeout":
      return { kind: "uncertain", code: "TIMEOUT", description: sent.description };
    case "malformed":
      // A 2xx we cannot read may still have been sent; anything else did not go.
      if (sent.status >= 200 && sent.status < 300) return { kind: "uncertain", code: "BAD_RESPONSE", description: sent.description };
      return { kind: "failed", retryable: true, code: `HTTP_${sent.status}`, description: sent.description };
    case "error": {
      const code = `TELEGRAM_${sent.errorCode}`;
      const description = sent.description;
      if (sent.errorCode === 429) return { kind: "failed", retryable: true, code, description, ...(sent.retryAfterMs !== undefined ? { retryAfterMs: sent.retryAfterMs } : {}) };
      if (sent.errorCode >= 500 || sent.errorCode === 401 || sent.errorCode === 404) return { kind: "failed", retryable: true, code, description };
      return { kind: "failed", retryable: false, code, description };
    }
  }
}

/** Captions over 1024 characters are refused; cut at a word and mark the cut. */
export function fitCaption(caption: string, max = TELEGRAM_MAX_CAPTION): string {
  if (caption.length <= max) return caption;
  const room = caption.slice(0, max - 1);
  const space = room.search(/\s\S*$/);
  return `${(space > max / 2 ? room.slice(0, space) : room).trimEnd()}…`;
}
