import type { z } from "zod";
import { telegramErrorSchema, telegramOkSchema } from "./wire";

/**
 * What one Bot API call gave. `error` is Telegram's own refusal (`{ok:false, error_code, ...}`);
 * `network` means no response came (nothing was sent); `timeout` means the request left and no
 * answer came in time (it may have been acted on); `malformed` is a response that is not the
 * Bot API's shape (a proxy's error page, a changed API).
 */
export type BotApiResult<T> =
  | { ok: true; result: T }
  | { ok: false; kind: "error"; errorCode: number; description: string; retryAfterMs?: number; migrateToChatId?: number }
  | { ok: false; kind: "network" | "timeout"; description: string }
  | { ok: false; kind: "malformed"; status: number; description: string };

export interface TelegramBotApiOptions {
  /** `https://api.telegram.org` or a stand-in; no trailing path. */
  apiUrl: string;
  token: string;
  /** How long a call may take before it counts as `timeout`. */
  timeoutMs?: number;
  fetcher?: typeof fetch;
}

/**
 * `POST {apiUrl}/bot{token}/{method}` with a JSON body. The token is part of every URL, so every
 * description this class returns has it redacted; nothing here logs.
 */
export class TelegramBotApi {
  readonly apiUrl: string;
  readonly #token: string;
  readonly #timeoutMs: number;
  readonly #fetch: typeof fetch;

  constructor(options: TelegramBotApiOptions) {
    this.apiUrl = options.apiUrl.replace(/\/+$/, "");
    this.#token = options.token;
    this.#timeoutMs = options.timeoutMs ?? 15_000;
    // Wrapped: workerd's fetch throws "Illegal invocation" when called as a method of another object.
    this.#fetch = options.fetcher ?? ((input, init) => fetch(input, init));
  }

  async call<S extends z.ZodType>(method: string, params: Record<string, unknown>, result: S): Promise<BotApiResult<z.infer<S>>> {
    let response: Response;
    try {
      response = await this.#fetch(`${this.apiUrl}/bot${this.#token}/${method}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(params),
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
    } catch (error) {
      const timedOut = error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
      return { ok: false, kind: timedOut ? "timeout" : "network", description: this.redact(String(error)).slice(0, 300) };
    }
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      return { ok: false, kind: "malformed", status: response.status, description: `HTTP ${response.status} without a JSON body` };
    }
    const success = telegramOkSchema(result).safeParse(body);
    if (success.success) return { ok: true, result: success.data.result as z.infer<S> };
    const failure = telegramErrorSchema.safeParse(body);
    if (!failure.success) return { ok: false, kind: "malformed", status: response.status, description: `HTTP ${response.status}: not a Bot API ${method} answer` };
    const { error_code, description, parameters } = failure.data;
    return {
      ok: false,
      kind: "error",
      errorCode: error_code,
      description: this.redact(description).slice(0, 300),
      ...(parameters?.retry_after !== undefined ? { retryAfterMs: parameters.retry_after * 1000 } : {}),
      ...(parameters?.migrate_to_chat_id !== undefined ? { migrateToChatId: parameters.migrate_to_chat_id } : {}),
    };
  }

  /** Where a file getFile described can be downloaded. Carries the token: use at once, never store or log it. */
  fileUrl(filePath: string): string {
    return `${this.apiUrl}/file/bot${this.#token}/${filePath.replace(/^\/+/, "")}`;
  }

  /** Removes the token (and anything shaped like a bot token) from a text before it is kept anywhere. */
  redact(text: string): string {
    return redactBotToken(text, this.#token);
  }
}

/** Replaces the token, and anything shaped like a bot token (`123:AbC...`), with three asterisks. */
export function redactBotToken(text: string, token?: string): string {
  const exact = token ? text.split(token).join("***") : text;
  return exact.replace(/\d{3,}:[A-Za-z0-9_-]{20,}/g, "***");
}
