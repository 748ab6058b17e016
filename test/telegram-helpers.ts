import { env, exports } from "cloudflare:workers";
import { inject } from "vitest";
import { durableObjectStubs } from "../src/shell/durable-object-stubs";
import { botIdFromToken } from "../src/adapters/channels/telegram/ingress";
import { TELEGRAM_SECRET_HEADER } from "../src/adapters/channels/telegram/verify";
import { textUpdate, type UpdateInput } from "../stand-ins/telegram-updates";
import type { Chat } from "./harness/chat";
import { waitUntilStubIdle } from "./helpers";
import { TEST_SECRETS } from "./setup/secrets";
import type { ConversationDurableObject as TestConversation } from "./worker";
import type { TelegramSend, TelegramStoredFile } from "../stand-ins/telegram";

/** What the Telegram stand-in accepted for a chat, waiting up to `waitMs` until there are `count`. */
export async function telegramSends(chatId: string | number, options: { count?: number; waitMs?: number; after?: number } = {}): Promise<TelegramSend[]> {
  const query = new URLSearchParams({ chatId: String(chatId), count: String(options.count ?? 1), waitMs: String(options.waitMs ?? 0), after: String(options.after ?? 0) });
  const response = await fetch(`${inject("telegramUrl")}/__control/sends?${query}`);
  return ((await response.json()) as { sends: TelegramSend[] }).sends;
}

/** The next `times` sends to the chat fail with Telegram's error (or stall, then go through). */
export async function scriptTelegramFailure(
  chatId: string | number,
  failure: { errorCode?: number; description?: string; retryAfter?: number; stallMs?: number; method?: "sendMessage" | "sendDocument"; times?: number },
) {
  const response = await fetch(`${inject("telegramUrl")}/__control/failures`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ chatId: String(chatId), ...failure }),
  });
  if (response.status !== 201) throw new Error(`scripting Telegram failed: ${response.status} ${await response.text()}`);
}

/** Stores a file as if a user had sent it (a voice note's bytes read `stand-in-audio:<transcript>`). */
export async function uploadTelegramFile(content: string, kind = "voice"): Promise<TelegramStoredFile> {
  const response = await fetch(`${inject("telegramUrl")}/__control/files?kind=${kind}`, { method: "POST", body: content });
  if (response.status !== 201) throw new Error(`Telegram file upload failed: ${response.status}`);
  return (await response.json()) as TelegramStoredFile;
}

/** Requests the stand-in answered 404 to because it does not expect them. */
/** Takes a stray request a test sent on purpose off the stand-in's list (test/strict-stand-ins.ts checks it after every file). */
export async function acknowledgeTelegramUnexpected(request: { method: string; path: string }): Promise<void> {
  const response = await fetch(`${inject("telegramUrl")}/__control/unexpected`, { method: "DELETE", headers: { "content-type": "application/json" }, body: JSON.stringify(request) });
  if (!response.ok) throw new Error(`no unexpected ${request.method} ${request.path} recorded`);
}

export async function telegramUnexpected(): Promise<{ method: string; path: string }[]> {
  const response = await fetch(`${inject("telegramUrl")}/__control/unexpected`);
  return ((await response.json()) as { unexpected: { method: string; path: string }[] }).unexpected;
}

/** The test bot's id: the `channelId` of every Telegram chat in the tests. */
export const TELEGRAM_BOT_ID = botIdFromToken(TEST_SECRETS.TELEGRAM_BOT_TOKEN);

/** POSTs an update to the Telegram webhook through the worker's fetch handler, as Telegram does (`secret: null` leaves the header out). */
export function postTelegramUpdate(update: unknown, options: { secret?: string | null; raw?: string } = {}) {
  const secret = options.secret === undefined ? TEST_SECRETS.TELEGRAM_WEBHOOK_SECRET : options.secret;
  return exports.default.fetch(
    new Request("https://agent.test/api/v1/webhook/telegram", {
      method: "POST",
      headers: { "content-type": "application/json", ...(secret === null ? {} : { [TELEGRAM_SECRET_HEADER]: secret }) },
      body: options.raw ?? JSON.stringify(update),
    }),
  );
}

/** A Telegram chat's conversation object, typed with the test probes of test/worker.ts. */
export function telegramConversation(chatId: string | number): DurableObjectStub<TestConversation> {
  return durableObjectStubs(env).conversation({ channel: "telegram", channelId: TELEGRAM_BOT_ID, chatId: String(chatId) }) as unknown as DurableObjectStub<TestConversation>;
}

/** A Telegram chat of the harness (test/harness/chat.ts): its user writes through the webhook, settled when its conversation object is idle. */
export function telegramChat(chatId: number, from: Omit<UpdateInput, "chatId"> = {}): Chat {
  return {
    post: async (text) => {
      const response = await postTelegramUpdate(textUpdate({ chatId, text, ...from }));
      if (response.status !== 200) throw new Error(`the Telegram webhook answered ${response.status} to "${text}"`);
    },
    sent: () => telegramSends(chatId, { count: 0 }),
    settle: () => waitUntilStubIdle(telegramConversation(chatId), String(chatId), 20_000).then(() => undefined),
  };
}
