import { env, exports } from "cloudflare:workers";
import { expect, inject } from "vitest";
import { withDatabase } from "../src/adapters/db/client";
import { getConfig } from "../src/core/config";
import { durableObjectStubs } from "../src/shell/durable-object-stubs";
import type { WazzupMessage } from "../src/adapters/channels/wazzup/wire";
import { inboundTextMessage } from "../stand-ins/wazzup-messages";
import { TEST_CHANNEL_ID, TEST_SECRETS } from "./setup/secrets";
import type { ConversationDurableObject as TestConversation } from "./worker";

export const CHANNEL_ID = TEST_CHANNEL_ID;

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
  const stub = durableObjectStubs(env).conversation({ channel: "whatsapp", channelId: CHANNEL_ID, chatId });
  return stub as unknown as DurableObjectStub<TestConversation>;
}

export interface SentMessage {
  seq: number;
  receivedAt: number;
  /** The id Wazzup gave the message (its echo and status webhooks carry it). */
  messageId: string;
  chatId: string;
  text?: string;
  /** A document or file sent by link. */
  contentUri?: string;
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
  return waitUntilStubIdle(conversation(chatId), chatId, timeoutMs);
}

/** The same for any conversation object (another channel's chat). */
export async function waitUntilStubIdle(stub: DurableObjectStub<TestConversation>, chatId: string, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const snapshot = await stub.snapshot();
    // An alarm far off is a timer (a handoff's quiet period, the rate window reopening), not work.
    const alarmIsTimer = snapshot.alarmAt !== null && snapshot.alarmAt > Date.now() + 30_000;
    const noAlarm = snapshot.alarmAt === null || alarmIsTimer;
    if (snapshot.pending === 0 && snapshot.sending === 0 && !snapshot.turnRunning && noAlarm) return snapshot;
    if (Date.now() > deadline) throw new Error(`conversation ${chatId} not idle: ${JSON.stringify(snapshot)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** A customer's WhatsApp message, then everything the agent sent back once the chat is idle (at least one message). */
export async function say(chatId: string, text: string): Promise<string> {
  const before = (await sentTo(chatId)).length;
  await postWebhook({ messages: [textMessage(chatId, text)] });
  await waitUntilIdle(chatId, 20_000);
  const sent = await sentTo(chatId);
  expect(sent.length, `a reply to "${text}"`).toBeGreaterThan(before);
  return sent.slice(before).map((m) => m.text ?? "").join("\n");
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

/**
 * Makes Wazzup answer the chat's next sends with an error; with `afterSend` the message goes out
 * first (its crmMessageId is remembered), as when Wazzup sent it but its answer was lost.
 */
export async function scriptWazzupFailure(chatId: string, failure: { status: number; error: string; times?: number; afterSend?: boolean }) {
  const response = await fetch(`${inject("wazzupUrl")}/__control/failures`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ chatId, ...failure }),
  });
  if (response.status !== 201) throw new Error(`scripting Wazzup failed: ${response.status}`);
}

/** Every send attempt Wazzup saw for this crmMessageId, with its answer (status, error code). */
export async function wazzupAttempts(crmMessageId: string): Promise<{ status: number; error: string | null }[]> {
  const response = await fetch(`${inject("wazzupUrl")}/__control/attempts?crmMessageId=${encodeURIComponent(crmMessageId)}`);
  return ((await response.json()) as { attempts: { status: number; error: string | null }[] }).attempts;
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
  /** How many messages the request carried (system, history, the turn's messages and tool results). */
  messageCount: number;
}

/** The chat-completion requests the OpenRouter stand-in received whose user text contains `match`. */
export async function modelRequests(match: string): Promise<ModelRequest[]> {
  const response = await fetch(`${new URL(inject("openrouterUrl")).origin}/__control/requests?match=${encodeURIComponent(match)}`);
  return ((await response.json()) as { requests: ModelRequest[] }).requests;
}

/** Polls `probe` until it returns something (not null, undefined or false), and returns that. */
export async function eventually<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Waits until the model stand-in is working on a request containing `match`: the turn is inside its LLM call. */
export async function waitForModelRequest(match: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await modelRequests(match)).length === 0) {
    if (Date.now() > deadline) throw new Error(`no model request containing ${match} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Calls a stand-in's control API (`/__control/...`) and returns its JSON. */
export async function control<T = Record<string, unknown>>(service: "zohoUrl" | "embeddingsUrl" | "qdrantUrl", path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const base = inject(service).replace(/\/v1$/, "");
  const response = await fetch(`${base}${path}`, {
    method: init.method ?? (init.body === undefined ? "GET" : "POST"),
    ...(init.body === undefined ? {} : { headers: { "content-type": "application/json" }, body: JSON.stringify(init.body) }),
  });
  if (!response.ok) throw new Error(`control ${path} answered ${response.status}: ${await response.text()}`);
  return (response.status === 204 ? {} : await response.json()) as T;
}

export interface RunView {
  id: string;
  status: string;
  mode: string;
  pages: number;
  itemsSeen: number;
  itemsChanged: number;
  itemsRemoved: number;
  itemsSkipped: number;
  embedded: number;
  zohoRequests: number;
  embeddingRequests: number;
  checkpoint: { nextPage: number };
  attempts: number;
  errors: { kind: string; message: string; itemId?: string; sku?: string; page?: number }[];
}

/** Starts a catalog sync through the API (or joins the open one). */
export async function requestSync(body: unknown = {}): Promise<{ status: number; run: RunView; created: boolean; resumed: boolean }> {
  const response = await adminFetch("/api/v1/products/sync", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const json = (await response.json()) as { run: RunView; created: boolean; resumed: boolean };
  return { status: response.status, ...json };
}

/** Waits until the run leaves queued/running (the queue consumer runs it in this same worker). */
export async function waitForRun(runId: string, timeoutMs = 45_000, until: (run: RunView) => boolean = (r) => r.status !== "queued" && r.status !== "running"): Promise<RunView> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const response = await adminFetch(`/api/v1/products/sync/${runId}`);
    const { run } = (await response.json()) as { run: RunView };
    if (until(run)) return run;
    if (Date.now() > deadline) throw new Error(`sync run ${runId} still ${run.status} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Runs a sync of its own to the end and returns it (the demo catalog is then embedded and in the
 * vector index). When a run is already open it waits for that one first; a run of ours that does
 * not succeed fails the test with its errors.
 */
export async function syncCatalog(body: unknown = {}): Promise<RunView> {
  const finished = (run: RunView) => run.status === "succeeded" || run.status === "failed";
  for (let i = 0; i < 3; i++) {
    const { run, created } = await requestSync(body);
    const done = await waitForRun(run.id, 60_000, finished);
    if (!created) continue;
    if (done.status !== "succeeded") throw new Error(`sync run ${done.id} ${done.status}: ${JSON.stringify(done.errors.slice(-3))}`);
    return done;
  }
  throw new Error("could not start a sync run of our own");
}

/** What the Zoho gateway holds now (its status RPC: no token value, only times and counts). */
export function zohoGatewayStatus() {
  return durableObjectStubs(env).zohoGateway().status();
}
