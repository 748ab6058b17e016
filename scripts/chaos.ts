import { randomUUID } from "node:crypto";
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import postgres from "postgres";
import { startScratchDatabase } from "./dev/scratch-database";
import { startLocalStack } from "./dev/stack";
import { inboundTextMessage } from "../stand-ins/wazzup-messages";
import { databaseOutage, embeddingsOutage, llmOutage, wazzupOutage, zohoOutage, type FaultTargets } from "./chaos-faults";
import { tally, type ChatRecord } from "./chaos-tally";

/**
 * `npm run chaos`: the local stack (wrangler dev, real Postgres, every stand-in) under steady
 * customer traffic while Wazzup, Zoho, the LLM, embeddings and Postgres each fail and recover in
 * turn. Then it waits for the product to catch up and prints messages received, replies
 * delivered, orders made, and anything lost, duplicated or stuck; it exits 1 if any of the last
 * three is not zero. Knobs: CHAOS_CUSTOMERS (12), CHAOS_BUYERS (4), CHAOS_DURATION_S (90),
 * CHAOS_SETTLE_S (420), CHAOS_PORT (8890), CHAOS_VERBOSE=1.
 */
const customers = Number(process.env.CHAOS_CUSTOMERS ?? 12);
const buyers = Math.min(customers, Number(process.env.CHAOS_BUYERS ?? 4));
const durationMs = Number(process.env.CHAOS_DURATION_S ?? 90) * 1000;
const settleMs = Number(process.env.CHAOS_SETTLE_S ?? 420) * 1000;
const MANAGER = "971500000999";
const QUESTIONS = ["Do you have ergonomic chairs?", "What desks do you have for a small office?", "Do you deliver to Abu Dhabi?", "Is there a warranty on chairs?", "I need a meeting table for 8", "Any filing cabinets in stock?", "What are your showroom hours?", "Can I pay by bank transfer?"];
const skus = (JSON.parse(readFileSync("data/demo-catalog.json", "utf8")) as { sku: string; stock: number }[]).filter((p) => p.stock >= 50).map((p) => p.sku);

