import { randomUUID } from "node:crypto";
import { z } from "zod";
import { bearer, sleep, startJsonServer, type JsonRequest, type JsonResponse, type StandInServer } from "./http";

/**
 * Wazzup API v3 stand-in: `POST /v3/message` as documented (Bearer API key, crmMessageId
 * idempotency for 60 s, 500 requests per 5 s, `{error, description, data}` errors). It records
 * what it receives; a control API under `/__control` lets tests read messages and script failures.
 * With `echoWebhookUrl` it posts the `isEcho` webhook Wazzup sends for every API-sent message.
 */
export interface WazzupStandInOptions {
  apiKey: string;
  /** The channels this account has; a send through any other is refused, as Wazzup does. */
  channelIds: string[];
  port?: number;
  echoWebhookUrl?: string;
  rateLimit?: { requests: number; windowMs: number };
}

export interface RecordedSend {
  seq: number;
  receivedAt: number;
  messageId: string;
  channelId: string;
  chatType: string;
  chatId: string;
  text?: string;
  contentUri?: string;
  crmMessageId?: string;
  templateId?: string;
  templateValues?: string[];
}

interface ScriptedFailure {
  chatId: string;
  status: number;
  error: string;
  description: string;
  times: number;
  /**
   * The message goes out (and its crmMessageId is remembered) before the error is answered, as
   * when Wazzup sent it but the answer was lost: a retry is then refused as repeatedCrmMessageId.
   */
  afterSend: boolean;
}

/** Chat types Wazzup's API documents for `POST /v3/message`. */
const CHAT_TYPES = ["whatsapp", "whatsgroup", "instagram", "telegram", "telegroup", "vk", "avito", "viber", "max"] as const;

const sendSchema = z
  .object({
    channelId: z.string().min(1),
    chatType: z.enum(CHAT_TYPES),
    chatId: z.string().min(1),
    text: z.string().min(1).max(10_000).optional(),
    contentUri: z.string().url().optional(),
    templateId: z.string().min(1).optional(),
    templateValues: z.array(z.string()).max(20).optional(),
    crmMessageId: z.string().min(1).max(200).optional(),
    refMessageId: z.string().optional(),
  })
  .strict()
  .refine((b) => [b.text, b.contentUri, b.templateId].filter(Boolean).length === 1, "exactly one of text, contentUri or templateId is required");

/** A WABA template as `GET /v3/templates/whatsapp` lists it. */
export interface StandInTemplate {
  templateGuid: string;
  title: string;
  name: string;
  language: string;
  status: "APPROVED" | "REJECTED" | "PENDING";
  category: string;
  components: { type: "BODY" | "HEADER" | "FOOTER"; text: string }[];
}

/** The account's templates: a follow-up and a back-in-stock notice in both languages, and one Meta rejected. */
export const STAND_IN_TEMPLATES: StandInTemplate[] = [
  { templateGuid: "7c1f2a9e-0b1d-4c55-9a51-5b0e3f6d1a01", title: "Quotation follow-up", name: "quotation_follow_up", language: "en", status: "APPROVED", category: "UTILITY", components: [{ type: "BODY", text: "Hello {{1}}, your quotation {{2}} is still open. Would you like to change anything, or shall we go ahead? Reply STOP to stop reminders." }] },
  { templateGuid: "7c1f2a9e-0b1d-4c55-9a51-5b0e3f6d1a02", title: "Back in stock", name: "back_in_stock", language: "en", status: "APPROVED", category: "UTILITY", components: [{ type: "BODY", text: "Good news: {{1}} is back in stock at {{2}}. Reply to order. Reply STOP to stop notices." }] },
  { templateGuid: "7c1f2a9e-0b1d-4c55-9a51-5b0e3f6d1a03", title: "Promo (rejected)", name: "promo", language: "en", status: "REJECTED", category: "MARKETING", components: [{ type: "BODY", text: "Sale: {{1}}" }] },
];

const DAY_MS = 24 * 60 * 60_000;

function renderBody(template: StandInTemplate, values: string[]): string {
  const body = template.components.find((c) => c.type === "BODY")?.text ?? "";
  return body.replace(/\{\{(\d+)\}\}/g, (whole, n: string) => values[Number(n) - 1] ?? whole);
}

