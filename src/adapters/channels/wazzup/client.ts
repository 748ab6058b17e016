import { z } from "zod";
import { requireSetting, type Config } from "../../../core/config";
import type { ChatAddress } from "../../../core/channels/channel";

/** Outcome of one send. `duplicate` means Wazzup already has this crmMessageId: it was sent. */
export type SendResult =
  | { kind: "sent"; wazzupMessageId: string | null }
  | { kind: "duplicate" }
  | { kind: "rejected"; code: string; description: string }
  | { kind: "retryable"; status: number; code: string; description: string };

/** Errors that will not change on retry: the 24-hour window, spam flag, bad number, no balance. */
const PERMANENT_ERRORS = new Set([
  "24_HOURS_EXCEEDED",
  "MESSAGES_IS_SPAM",
  "BAD_CONTACT",
  "BALANCE_IS_EMPTY",
  "CHANNEL_BLOCKED",
  "CHAT_NO_ACCESS",
  "VALIDATION_ERROR",
  "MESSAGE_TEXT_TOO_LONG",
]);

const errorBodySchema = z
  .object({ error: z.string().optional(), description: z.string().optional() })
  .passthrough();

const templateSchema = z
  .object({
    templateGuid: z.string(),
    title: z.string().nullish(),
    name: z.string().nullish(),
    language: z.string().nullish(),
    status: z.string().nullish(),
    category: z.string().nullish(),
    components: z.array(z.object({ type: z.string(), text: z.string().nullish() }).passthrough()).default([]),
  })
  .passthrough();
/** Documented as a list; an object wrapping it in `data` is accepted too. */
const templateListSchema = z.union([z.array(templateSchema), z.object({ data: z.array(templateSchema) }).transform((body) => body.data)]);
export type WazzupTemplate = z.infer<typeof templateSchema>;

const sentBodySchema = z.object({ messageId: z.string().optional() }).passthrough();

export interface OutgoingMessage {
  chat: ChatAddress;
  /** Exactly one of text and contentUri (a file Wazzup fetches and sends as a document). */
  text?: string;
  contentUri?: string;
  /** An approved WABA template (its templateGuid) and its variables, instead of text. */
  template?: { id: string; values: string[] };
  crmMessageId: string;
}

/** Wazzup API v3 `POST /v3/message`. The crmMessageId makes a retried send idempotent for ~60 s. */
export class WazzupClient {
  constructor(
    private readonly baseUrl: string,
    private readonly apiKey: string,
    // Wrapped: workerd's fetch throws "Illegal invocation" when called as a method of another object.
    private readonly fetcher: typeof fetch = (input, init) => fetch(input, init),
  ) {}

  static fromConfig(config: Config): WazzupClient {
    return new WazzupClient(config.WAZZUP_API_URL, requireSetting(config, "WAZZUP_API_KEY"));
  }

  /** Wazzup's `GET /v3/templates/whatsapp`: the account's WABA templates (all statuses). */
  async templates(): Promise<WazzupTemplate[]> {
    const response = await this.fetcher(new URL("/v3/templates/whatsapp?limit=100", this.baseUrl), {
      headers: { authorization: `Bearer ${this.apiKey}` },
      signal: AbortSignal.timeout(15_000),
    });
    if (!response.ok) throw new Error(`Wazzup templates: HTTP ${response.status}`);
    return templateListSchema.parse(await response.json());
  }

  async send(message: OutgoingMessage): Promise<SendResult> {
    let response: Response;
    try {
      response = await this.fetcher(new URL("/v3/message", this.baseUrl), {
        method: "POST",
        headers: { authorization: `Bearer ${this.apiKey}`, "content-type": "application/json" },
        body: JSON.stringify({
          channelId: message.chat.channelId,
          chatType: message.chat.chatType,
          chatId: message.chat.chatId,
          ...(message.template
            ? { templateId: message.template.id, templateValues: message.template.values }
            : message.contentUri
              ? { contentUri: message.contentUri }
              : { text: message.text ?? "" }),
          crmMessageId: message.crmMessageId,
        }),
        signal: AbortSignal.timeout(15_000),
      });
    } catch (error) {
      return { kind: "retryable", status: 0, code: "NETWORK", description: String(error).slice(0, 200) };
    }
    const body: unknown = await response.json().catch(() => ({}));
    if (response.ok) {
      const parsed = sentBodySchema.safeParse(body);
      return { kind: "sent", wazzupMessageId: parsed.success ? (parsed.data.messageId ?? null) : null };
    }
    const error = errorBodySchema.safeParse(body);
    const code = (error.success && error.data.error) || `HTTP_${response.status}`;
    const description = (error.success && error.data.description) || response.statusText;
    if (code === "repeatedCrmMessageId") return { kind: "duplicate" };
    if (response.status === 429 || response.status >= 500) {
      return { kind: "retryable", status: response.status, code, description };
    }
    // 401/403: a configuration problem; retrying may succeed once an operator fixes the key.
    if ((response.status === 401 || response.status === 403) && !PERMANENT_ERRORS.has(code)) {
      return { kind: "retryable", status: response.status, code, description };
    }
    // Any other 4xx (a bad number, a closed window, a validation error) will not change on retry.
    return { kind: "rejected", code, description };
  }
}