const started = Date.now();
const say = (line: string) => console.log(`[${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s] ${line}`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const stateDir = mkdtempSync(join(tmpdir(), "wa-agent-chaos-"));
// A fallback model, so an LLM outage of two completions (the primary and its one retry) is answered by
// the fallback; chats whose four completions fail go to the offline salesperson and a manager.
const env: Record<string, string | undefined> = { ...process.env, REPLY_DEBOUNCE_MS: "300", MANAGER_PHONES: MANAGER, LLM_FALLBACK_MODEL: "chaos/fallback-model" };
for (const name of ["OPENROUTER_API_KEY", "WAZZUP_API_URL", "ZOHO_REFRESH_TOKEN", "DATABASE_URL", "EMBEDDINGS_API_KEY"]) delete env[name];
const workerLog = join(tmpdir(), `wa-agent-chaos-${process.pid}.log`);
writeFileSync(workerLog, "");
say(`starting the local stack (worker log: ${workerLog})…`);
const stack = await startLocalStack({
  stateDir,
  port: Number(process.env.CHAOS_PORT ?? 8890),
  env,
  llmStandIn: true,
  createDatabase: () => startScratchDatabase("wa_agent_chaos"),
  wazzupRateLimit: { requests: 1_000_000, windowMs: 5000 },
  log: (line) => (process.env.CHAOS_VERBOSE ? console.log(`  ${line}`) : appendFileSync(workerLog, `${line}\n`)),
});
if (stack.services.databaseKind !== "postgres") console.log("note: no Postgres server on 127.0.0.1:5432, so the embedded database cannot drop connections; that fault is skipped");
const sql = postgres(stack.services.databaseUrl, { max: 2, onnotice: () => undefined });
const targets: FaultTargets = {
  wazzupUrl: stack.wazzupStandInUrl!,
  zohoUrl: stack.zohoStandInUrl!,
  openrouterOrigin: new URL(stack.services.openrouterUrl!).origin,
  embeddingsOrigin: new URL(stack.services.embeddingsUrl!).origin,
  databaseUrl: stack.services.databaseUrl,
};

const chats: ChatRecord[] = Array.from({ length: customers }, (_, i) => ({
  chatId: `97156${String(Date.now() % 100_000).padStart(5, "0")}${String(i).padStart(2, "0")}`,
  tag: `K${i}${randomUUID().slice(0, 4)}`,
  buyer: i < buyers,
  posted: [],
  webhookRetries: 0,
  webhook5xx: 0,
  quotationNumber: null,
}));

let exitCode = 1;
try {
  await waitFor("the first catalog sync", 300_000, async () => (await sql`SELECT count(*)::int AS n FROM catalog_sync_runs WHERE status IN ('queued','running','interrupted')`)[0]!.n === 0);
  say(`stack up: ${customers} customers (${buyers} buying), ${durationMs / 1000} s of traffic, then up to ${settleMs / 1000} s to catch up`);
  const trafficEnd = Date.now() + durationMs;
  const at = (fraction: number) => sleep(fraction * durationMs);
  const customerIds = chats.map((c) => c.chatId);
  const faults = [
    // Zoho first, while the buyers confirm, so their sale orders meet it.
    at(0).then(() => zohoOutage(targets, 4)),
    at(0.15).then(() => wazzupOutage(targets, [...customerIds, MANAGER], 3)),
    at(0.4).then(async () => {
      const browsers = chats.filter((c) => !c.buyer).map((c) => c.tag);
      return `${await llmOutage(targets, browsers.slice(2), 2)}; ${await llmOutage(targets, browsers.slice(0, 2), 4)}`;
    }),
    at(0.55).then(() => embeddingsOutage(targets, 40)),
    at(0.7).then(() => (stack.services.databaseKind === "postgres" ? databaseOutage(targets, 6000) : "Postgres: skipped (embedded)")),
  ].map((fault) => fault.then((line) => say(`fault: ${line}`)));
  await Promise.all([...chats.map((chat) => customer(chat, trafficEnd)), ...faults]);
  say(`traffic over: ${chats.reduce((n, c) => n + c.posted.length, 0)} messages accepted; waiting for the product to catch up…`);
  const settledAt = await settle(Date.now() + settleMs);
  say(settledAt ? "caught up" : `still not caught up after ${settleMs / 1000} s`);
  const result = await tally({ chats, wazzupUrl: targets.wazzupUrl, zohoUrl: targets.zohoUrl, manager: MANAGER, sql });
  console.log(`\n${result.lines.join("\n")}`);
  exitCode = result.failed ? 1 : 0;
} finally {
  await sql.end();
  await stack.stop();
  rmSync(stateDir, { recursive: true, force: true });
}
process.exit(exitCode);

/** One customer: a buyer first asks for a quotation and confirms it; everyone then asks questions until the end. */
async function customer(chat: ChatRecord, until: number): Promise<void> {
  if (chat.buyer) {
    const profile = { name: `Chaos Buyer ${chat.tag}`, company: `Chaos Trading ${chat.tag}`, city: "Dubai" };
    await sql`INSERT INTO customers (phone, name, profile) VALUES (${chat.chatId}, ${profile.name}, ${sql.json(profile)}) ON CONFLICT (phone) DO NOTHING`;
    await send(chat, `please quote 2 x ${skus[chats.indexOf(chat) % skus.length]}`);
    const shown = await waitFor(`a quotation for ${chat.tag}`, 90_000, async () => (await sql<{ number: string }[]>`SELECT q.number FROM quotations q JOIN customers c ON c.id = q.customer_id WHERE c.phone = ${chat.chatId} AND q.state = 'shown'`)[0] ?? null).catch(() => null);
    // The customer confirms what they saw: only once the quotation reached the chat, and waits for the answer.
    const seen = shown && (await waitFor(`the quotation in ${chat.tag}'s chat`, 90_000, async () => (await sends(chat.chatId)).some((m) => m.text?.includes(shown.number))).catch(() => false));
    if (shown && seen) {
      chat.quotationNumber = shown.number;
      const confirm = await send(chat, "confirm");
      await waitFor(`the answer to ${chat.tag}'s confirmation`, 90_000, async () => (await sends(chat.chatId)).some((m) => m.crmMessageId === `reply-${confirm}`)).catch(() => say(`no answer to ${chat.tag}'s confirmation within 90 s`));
    }
  }
  while (Date.now() < until) {
    await send(chat, `${QUESTIONS[Math.floor(Math.random() * QUESTIONS.length)]} [${chat.tag}]`);
    await sleep(1500 + Math.random() * 2500);
  }
}

/** Posts one message as Wazzup does, redelivering the same message after a 5xx (as Wazzup would). */
async function send(chat: ChatRecord, text: string): Promise<string> {
  const message = inboundTextMessage({ channelId: stack.channelId, chatId: chat.chatId, text, messageId: randomUUID(), name: "Chaos Customer" });
  for (let attempt = 0; attempt < 20; attempt++) {
    const response = await fetch(`${stack.workerUrl}/api/v1/webhook/wazzup?token=${encodeURIComponent(stack.webhookToken)}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ messages: [message] }) }).catch(() => null);
    await response?.body?.cancel();
    if (response?.status === 200) {
      chat.posted.push({ id: message.messageId, at: Date.now() });
      return message.messageId;
    }
    if (response && response.status >= 500) chat.webhook5xx++;
    chat.webhookRetries++;
    await sleep(1000);
  }
  say(`webhook never accepted a message of ${chat.tag}`);
  return message.messageId;
}

/** What the Wazzup stand-in accepted for a chat. */
async function sends(chatId: string): Promise<{ text?: string; crmMessageId?: string }[]> {
  return ((await (await fetch(`${targets.wazzupUrl}/__control/messages?chatId=${chatId}`)).json()) as { messages: { text?: string; crmMessageId?: string }[] }).messages;
}

/** Waits until every chat's last message is answered (or with a manager), no reply waits to go out and no Zoho job is open. */
async function settle(deadline: number): Promise<boolean> {
  while (Date.now() < deadline) {
    const result = await tally({ chats, wazzupUrl: targets.wazzupUrl, zohoUrl: targets.zohoUrl, manager: MANAGER, sql }).catch(() => null);
    if (result && result.unanswered === 0 && result.pendingWork === 0) return true;
    await sleep(3000);
  }
  return false;
}

async function waitFor<T>(what: string, timeoutMs: number, probe: () => Promise<T | null | false>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => null);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(250);
  }
}