function placeholders(template: StandInTemplate): number {
  const body = template.components.find((c) => c.type === "BODY")?.text ?? "";
  return Math.max(0, ...[...body.matchAll(/\{\{(\d+)\}\}/g)].map((m) => Number(m[1])));
}

export interface WazzupStandIn extends StandInServer {
  sent: RecordedSend[];
}

export async function startWazzupStandIn(options: WazzupStandInOptions): Promise<WazzupStandIn> {
  const sent: RecordedSend[] = [];
  const crmIds = new Map<string, number>();
  const failures: ScriptedFailure[] = [];
  /**
   * When each customer last wrote, as WhatsApp knows it (set by tests through the control API;
   * webhooks reach the worker directly). Free text to a chat whose customer wrote more than 24 h
   * ago is refused with 24_HOURS_EXCEEDED, as WABA does; chats the stand-in knows nothing of are open.
   */
  const lastInbound = new Map<string, number>();
  const waiters = new Set<() => void>();
  const limit = options.rateLimit ?? { requests: 500, windowMs: 5000 };
  let windowStart = Date.now();
  let windowCount = 0;

  const error = (status: number, code: string, description: string, data?: unknown): JsonResponse => ({
    status,
    body: { error: code, description, data: data ?? null },
  });

  /** Every send attempt with Wazzup's answer, so tests can see a retry and how it was refused. */
  const attempts: { crmMessageId: string | null; status: number; error: string | null }[] = [];
  const sendMessage = async (request: JsonRequest): Promise<JsonResponse | undefined> => {
    if (request.method !== "POST" || request.path !== "/v3/message") return undefined;
    const response = await answerSend(request);
    const body = response.body as { error?: string } | null;
    const crmMessageId = (request.body as { crmMessageId?: unknown } | undefined)?.crmMessageId;
    attempts.push({ crmMessageId: typeof crmMessageId === "string" ? crmMessageId : null, status: response.status, error: body?.error ?? null });
    return response;
  };
  const answerSend = async (request: JsonRequest): Promise<JsonResponse> => {
    if (bearer(request) !== options.apiKey) return error(401, "UNAUTHORIZED", "Invalid API key");
    const now = Date.now();
    if (now - windowStart > limit.windowMs) {
      windowStart = now;
      windowCount = 0;
    }
    if (++windowCount > limit.requests) return error(429, "TOO_MANY_REQUESTS", "Rate limit exceeded");
    const parsed = sendSchema.safeParse(request.body);
    if (!parsed.success) return error(400, "VALIDATION_ERROR", "Invalid request body", parsed.error.issues);
    const body = parsed.data;
    if (!options.channelIds.includes(body.channelId)) return error(400, "CHANNEL_NOT_FOUND", "No channel with this channelId in the account", { channelId: body.channelId });
    let rendered: string | undefined;
    if (body.templateId) {
      const template = STAND_IN_TEMPLATES.find((t) => t.templateGuid === body.templateId);
      if (!template || template.status !== "APPROVED") return error(400, "TEMPLATE_NOT_FOUND", "No approved template with this templateId", { templateId: body.templateId });
      const values = body.templateValues ?? [];
      if (values.length !== placeholders(template)) return error(400, "VALIDATION_ERROR", `The template takes ${placeholders(template)} values`, { templateValues: values.length });
      rendered = renderBody(template, values);
    } else if (body.chatType === "whatsapp") {
      const wrote = lastInbound.get(body.chatId);
      if (wrote !== undefined && now - wrote >= DAY_MS) return error(400, "24_HOURS_EXCEEDED", "More than 24 hours since the contact's last message: only a template can be sent");
    }
    const failure = failures.find((f) => f.chatId === body.chatId && f.times > 0);
    if (failure && !failure.afterSend) {
      failure.times--;
      return error(failure.status, failure.error, failure.description);
    }
    if (body.crmMessageId) {
      const seenAt = crmIds.get(body.crmMessageId);
      if (seenAt !== undefined && now - seenAt < 60_000) {
        return error(400, "repeatedCrmMessageId", "A message with this crmMessageId was already sent", { crmMessageId: body.crmMessageId });
      }
      crmIds.set(body.crmMessageId, now);
    }
    const record: RecordedSend = { seq: sent.length + 1, receivedAt: now, messageId: randomUUID(), ...body, ...(rendered !== undefined ? { text: rendered } : {}) };
    sent.push(record);
    for (const wake of waiters) wake();
    if (failure) {
      failure.times--;
      return error(failure.status, failure.error, failure.description);
    }
    if (options.echoWebhookUrl) void postEcho(options.echoWebhookUrl, record);
    return { status: 201, body: { messageId: record.messageId, chatId: body.chatId } };
  };

  const listTemplates = (request: JsonRequest): JsonResponse | undefined => {
    if (request.method !== "GET" || request.path !== "/v3/templates/whatsapp") return undefined;
    if (bearer(request) !== options.apiKey) return error(401, "UNAUTHORIZED", "Invalid API key");
    const limitParam = Number(request.query.get("limit") ?? 100);
    const offset = Number(request.query.get("offset") ?? 0);
    return { status: 200, body: STAND_IN_TEMPLATES.slice(offset, offset + limitParam).map((t) => ({ ...t, accountId: 1, waba: { wabaId: "waba-1", wabaName: "Stand-in" }, channels: options.channelIds, namespace: "stand_in", rejected_reason: t.status === "REJECTED" ? "PROMOTIONAL" : null })) };
  };

  const control = async (request: JsonRequest): Promise<JsonResponse | undefined> => {
    if (!request.path.startsWith("/__control/")) return undefined;
    if (request.method === "POST" && request.path === "/__control/customer-wrote") {
      const body = z.object({ chatId: z.string(), at: z.number() }).parse(request.body);
      lastInbound.set(body.chatId, body.at);
      return { status: 201, body: { ok: true } };
    }
    if (request.method === "GET" && request.path === "/__control/messages") {
      const chatId = request.query.get("chatId");
      const after = Number(request.query.get("after") ?? 0);
      const waitMs = Math.min(Number(request.query.get("waitMs") ?? 0), 30_000);
      const select = () => sent.filter((m) => m.seq > after && (!chatId || m.chatId === chatId));
      let found = select();
      if (found.length === 0 && waitMs > 0) {
        await Promise.race([
          sleep(waitMs),
          new Promise<void>((resolve) => {
            const wake = () => {
              if (select().length > 0) {
                waiters.delete(wake);
                resolve();
              }
            };
            waiters.add(wake);
          }),
        ]);
        found = select();
      }
      return { status: 200, body: { messages: found } };
    }
    if (request.method === "GET" && request.path === "/__control/attempts") {
      const crmMessageId = request.query.get("crmMessageId");
      return { status: 200, body: { attempts: attempts.filter((a) => !crmMessageId || a.crmMessageId === crmMessageId) } };
    }
    if (request.method === "POST" && request.path === "/__control/media") {
      // Files customers "send": contentUri of inbound media points here, as Wazzup's does to its storage.
      const id = randomUUID();
      media.set(id, request.bytes);
      return { status: 201, body: { contentUri: `${baseUrl()}/media/${id}` } };
    }
    if (request.method === "POST" && request.path === "/__control/failures") {
      const f = z
        .object({
          chatId: z.string(),
          status: z.number().int(),
          error: z.string(),
          description: z.string().default(""),
          times: z.number().int().min(1).default(1),
          afterSend: z.boolean().default(false),
        })
        .parse(request.body);
      failures.push(f);
      return { status: 201, body: { ok: true } };
    }
    return undefined;
  };

  const media = new Map<string, Buffer>();
  const serveMedia = (request: JsonRequest): JsonResponse | undefined => {
    if (request.method !== "GET" || !request.path.startsWith("/media/")) return undefined;
    const file = media.get(request.path.slice("/media/".length));
    return file ? { status: 200, body: null, raw: file } : { status: 404, body: { error: "NOT_FOUND", description: "No such file" } };
  };
  let url = "";
  const baseUrl = () => url;
  const server = await startJsonServer("wazzup", [sendMessage, listTemplates, control, serveMedia], options.port);
  url = server.url;
  return { ...server, sent };
}

/** The echo webhook Wazzup sends for a message our API call sent. */
async function postEcho(url: string, record: RecordedSend): Promise<void> {
  await sleep(20);
  const echo = {
    messages: [
      {
        messageId: record.messageId,
        channelId: record.channelId,
        chatType: record.chatType,
        chatId: record.chatId,
        dateTime: new Date(record.receivedAt).toISOString(),
        type: "text",
        status: "sent",
        text: record.text,
        isEcho: true,
        sentFromApp: false,
      },
    ],
  };
  await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(echo) }).catch(() => undefined);
}
