import { env, exports } from "cloudflare:workers";
import { inject } from "vitest";
import { withDatabase } from "../src/adapters/db/client";
import { getConfig } from "../src/config";
import type { WazzupMessage } from "../src/domain/wazzup-webhook";
import { inboundTextMessage } from "../stand-ins/wazzup-messages";
import { TEST_SECRETS } from "./setup/secrets";
import type { ConversationDurableObject as TestConversation } from "./worker";

export const CHANNEL_ID = "channel-test";

/** A fresh WhatsApp chat id (digits, like a UAE mobile number) so tests never share state. */
export function newChatId(): string {
  return `9715${Math.floor(Math.random() * 1e8).toString().padStart(8, "0")}`;
}

export function textMessage(chatId: string, text: string, extra: Partial<WazzupMessage> = {}): WazzupMessage {
  return { ...inboundTextMessage({ channelId: CHANNEL_ID, chatId, text, name: "Test Customer" }), ...extra } as WazzupMessage;
}

/** POSTs to the webhook through the worker's real fetch handler. */
export function postWebhook(body: unknown, options: { token?: string | null; raw?: string; headers?: Record<string, string> } = {}) {
  const token = options.token === undefined ? TEST_SECRETS.WAZZUP_WEBHOOK_TOKEN : options.token;
  const url = new URL("https://agent.test/api/v1/webhook/wazzup");
  if (token !== null) url.searchParams.set("token", token);
  return exports.default.fetch(
    new Request(url, {
      method: "POST",
      headers: { "content-type": "application/json", ...options.headers },
      body: options.raw ?? JSON.stringify(body),
    }),
  );
}

export function adminFetch(path: string, init: RequestInit = {}) {
  return exports.default.fetch(
    new Request(`https://agent.test${path}`, {
      ...init,
      headers: { authorization: `Bearer ${TEST_SECRETS.ADMIN_API_TOKEN}`, ...(init.headers ?? {}) },
    }),
  );
}

/** The chat's Durable Object, typed with the test probes of test/worker.ts. */
export function conversation(chatId: string): DurableObjectStub<TestConversation> {
  const stub = env.CONVERSATIONS.get(env.CONVERSATIONS.idFromName(`${CHANNEL_ID}:${chatId}`));
  return stub as unknown as DurableObjectStub<TestConversation>;
}

export interface SentMessage {
  seq: number;
  receivedAt: number;
  chatId: string;
  text?: string;
  crmMessageId?: string;
}

/** What the Wazzup stand-in received for a chat. */
export async function sentTo(chatId: string, waitMs = 0): Promise<SentMessage[]> {
  const response = await fetch(`${inject("wazzupUrl")}/__control/messages?chatId=${chatId}&waitMs=${waitMs}`);
  const body = (await response.json()) as { messages: SentMessage[] };
  return body.messages;
}

/** Waits until the conversation has no pending, running or unsent work. */
export async function waitUntilIdle(chatId: string, timeoutMs = 15_000) {
  const stub = conversation(chatId);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const snapshot = await stub.snapshot();
    // During a handoff the alarm stays armed for the end of the quiet period: that is not work.
    const alarmIsResumeTimer = snapshot.handoff !== null && snapshot.alarmAt !== null && snapshot.alarmAt > Date.now() + 60_000;
    const noAlarm = snapshot.alarmAt === null || alarmIsResumeTimer;
    if (snapshot.pending === 0 && snapshot.sending === 0 && !snapshot.turnRunning && noAlarm) return snapshot;
    if (Date.now() > deadline) throw new Error(`conversation ${chatId} not idle: ${JSON.stringify(snapshot)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Scripts the OpenRouter stand-in for requests whose user text contains `match`. */
export async function scriptModel(match: string, responses: unknown[]) {
  const response = await fetch(`${new URL(inject("openrouterUrl")).origin}/__control/scripts`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ match, responses }),
  });
  if (response.status !== 201) throw new Error(`scripting the model failed: ${response.status}`);
}

export async function scriptWazzupFailure(chatId: string, failure: { status: number; error: string; times?: number }) {
  const response = await fetch(`${inject("wazzupUrl")}/__control/failures`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ chatId, ...failure }),
  });
  if (response.status !== 201) throw new Error(`scripting Wazzup failed: ${response.status}`);
}

/** Runs a query against the same Postgres the worker uses, through the production driver. */
export function query<T>(work: Parameters<typeof withDatabase<T>>[1]): Promise<T> {
  return withDatabase(getConfig(env), work);
}

/** Puts a file where Wazzup keeps customers' media and returns its contentUri. */
export async function uploadMedia(content: string): Promise<string> {
  const response = await fetch(`${inject("wazzupUrl")}/__control/media`, { method: "POST", body: content });
  if (response.status !== 201) throw new Error(`media upload failed: ${response.status}`);
  return ((await response.json()) as { contentUri: string }).contentUri;
}

export interface ModelRequest {
  model: string;
  lastUserText: string;
  systemText: string;
}

/** The chat-completion requests the OpenRouter stand-in received whose user text contains `match`. */
export async function modelRequests(match: string): Promise<ModelRequest[]> {
  const response = await fetch(`${new URL(inject("openrouterUrl")).origin}/__control/requests?match=${encodeURIComponent(match)}`);
  return ((await response.json()) as { requests: ModelRequest[] }).requests;
}
