import { env, exports } from "cloudflare:workers";
import { inject } from "vitest";
import { withDatabase } from "../src/adapters/db/client";
import { getConfig } from "../src/core/config";
import { durableObjectStubs } from "../src/shell/durable-object-stubs";
import type { WazzupMessage } from "../src/adapters/channels/wazzup/wire";
import type { RecordedSend } from "../stand-ins/wazzup";
import type { RecordedCompletion } from "../stand-ins/openrouter";
import { say as sayIn, write as writeIn, type Chat } from "./harness/chat";
import { poll, until } from "./harness/poll";
import { openRouterRequests, scriptOpenRouter, standInControl } from "./harness/stand-ins";
import { startSync, syncEnded, waitForSyncRun, type SyncRunView } from "./harness/sync";
import { asAdmin, type WorkerTarget } from "./harness/target";
import { postWazzup, wazzupChat, wazzupSent, wazzupText, type WebhookPost } from "./harness/wazzup";
import { TEST_CHANNEL_ID, TEST_SECRETS } from "./setup/secrets";
import type { ConversationDurableObject as TestConversation } from "./worker";

export const CHANNEL_ID = TEST_CHANNEL_ID;
export { newChatId } from "./harness/wazzup";
export { poll, until };

/**
 * The worker under test as the harness (test/harness/) reaches it in workerd: its own fetch
 * handler, the test secrets, the Wazzup stand-in the global setup runs. This file binds the
 * harness to it and adds what only workerd reaches: conversation objects and the database.
 */
export const worker: WorkerTarget = {
  origin: "https://agent.test",
  fetch: (request) => exports.default.fetch(request),
  adminToken: TEST_SECRETS.ADMIN_API_TOKEN,
  webhookToken: TEST_SECRETS.WAZZUP_WEBHOOK_TOKEN,
  channelId: CHANNEL_ID,
  get wazzupUrl() {
    return inject("wazzupUrl");
  },
};

export function textMessage(chatId: string, text: string, extra: Partial<WazzupMessage> = {}): WazzupMessage {
  return { ...wazzupText(worker, chatId, text), ...extra } as WazzupMessage;
}

/** POSTs to the webhook through the worker's real fetch handler. */
export function postWebhook(body: unknown, options: WebhookPost = {}) {
  return postWazzup(worker, body, options);
}

export function adminFetch(path: string, init: RequestInit = {}) {
  return asAdmin(worker, path, init);
}

/** The chat's Durable Object, typed with the test probes of test/worker.ts. */
export function conversation(chatId: string): DurableObjectStub<TestConversation> {
  const stub = durableObjectStubs(env).conversation({ channel: "whatsapp", channelId: CHANNEL_ID, chatId });
  return stub as unknown as DurableObjectStub<TestConversation>;
}

/** What the Wazzup stand-in received for a chat. */
export function sentTo(chatId: string, waitMs = 0): Promise<RecordedSend[]> {
  return wazzupSent(worker, { chatId, waitMs });
}

/** Waits until the conversation has no pending, running or unsent work. */
export async function waitUntilIdle(chatId: string, timeoutMs = 15_000) {
  return waitUntilStubIdle(conversation(chatId), chatId, timeoutMs);
}

/** The same for any conversation object (another channel's chat). */
export async function waitUntilStubIdle(stub: DurableObjectStub<TestConversation>, chatId: string, timeoutMs = 15_000) {
  const idle = (snapshot: Awaited<ReturnType<TestConversation["snapshot"]>>) => {
    // An alarm far off is a timer (a handoff's quiet period, the rate window reopening), not work.
    const alarmIsTimer = snapshot.alarmAt !== null && snapshot.alarmAt > Date.now() + 30_000;
    return snapshot.pending === 0 && snapshot.sending === 0 && !snapshot.turnRunning && (snapshot.alarmAt === null || alarmIsTimer);
  };
  return poll(`conversation ${chatId} to be idle`, () => stub.snapshot(), idle, { timeoutMs, everyMs: 25 });
}

/** A WhatsApp chat of the harness (test/harness/chat.ts), settled when its conversation object is idle. */
export function whatsappChat(chatId: string): Chat {
  return wazzupChat(worker, chatId, { settle: () => waitUntilIdle(chatId, 20_000).then(() => undefined) });
}

