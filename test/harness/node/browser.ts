import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before } from "node:test";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import type { StaffClient } from "../../../src/core/staff/contract/client";
import type { RecordedSend } from "../../../stand-ins/wazzup";
import { say as sayIn } from "../chat";
import { until } from "../poll";
import { createStaffUser, type NewStaff, type Role } from "../staff";
import { scriptOpenRouter } from "../stand-ins";
import { adminClient, targetAt, type PublishedStack, type WorkerTarget } from "../target";
import { newChatId, postText, wazzupChat, wazzupSent } from "../wazzup";

/**
 * The browser tests' side of the harness (scripts/test/browser/*.browser.test.ts under
 * `npm run test:browser`): Debian's Chromium through playwright-core, signed in to the panel that
 * scripts/test/browser/run.ts serves in front of one local stack, and that stack's worker and
 * stand-ins reached over the network.
 */
export interface BrowserStack extends PublishedStack {
  panelUrl: string;
  zohoStandInUrl: string | null;
  /** The OpenRouter stand-in's API base (tests script its answers through its /__control). */
  openrouterUrl: string | null;
  admin: { email: string; password: string };
}

/** What run.ts started (the file named by BROWSER_STACK). */
export function browserStack(): BrowserStack {
  const file = process.env.BROWSER_STACK;
  if (!file) throw new Error("BROWSER_STACK is not set: run browser tests with npm run test:browser");
  return JSON.parse(readFileSync(file, "utf8")) as BrowserStack;
}

/** The stack's worker as the harness reaches it. */
export function browserTarget(): WorkerTarget {
  return targetAt(browserStack());
}

/** The staff API as the machine credential, to set up users and read state a test checks. */
export function adminApi(): StaffClient {
  return adminClient(browserTarget());
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

/** One page in a fresh profile. */
export async function newPage(browser: Browser, size: "laptop" | "phone" = "laptop"): Promise<Page> {
  return (await newContext(browser, size)).newPage();
}

/** Signs in through the sign-in screen, as a person would, and waits for the navigation. */
export async function signIn(page: Page, who: { email: string; password: string } = browserStack().admin): Promise<void> {
  await page.goto(`${browserStack().panelUrl}/inbox`);
  await page.getByLabel("Email").fill(who.email);
  await page.getByLabel("Password").fill(who.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("navigation", { name: "Main" }).waitFor();
}

/** A browser with one laptop-sized page signed in as the local admin. */
export async function openSignedIn(): Promise<{ browser: Browser; page: Page }> {
  const browser = await launchBrowser();
  const page = await newPage(browser);
  await signIn(page);
  return { browser, page };
}

/** In a `describe`: a browser launched before its tests (handed to `use`) and closed after them. */
export function withBrowser(use: (browser: Browser) => void): void {
  let browser: Browser | undefined;
  before(async () => {
    browser = await launchBrowser();
    use(browser);
  });
  after(async () => {
    await browser?.close();
  });
}

/** In a `describe`: what most files start from, a page signed in as the local admin (handed to `use`), closed after its tests. */
export function withSignedInPage(use: (opened: { browser: Browser; page: Page }) => void): void {
  let browser: Browser | undefined;
  before(async () => {
    const opened = await openSignedIn();
    browser = opened.browser;
    use(opened);
  });
  after(async () => {
    await browser?.close();
  });
}

/** Clicks the screen's link in the main navigation. */
export async function navigate(page: Page, screen: string): Promise<void> {
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: screen, exact: true }).click();
}

/** Opens a screen from the main navigation and waits for its heading. */
export async function openScreen(page: Page, screen: string): Promise<void> {
  await navigate(page, screen);
  await page.getByRole("heading", { level: 1, name: screen }).waitFor();
}

/** A full-page screenshot into reports/screenshots/ (CI keeps the folder). */
export async function screenshot(page: Page, name: string): Promise<string> {
  const dir = join(process.cwd(), "reports", "screenshots");
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** A new staff user of `role` with a known password (its email unique). */
export function staffUser(role: Role, name = `Test ${role}`): Promise<NewStaff> {
  return createStaffUser(browserTarget(), role, { name });
}

/** A customer's message posted to the Wazzup webhook exactly as Wazzup posts it (nothing waited for). */
export function postCustomerText(chatId: string, text: string, name = "Browser Customer"): Promise<void> {
  return postText(browserTarget(), chatId, text, { name });
}

/** The customer writes `text`; returns what the agent sent back (test/harness/chat.ts). */
export function say(chatId: string, text: string, name = "Browser Customer"): Promise<string> {
  return sayIn(wazzupChat(browserTarget(), chatId, { name }), text);
}

/** What the Wazzup stand-in was asked to send to a chat (waits up to `waitMs` for a first one after `after`). */
export function sentTo(chatId: string, options: { after?: number; waitMs?: number } = {}): Promise<RecordedSend[]> {
  return wazzupSent(browserTarget(), { chatId, ...options });
}

/** The conversation id of a chat once Postgres has it. */
export async function conversationOf(chatId: string, timeoutMs = 20_000): Promise<string> {
  const found = await until(
    `a conversation for chat ${chatId}`,
    async () => (await adminApi().listConversations({ query: { q: chatId, limit: 5 } })).conversations.find((conversation) => conversation.chatId === chatId),
    { timeoutMs, everyMs: 200 },
  );
  return found.id;
}

/** A new customer's chat the agent answered, its quality review asked for and finished: the chat, its conversation and the review. */
export async function reviewedChat(text: string, name: string) {
  const chatId = newChatId();
  await postCustomerText(chatId, text, name);
  await sentTo(chatId, { waitMs: 20_000 });
  const conversationId = await conversationOf(chatId);
  await adminApi().requestQualityReview({ body: { conversationId } });
  const reviews = async () => (await adminApi().listQualityReviews({ query: { limit: 200 } })).reviews;
  const review = await until("the review", async () => (await reviews()).find((r) => r.conversationId === conversationId && r.status !== "queued"), { timeoutMs: 45_000, everyMs: 300 });
  return { chatId, conversationId, review };
}

/** Scripts the OpenRouter stand-in: requests carrying `match` get these answers (a real 401 on the wire, say). */
export function scriptModel(match: string, responses: unknown[]): Promise<void> {
  const base = browserStack().openrouterUrl;
  if (!base) throw new Error("the browser stack runs no OpenRouter stand-in");
  return scriptOpenRouter(base, match, responses);
}

export { newChatId } from "../wazzup";
export { poll, until } from "../poll";
