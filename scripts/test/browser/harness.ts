import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { createStaffClient, type StaffClient } from "../../../src/core/staff/contract/client";
import { inboundTextMessage } from "../../../stand-ins/wazzup-messages";

/** What run.ts started: the panel, the worker behind it, and the stand-ins' addresses. */
export interface BrowserStack {
  panelUrl: string;
  workerUrl: string;
  webhookToken: string;
  adminToken: string;
  channelId: string;
  wazzupUrl: string | null;
  /** The OpenRouter stand-in's API base (tests script its answers through its /__control). */
  openrouterUrl: string | null;
  admin: { email: string; password: string };
}

export function browserStack(): BrowserStack {
  const file = process.env.BROWSER_STACK;
  if (!file) throw new Error("BROWSER_STACK is not set: run browser tests with npm run test:browser");
  return JSON.parse(readFileSync(file, "utf8")) as BrowserStack;
}

/** Debian's Chromium (installed by .ci/run with apt-get); never a downloaded browser. */
export function chromiumPath(): string {
  const path = process.env.CHROMIUM_PATH ?? execFileSync("sh", ["-c", "command -v chromium || command -v chromium-browser"], { encoding: "utf8" }).trim();
  if (!path) throw new Error("chromium is not installed: apt-get install -y chromium");
  return path;
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-dev-shm-usage"],
  });
}

/** A fresh browser profile (its own cookies) at a laptop or a phone's size. */
export async function newContext(browser: Browser, size: "laptop" | "phone" = "laptop"): Promise<BrowserContext> {
  const context = await browser.newContext(size === "phone" ? { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true } : { viewport: { width: 1366, height: 900 } });
  context.setDefaultTimeout(15_000);
  return context;
}

/** The staff API as the machine credential, to set up users and read state a test checks. */
export function adminApi(stack = browserStack()): StaffClient {
  return createStaffClient({ baseUrl: stack.workerUrl, token: stack.adminToken });
}

/** A new staff user of `role` with a known password (email unique per call). */
export async function staffUser(role: "admin" | "manager" | "viewer", name = `Test ${role}`): Promise<{ email: string; password: string; name: string }> {
  const email = `${role}-${randomUUID().slice(0, 8)}@browser.test`;
  const password = `pw-${randomUUID()}`;
  await adminApi().createUser({ body: { email, name, role, password } });
  return { email, password, name };
}

/** Signs in through the sign-in screen, as a person would, and waits for the navigation. */
export async function signIn(page: Page, who: { email: string; password: string } = browserStack().admin): Promise<void> {
  const stack = browserStack();
  await page.goto(`${stack.panelUrl}/inbox`);
  await page.getByLabel("Email").fill(who.email);
  await page.getByLabel("Password").fill(who.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("navigation", { name: "Main" }).waitFor();
}

/** A browser with one laptop-sized page signed in as the local admin: what most test files start from. */
export async function openSignedIn(): Promise<{ browser: Browser; page: Page }> {
  const browser = await launchBrowser();
  const page = await (await newContext(browser)).newPage();
  await signIn(page);
  return { browser, page };
}

/** A fresh WhatsApp chat id (a UAE mobile number nobody else in the run uses). */
export function newChatId(): string {
  return `9715${String(Date.now()).slice(-7)}${Math.floor(Math.random() * 100).toString().padStart(2, "0")}`;
}

/** A customer message posted to the Wazzup webhook exactly as Wazzup posts it. */
export async function customerSays(chatId: string, text: string, name = "Browser Customer"): Promise<void> {
  const stack = browserStack();
  const response = await fetch(`${stack.workerUrl}/api/v1/webhook/wazzup?token=${encodeURIComponent(stack.webhookToken)}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ messages: [inboundTextMessage({ channelId: stack.channelId, chatId, text, name })] }),
  });
  if (!response.ok) throw new Error(`webhook answered ${response.status}`);
}

export interface SentMessage {
  seq: number;
  chatId: string;
  text?: string;
  crmMessageId?: string;
}

/** What the Wazzup stand-in was asked to send to a chat (waits up to `waitMs` for a first one after `after`). */
export async function sentTo(chatId: string, options: { after?: number; waitMs?: number } = {}): Promise<SentMessage[]> {
  const stack = browserStack();
  const query = new URLSearchParams({ chatId, after: String(options.after ?? 0), waitMs: String(options.waitMs ?? 0) });
  const response = await fetch(`${stack.wazzupUrl}/__control/messages?${query}`);
  return ((await response.json()) as { messages: SentMessage[] }).messages;
}

/** The conversation id of a chat once Postgres has it. */
export async function conversationOf(chatId: string, timeoutMs = 20_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { conversations } = await adminApi().listConversations({ query: { q: chatId, limit: 5 } });
    const found = conversations.find((conversation) => conversation.chatId === chatId);
    if (found) return found.id;
    if (Date.now() > deadline) throw new Error(`no conversation for chat ${chatId} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** A full-page screenshot into reports/screenshots/ (CI keeps the folder). */
export async function screenshot(page: Page, name: string): Promise<string> {
  const dir = join(process.cwd(), "reports", "screenshots");
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
