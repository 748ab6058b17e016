import { z } from "zod";
import { sleep, startJsonServer, type JsonRequest, type JsonResponse, type StandInServer } from "./http";
import { postUpdate } from "./telegram-updates";

/**
 * Telegram Bot API stand-in (https://core.telegram.org/bots/api): `/bot<token>/<method>` for the
 * methods we use, answering `{ok, result}` or `{ok:false, error_code, description, parameters}`
 * as Telegram does (401 `Unauthorized` for a wrong token, 404 `Not Found` for an unknown method or
 * a malformed token), and file downloads at `/file/bot<token>/<file_path>`. Stricter than Telegram
 * on one point: an unknown parameter is refused, so a misspelt one fails a test instead of being
 * ignored. A control API under `/__control` reads what was sent and scripts failures.
 */
export interface TelegramStandInOptions {
  token: string;
  port?: number;
  /** When set, a send to a chat sooner than this after the last accepted one gets 429 with retry_after (flood control). */
  minIntervalPerChatMs?: number;
}

export interface TelegramSend {
  seq: number;
  receivedAt: number;
  method: "sendMessage" | "sendDocument";
  chatId: string;
  messageId: number;
  text?: string;
  document?: string;
  caption?: string;
  parseMode?: string;
}

export interface TelegramWebhook {
  url: string;
  secretToken: string | null;
  allowedUpdates: string[] | null;
}

interface ScriptedFailure {
  chatId: string;
  method: string | null;
  errorCode: number;
  description: string;
  retryAfter: number | null;
  /** Answer late instead of failing (then accept the send): the client's timeout path. */
  stallMs: number | null;
  times: number;
}

export interface TelegramStandIn extends StandInServer {
  sends: TelegramSend[];
  webhook(): TelegramWebhook | null;
  /** Stores a file as if a user had sent it; its file_id then works with getFile and downloads. */
  addFile(bytes: Buffer, kind?: string): TelegramStoredFile;
  /** Delivers an update to the registered webhook with its secret header, as Telegram does. */
  deliver(update: Record<string, unknown>): Promise<number>;
}

export interface TelegramStoredFile {
  file_id: string;
  file_unique_id: string;
  file_size: number;
  file_path: string;
}

const PARSE_MODES = ["HTML", "Markdown", "MarkdownV2"];
const chatId = z.union([z.number().int().safe(), z.string().min(1).max(64)]);
const sendOptions = {
  parse_mode: z.string().optional(),
  disable_notification: z.boolean().optional(),
  protect_content: z.boolean().optional(),
  message_thread_id: z.number().int().optional(),
  reply_parameters: z.object({ message_id: z.number().int() }).passthrough().optional(),
  reply_markup: z.object({}).passthrough().optional(),
};
const schemas: Record<string, z.ZodType<Record<string, unknown>>> = {
  getMe: z.object({}).strict(),
  sendMessage: z.object({ chat_id: chatId, text: z.string(), link_preview_options: z.object({}).passthrough().optional(), entities: z.array(z.unknown()).optional(), ...sendOptions }).strict(),
  sendDocument: z.object({ chat_id: chatId, document: z.string().min(1), caption: z.string().optional(), caption_entities: z.array(z.unknown()).optional(), ...sendOptions }).strict(),
  getFile: z.object({ file_id: z.string().min(1) }).strict(),
  setWebhook: z
    .object({ url: z.string(), secret_token: z.string().optional(), allowed_updates: z.array(z.string()).optional(), max_connections: z.number().int().min(1).max(100).optional(), drop_pending_updates: z.boolean().optional() })
    .strict(),
  deleteWebhook: z.object({ drop_pending_updates: z.boolean().optional() }).strict(),
  getWebhookInfo: z.object({}).strict(),
};