/** A customer's message (WhatsApp unless a harness chat is given), then everything the agent sent back once the chat is idle (at least one message). */
export function say(chat: string | Chat, text: string): Promise<string> {
  return sayIn(typeof chat === "string" ? whatsappChat(chat) : chat, text);
}

/** A customer's message, accepted (200), and the chat idle again; no reply required. */
export function write(chat: string | Chat, text: string): Promise<void> {
  return writeIn(typeof chat === "string" ? whatsappChat(chat) : chat, text);
}

/** The OpenRouter stand-in's API base. */
export const openrouter = () => inject("openrouterUrl");

/** Scripts the OpenRouter stand-in for requests whose user text contains `match`. */
export function scriptModel(match: string, responses: unknown[]) {
  return scriptOpenRouter(openrouter(), match, responses);
}

/** The chat-completion requests the OpenRouter stand-in received whose user text contains `match`. */
export function modelRequests(match: string): Promise<RecordedCompletion[]> {
  return openRouterRequests(openrouter(), match);
}

/** Waits until the model stand-in is working on a request containing `match`: the turn is inside its LLM call. */
export async function waitForModelRequest(match: string, timeoutMs = 10_000): Promise<void> {
  await until(`a model request containing ${match}`, async () => (await modelRequests(match)).length > 0, { timeoutMs, everyMs: 10 });
}

/**
 * Makes Wazzup answer the chat's next sends with an error; with `afterSend` the message goes out
 * first (its crmMessageId is remembered), as when Wazzup sent it but its answer was lost.
 */
export async function scriptWazzupFailure(chatId: string, failure: { status: number; error: string; times?: number; afterSend?: boolean }) {
  await control("wazzupUrl", "/__control/failures", { body: { chatId, ...failure } });
}

/** Every send attempt Wazzup saw for this crmMessageId, with its answer (status, error code). */
export async function wazzupAttempts(crmMessageId: string): Promise<{ status: number; error: string | null }[]> {
  return (await control<{ attempts: { status: number; error: string | null }[] }>("wazzupUrl", `/__control/attempts?crmMessageId=${encodeURIComponent(crmMessageId)}`)).attempts;
}

/** Puts a file where Wazzup keeps customers' media and returns its contentUri. */
export async function uploadMedia(content: string): Promise<string> {
  const response = await fetch(`${inject("wazzupUrl")}/__control/media`, { method: "POST", body: content });
  if (response.status !== 201) throw new Error(`media upload failed: ${response.status}`);
  return ((await response.json()) as { contentUri: string }).contentUri;
}

/** Calls a stand-in's control API (`/__control/...`) and returns its JSON. */
export function control<T = Record<string, unknown>>(service: "wazzupUrl" | "zohoUrl" | "embeddingsUrl" | "qdrantUrl", path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  return standInControl<T>(inject(service), path, init);
}

/** Runs a query against the same Postgres the worker uses, through the production driver. */
export function query<T>(work: Parameters<typeof withDatabase<T>>[1]): Promise<T> {
  return withDatabase(getConfig(env), work);
}

/** Starts a catalog sync through the API (or joins the open one). */
export function requestSync(body: Parameters<typeof startSync>[1] = {}) {
  return startSync(worker, body);
}

/** Waits until the run leaves queued/running (the queue consumer runs it in this same worker), or until `done` holds. */
export function waitForRun(runId: string, timeoutMs = 45_000, done?: (run: SyncRunView) => boolean): Promise<SyncRunView> {
  return waitForSyncRun(worker, runId, done, { timeoutMs });
}

/**
 * Runs a sync of its own to the end and returns it (the demo catalog is then embedded and in the
 * vector index). When a run is already open it waits for that one first; a run of ours that does
 * not succeed fails the test with its errors.
 */
export async function syncCatalog(body: Parameters<typeof startSync>[1] = {}): Promise<SyncRunView> {
  for (let i = 0; i < 3; i++) {
    const { run, created } = await requestSync(body);
    const done = await waitForRun(run.id, 60_000, syncEnded);
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
