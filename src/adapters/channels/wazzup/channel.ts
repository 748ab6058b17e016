import { requireSetting, type Config } from "../../../core/config";
import type { Channel, ChannelCapabilities, DeliveryResult, OutboundMessage } from "../../../core/channels/channel";
import { WazzupClient, type SendResult } from "./client";

const DAY_MS = 24 * 60 * 60_000;

/** WhatsApp through Wazzup: the 24-hour window, echoes of our own sends, crmMessageId as idempotency key. */
export const WAZZUP_CAPABILITIES: ChannelCapabilities = {
  freeFormWindowMs: DAY_MS,
  // WhatsApp takes up to 4096 characters of text; longer replies go as several messages.
  maxTextLength: 4096,
  documents: true,
  echoesOwnSends: true,
  idempotentSends: true,
  minSendIntervalMs: 0,
};

/** The WhatsApp channel, implemented on Wazzup's `POST /v3/message`. */
export class WazzupChannel implements Channel {
  readonly name = "whatsapp" as const;
  readonly capabilities = WAZZUP_CAPABILITIES;

  constructor(
    private readonly client: WazzupClient,
    readonly mediaOrigins: readonly string[],
  ) {}

  static fromConfig(config: Config): WazzupChannel {
    return new WazzupChannel(new WazzupClient(config.WAZZUP_API_URL, requireSetting(config, "WAZZUP_API_KEY")), wazzupMediaOrigins(config));
  }

  async deliver(message: OutboundMessage): Promise<DeliveryResult> {
    const content = message.template ? { template: message.template } : message.document ? { contentUri: message.document.url } : { text: message.text ?? "" };
    return toDeliveryResult(await this.client.send({ chat: message.to, ...content, crmMessageId: message.id }));
  }

  /** Wazzup's contentUri is a plain download link. */
  async mediaUrl(contentUri: string): Promise<string | null> {
    return contentUri;
  }
}

/** Wazzup's media: its API origin and the https hosts in WAZZUP_MEDIA_HOSTS. */
export function wazzupMediaOrigins(config: Pick<Config, "WAZZUP_API_URL" | "WAZZUP_MEDIA_HOSTS">): string[] {
  return [new URL(config.WAZZUP_API_URL).origin, ...config.WAZZUP_MEDIA_HOSTS.map((host) => `https://${host}`)];
}

function toDeliveryResult(result: SendResult): DeliveryResult {
  switch (result.kind) {
    case "sent":
      return { kind: "delivered", providerMessageId: result.wazzupMessageId };
    case "duplicate":
      return { kind: "repeated" };
    case "rejected":
      return { kind: "failed", retryable: false, code: result.code, description: result.description };
    case "retryable":
      // A network error or timeout may have reached Wazzup; the crmMessageId makes the retry safe.
      return result.code === "NETWORK"
        ? { kind: "uncertain", code: result.code, description: result.description }
        : { kind: "failed", retryable: true, code: result.code, description: result.description };
  }
}