export async function startTelegramStandIn(options: TelegramStandInOptions): Promise<TelegramStandIn> {
  const botId = Number(/^(\d+):/.exec(options.token)?.[1] ?? NaN);
  if (!Number.isSafeInteger(botId)) throw new Error("The Telegram stand-in needs a token shaped like BotFather's: <bot id>:<secret>");
  const sends: TelegramSend[] = [];
  const failures: ScriptedFailure[] = [];
  const files = new Map<string, { bytes: Buffer; file: TelegramStoredFile }>();
  const lastSendAt = new Map<string, number>();
  const nextMessageId = new Map<string, number>();
  const waiters = new Set<() => void>();
  let webhook: TelegramWebhook | null = null;
  let url = "";
  let server: StandInServer | undefined;

  const ok = (result: unknown, description?: string): JsonResponse => ({ status: 200, body: { ok: true, result, ...(description ? { description } : {}) } });
  const fail = (errorCode: number, description: string, parameters?: Record<string, unknown>): JsonResponse => ({
    status: errorCode,
    body: { ok: false, error_code: errorCode, description, ...(parameters ? { parameters } : {}) },
  });
  const bot = { id: botId, is_bot: true, first_name: "Sales Agent", username: "sales_agent_stand_in_bot" };

  const addFile = (bytes: Buffer, kind = "voice"): TelegramStoredFile => {
    const n = files.size + 1;
    const folder = { voice: "voice", audio: "music", photo: "photos", document: "documents", video: "videos" }[kind] ?? "documents";
    const extension = { voice: "oga", audio: "mp3", photo: "jpg", document: "pdf", video: "mp4" }[kind] ?? "bin";
    const file = { file_id: `AgAD-stand-in-${kind}-${n}-${Date.now().toString(36)}`, file_unique_id: `uniq${n}`, file_size: bytes.length, file_path: `${folder}/file_${n}.${extension}` };
    files.set(file.file_id, { bytes, file });
    return file;
  };

  const send = async (method: "sendMessage" | "sendDocument", params: Record<string, unknown>): Promise<JsonResponse> => {
    const chat = String(params.chat_id);
    if (!/^-?\d{1,16}$/.test(chat) || chat === "0") return fail(400, "Bad Request: chat not found");
    const parseMode = params.parse_mode as string | undefined;
    if (parseMode !== undefined && !PARSE_MODES.includes(parseMode)) return fail(400, `Bad Request: unsupported parse_mode "${parseMode}"`);
    if (method === "sendMessage") {
      const visible = visibleText(params.text as string, parseMode);
      if (visible.trim() === "") return fail(400, "Bad Request: message text is empty");
      if (visible.length > 4096) return fail(400, "Bad Request: message is too long");
    } else {
      const document = params.document as string;
      if (!/^https?:\/\/\S+$/.test(document) && !files.has(document)) return fail(400, "Bad Request: wrong file identifier/HTTP URL specified");
      if (params.caption !== undefined && visibleText(params.caption as string, parseMode).length > 1024) return fail(400, "Bad Request: message caption is too long");
    }
    const failure = failures.find((f) => f.chatId === chat && (f.method === null || f.method === method) && f.times > 0);
    if (failure) {
      failure.times--;
      if (failure.stallMs !== null) await sleep(failure.stallMs);
      else return fail(failure.errorCode, failure.description, failure.retryAfter !== null ? { retry_after: failure.retryAfter } : undefined);
    }
    const now = Date.now();
    const interval = options.minIntervalPerChatMs ?? 0;
    const previous = lastSendAt.get(chat);
    if (interval > 0 && previous !== undefined && now - previous < interval) {
      const wait = Math.max(1, Math.ceil((interval - (now - previous)) / 1000));
      return fail(429, `Too Many Requests: retry after ${wait}`, { retry_after: wait });
    }
    lastSendAt.set(chat, now);
    const messageId = (nextMessageId.get(chat) ?? 1000) + 1;
    nextMessageId.set(chat, messageId);
    const record: TelegramSend = {
      seq: sends.length + 1,
      receivedAt: now,
      method,
      chatId: chat,
      messageId,
      ...(method === "sendMessage" ? { text: params.text as string } : { document: params.document as string }),
      ...(params.caption !== undefined ? { caption: params.caption as string } : {}),
      ...(parseMode !== undefined ? { parseMode } : {}),
    };
    sends.push(record);
    for (const wake of waiters) wake();
    const chatObject = { id: Number(chat), type: Number(chat) > 0 ? "private" : "group" };
    const content = method === "sendMessage" ? { text: record.text } : { document: { file_id: `BQAD-sent-${messageId}`, file_unique_id: `sent${messageId}`, file_name: "document.pdf", mime_type: "application/pdf" }, ...(record.caption ? { caption: record.caption } : {}) };
    return ok({ message_id: messageId, from: bot, chat: chatObject, date: Math.floor(now / 1000), ...content });
  };

  const methods: Record<string, (params: Record<string, unknown>) => Promise<JsonResponse> | JsonResponse> = {
    getMe: () => ok({ ...bot, can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: false }),
    sendMessage: (params) => send("sendMessage", params),
    sendDocument: (params) => send("sendDocument", params),
    getFile: (params) => {
      const stored = files.get(params.file_id as string);
      return stored ? ok(stored.file) : fail(400, "Bad Request: invalid file_id");
    },
    setWebhook: (params) => {
      const target = params.url as string;
      if (target === "") {
        webhook = null;
        return ok(true, "Webhook was deleted");
      }
      // Telegram demands HTTPS; plain HTTP is accepted for this machine only, so `npm start` can use it.
      const parsed = URL.canParse(target) ? new URL(target) : null;
      if (!parsed || !(parsed.protocol === "https:" || (parsed.protocol === "http:" && ["127.0.0.1", "localhost"].includes(parsed.hostname)))) {
        return fail(400, "Bad Request: bad webhook: An HTTPS URL must be provided for webhook");
      }
      const secret = params.secret_token as string | undefined;
      if (secret !== undefined && !/^[A-Za-z0-9_-]{1,256}$/.test(secret)) return fail(400, "Bad Request: secret token contains unallowed characters");
      webhook = { url: target, secretToken: secret ?? null, allowedUpdates: (params.allowed_updates as string[] | undefined) ?? null };
      return ok(true, "Webhook was set");
    },
    deleteWebhook: () => {
      webhook = null;
      return ok(true, "Webhook was deleted");
    },
    getWebhookInfo: () => ok({ url: webhook?.url ?? "", has_custom_certificate: false, pending_update_count: 0, ...(webhook?.allowedUpdates ? { allowed_updates: webhook.allowedUpdates } : {}) }),
  };

  const api = async (request: JsonRequest): Promise<JsonResponse | undefined> => {
    const match = /^\/bot([^/]*)\/([A-Za-z]+)$/.exec(request.path);
    if (!match) return undefined;
    const [, token, method] = match as unknown as [string, string, string];
    if (!/^\d+:[\w-]+$/.test(token)) return fail(404, "Not Found");
    if (token !== options.token) return fail(401, "Unauthorized");
    const handler = methods[method];
    if (!handler || (request.method !== "POST" && request.method !== "GET")) {
      server?.unexpected.push({ method: request.method, path: `/bot***/${method}` });
      return fail(404, "Not Found");
    }
    const params = request.rawBody ? request.body : Object.fromEntries(request.query);
    if (params === undefined || params === null || typeof params !== "object") return fail(400, "Bad Request: the stand-in accepts JSON bodies or query parameters only");
    const parsed = schemas[method]!.safeParse(params);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return fail(400, `Bad Request: ${issue?.path.join(".") || "parameters"}: ${issue?.message ?? "invalid"}`);
    }
    return handler(parsed.data);
  };

  const download = (request: JsonRequest): JsonResponse | undefined => {
    const match = /^\/file\/bot([^/]+)\/(.+)$/.exec(request.path);
    if (!match || request.method !== "GET") return undefined;
    const stored = [...files.values()].find((f) => f.file.file_path === match[2]);
    if (match[1] !== options.token || !stored) return fail(404, "Not Found");
    return { status: 200, body: null, raw: stored.bytes };
  };

  const control = async (request: JsonRequest): Promise<JsonResponse | undefined> => {
    if (!request.path.startsWith("/__control/")) return undefined;
    const route = `${request.method} ${request.path}`;
    if (route === "GET /__control/sends") {
      const chat = request.query.get("chatId");
      const after = Number(request.query.get("after") ?? 0);
      const count = Number(request.query.get("count") ?? 1);
      const waitMs = Math.min(Number(request.query.get("waitMs") ?? 0), 30_000);
      const select = () => sends.filter((s) => s.seq > after && (!chat || s.chatId === chat));
      if (select().length < count && waitMs > 0) await waitFor(() => select().length >= count, waitMs, waiters);
      return { status: 200, body: { sends: select() } };
    }
    if (route === "POST /__control/failures") {
      const parsed = failureSchema.safeParse(request.body);
      if (!parsed.success) return { status: 400, body: { error: "VALIDATION_ERROR", issues: parsed.error.issues } };
      failures.push({ ...parsed.data, description: parsed.data.description ?? defaultDescription(parsed.data.errorCode, parsed.data.retryAfter) });
      return { status: 201, body: { ok: true } };
    }
    if (route === "POST /__control/files") return { status: 201, body: addFile(request.bytes, request.query.get("kind") ?? "voice") };
    if (route === "GET /__control/webhook") return { status: 200, body: { webhook } };
    if (route === "POST /__control/updates") return { status: 200, body: { webhookStatus: await deliver(request.body as Record<string, unknown>) } };
    return undefined;
  };

  let updateId = 500_000_000;
  const deliver = async (update: Record<string, unknown>): Promise<number> => {
    if (!webhook) throw new Error("No webhook is set: call setWebhook first (npm run telegram:webhook)");
    return postUpdate(webhook.url, webhook.secretToken, { update_id: ++updateId, ...update });
  };

  server = await startJsonServer("telegram", [api, download, control], options.port);
  url = server.url;
  return { ...server, url, sends, webhook: () => webhook, addFile, deliver };
}

const failureSchema = z.object({
  chatId: z.string().min(1),
  method: z.enum(["sendMessage", "sendDocument"]).nullable().default(null),
  errorCode: z.number().int().min(400).max(599).default(500),
  description: z.string().optional(),
  retryAfter: z.number().int().min(0).nullable().default(null),
  stallMs: z.number().int().min(1).max(60_000).nullable().default(null),
  times: z.number().int().min(1).default(1),
});

function defaultDescription(errorCode: number, retryAfter: number | null): string {
  if (errorCode === 429) return `Too Many Requests: retry after ${retryAfter ?? 1}`;
  if (errorCode === 403) return "Forbidden: bot was blocked by the user";
  if (errorCode === 400) return "Bad Request: chat not found";
  if (errorCode === 502) return "Bad Gateway";
  return "Internal Server Error";
}

/** What Telegram counts against the limits: the text after entities parsing (markup removed). */
function visibleText(text: string, parseMode: string | undefined): string {
  if (parseMode === "HTML") return text.replace(/<[^>]*>/g, "").replace(/&(lt|gt|amp|quot);/g, "x");
  if (parseMode === "MarkdownV2") return text.replace(/\\([_*[\]()~`>#+\-=|{}.!])/g, "$1").replace(/[_*~`|]|\[|\]\([^)]*\)/g, "");
  if (parseMode === "Markdown") return text.replace(/[_*`]|\[|\]\([^)]*\)/g, "");
  return text;
}

function waitFor(done: () => boolean, timeoutMs: number, waiters: Set<() => void>): Promise<void> {
  return new Promise((resolve) => {
    const finish = () => {
      waiters.delete(wake);
      clearTimeout(timer);
      resolve();
    };
    const wake = () => {
      if (done()) finish();
    };
    const timer = setTimeout(finish, timeoutMs);
    waiters.add(wake);
  });
}
