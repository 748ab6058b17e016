import { randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import postgres from "postgres";
import { startScratchDatabase } from "../scripts/dev/scratch-database";
import { startLocalStack, type LocalStack } from "../scripts/dev/stack";
import { inboundTextMessage } from "../stand-ins/wazzup-messages";
import { summarize } from "./stats";

/**
 * `npm run bench:orders`: the local stack (wrangler dev with its src/shell/queues and Durable Objects, real
 * Postgres, the Zoho stand-in answering at once, the OpenRouter stand-in) and prints:
 *  1. confirmation → sale order: time from the customer's "yes" to the sale order in Zoho and to
 *     the order message in the chat, and the Zoho requests one order costs (BENCH_LATENCY_ORDERS, 15,
 *     one after the other, BENCH_PAUSE_MS apart so the pacer is idle as for a lone customer);
 *  2. a burst of confirmations (BENCH_BURST_ORDERS, 60, all at once): orders per minute, the
 *     busiest 60 s of Inventory requests against Zoho's 100/min, 429s, and sale orders per
 *     quotation (must be exactly one).
 */
const latencyOrders = Number(process.env.BENCH_LATENCY_ORDERS ?? 15);
const burstOrders = Number(process.env.BENCH_BURST_ORDERS ?? 60);
/** Between the one-by-one orders, so each starts with the pacer's burst available (4 s refills 5 slots at 90/min). */
const pauseMs = Number(process.env.BENCH_PAUSE_MS ?? 4000);

interface Catalogued {
  sku: string;
  stock: number;
}
const skus = (JSON.parse(readFileSync("data/demo-catalog.json", "utf8")) as Catalogued[]).filter((p) => p.stock >= 50).map((p) => p.sku);

const stateDir = mkdtempSync(join(process.env.BENCH_STATE_DIR ?? tmpdir(), "wa-agent-orders-"));
const env: Record<string, string | undefined> = { ...process.env, REPLY_DEBOUNCE_MS: "0", MANAGER_PHONES: "971500000999" };
delete env.OPENROUTER_API_KEY;
delete env.WAZZUP_API_URL;
delete env.ZOHO_REFRESH_TOKEN;
console.log("Starting the local stack for the order benchmark…");
const stack = await startLocalStack({
  stateDir,
  port: Number(process.env.BENCH_PORT ?? 8798),
  env,
  llmStandIn: true,
  createDatabase: env.DATABASE_URL ? undefined : () => startScratchDatabase("wa_agent_orders_bench"),
  wazzupRateLimit: { requests: 1_000_000, windowMs: 5000 },
  log: (line) => {
    if (process.env.BENCH_VERBOSE && !/dense_unavailable/.test(line)) console.log(`  ${line}`);
    else if (/error/i.test(line) && !/Request\.cf|ENOTFOUND|getaddrinfo|GetAddrInfo|callbackTrampoline|zoho_sync\.job_failed/.test(line)) console.log(`  ${line}`);
  },
});
const sql = postgres(stack.services.databaseUrl, { max: 2, onnotice: () => undefined });
const zohoUrl = stack.zohoStandInUrl!;
console.log(`database: ${stack.services.databaseKind}; worker: ${stack.workerUrl}; ${skus.length} SKUs with stock ≥ 50\n`);

try {
  await waitFor("the initial catalog sync", async () => (await sql`SELECT count(*)::int AS n FROM catalog_sync_runs WHERE status IN ('queued','running','interrupted')`)[0]!.n === 0);
  await confirmationToSaleOrder();
  await burst();
} finally {
  await sql.end();
  await stack.stop();
  rmSync(stateDir, { recursive: true, force: true });
}

async function confirmationToSaleOrder(): Promise<void> {
  const chats = await prepareChats("1", latencyOrders);
  const toOrder: number[] = [];
  const toMessage: number[] = [];
  const inventory: number[] = [];
  const crm: number[] = [];
  for (const chat of chats) {
    await new Promise((resolve) => setTimeout(resolve, pauseMs));
    const before = await zohoCounts();
    const started = performance.now();
    await post(stack, chat.chatId, "yes");
    await waitFor(`sale order for ${chat.number}`, async () => (await salesOrders(chat.number)).length > 0, 20);
    toOrder.push(performance.now() - started);
    await waitFor(`order message for ${chat.number}`, async () => (await sent()).some((m) => m.crmMessageId === `order-${chat.quotationId}`), 20);
    toMessage.push(performance.now() - started);
    await jobsIdle();
    const after = await zohoCounts();
    inventory.push(after.apiCalls - before.apiCalls);
    crm.push(after.crmCalls - before.crmCalls);
  }
  const order = summarize(toOrder);
  const message = summarize(toMessage);
  console.log(`1. Confirmation → sale order (${chats.length} orders one after the other, new customers, instant Zoho stand-in)`);
  console.log(`   "yes" → sale order in Zoho: p50 ${order.p50.toFixed(0)} ms, p95 ${order.p95.toFixed(0)} ms, max ${order.max.toFixed(0)} ms`);
  console.log(`   "yes" → order message sent to the chat: p50 ${message.p50.toFixed(0)} ms, p95 ${message.p95.toFixed(0)} ms`);
  console.log(`   Zoho requests per order: Inventory median ${median(inventory)} (min ${Math.min(...inventory)}, max ${Math.max(...inventory)}), CRM median ${median(crm)} (deal stage updates)\n`);
}

async function burst(): Promise<void> {
  const chats = await prepareChats("2", burstOrders);
  await fetch(`${zohoUrl}/__control/requests/reset`, { method: "POST" });
  const started = performance.now();
  await Promise.all(chats.map((chat) => post(stack, chat.chatId, "confirm")));
  const done = new Map<string, number>();
  await waitFor(
    "every sale order",
    async () => {
      for (const chat of chats) if (!done.has(chat.number) && (await salesOrders(chat.number)).length > 0) done.set(chat.number, performance.now() - started);
      return done.size === chats.length;
    },
    250,
    30 * 60_000,
  );
  const seconds = (performance.now() - started) / 1000;
  await jobsIdle();
  const log = (await (await fetch(`${zohoUrl}/__control/requests`)).json()) as { requests: { at: number; path: string; status: number }[] };
  const inventory = log.requests.filter((r) => r.path.startsWith("/inventory/v1/")).map((r) => r.at);
  const throttled = log.requests.filter((r) => r.status === 429).length;
  let busiest = 0;
  for (let i = 0, j = 0; i < inventory.length; i++) {
    while (inventory[i]! - inventory[j]! >= 60_000) j++;
    busiest = Math.max(busiest, i - j + 1);
  }
  const counts = await Promise.all(chats.map(async (chat) => (await salesOrders(chat.number)).length));
  const waits = summarize([...done.values()]);
  console.log(`2. Burst: ${chats.length} customers confirm at once (new customers: contact lookup + contact + sale order each)`);
  console.log(`   all sale orders created in ${seconds.toFixed(1)} s: ${((chats.length / seconds) * 60).toFixed(1)} orders/min; per order "confirm" → sale order p50 ${(waits.p50 / 1000).toFixed(1)} s, max ${(waits.max / 1000).toFixed(1)} s`);
  console.log(`   Inventory requests: ${inventory.length}, busiest 60 s: ${busiest} (Zoho allows 100/min; our pacer 90/min), 429 answers: ${throttled}`);
  console.log(`   sale orders per quotation: ${Math.min(...counts)}–${Math.max(...counts)} (1 means none lost, none doubled)\n`);
}

/** New customers (profile with name and city) who have each been shown a quotation for 2 units. */
async function prepareChats(run: string, count: number) {
  const chats: { chatId: string; number: string; quotationId: string }[] = [];
  await Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const chatId = `97155${run}${String(Date.now() % 10000).padStart(4, "0")}${String(i).padStart(3, "0")}`;
      const profile = { name: `Bench Buyer ${i}`, company: `Bench Trading ${run}-${i}-${randomUUID().slice(0, 4)}`, city: "Dubai" };
      await sql`INSERT INTO customers (phone, name, profile) VALUES (${chatId}, ${profile.name}, ${sql.json(profile)}) ON CONFLICT (phone) DO NOTHING`;
      await post(stack, chatId, `please quote 2 x ${skus[i % skus.length]}`);
      const row = await waitFor(`quotation for ${chatId}`, async () => {
        const [q] = await sql<{ id: string; number: string }[]>`SELECT q.id, q.number FROM quotations q JOIN customers c ON c.id = q.customer_id WHERE c.phone = ${chatId} AND q.state = 'shown'`;
        return q ?? null;
      });
      chats.push({ chatId, number: row.number, quotationId: row.id });
    }),
  );
  await jobsIdle();
  return chats;
}

async function post(stack: LocalStack, chatId: string, text: string): Promise<void> {
  const response = await fetch(`${stack.workerUrl}/api/v1/webhook/wazzup?token=${encodeURIComponent(stack.webhookToken)}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ messages: [inboundTextMessage({ channelId: stack.channelId, chatId, text, messageId: randomUUID(), name: "Bench" })] }),
  });
  if (response.status !== 200) throw new Error(`webhook answered ${response.status}`);
}

async function sent(): Promise<{ crmMessageId?: string }[]> {
  return ((await (await fetch(`${stack.wazzupStandInUrl}/__control/messages`)).json()) as { messages: { crmMessageId?: string }[] }).messages;
}

async function salesOrders(reference: string): Promise<unknown[]> {
  return ((await (await fetch(`${zohoUrl}/__control/salesorders?reference_number=${reference}`)).json()) as { salesorders: unknown[] }).salesorders;
}

async function zohoCounts(): Promise<{ apiCalls: number; crmCalls: number }> {
  return (await (await fetch(`${zohoUrl}/__control/requests`)).json()) as { apiCalls: number; crmCalls: number };
}

async function jobsIdle(): Promise<void> {
  await waitFor("Zoho jobs to settle", async () => (await sql`SELECT count(*)::int AS n FROM zoho_jobs WHERE status IN ('queued','running')`)[0]!.n === 0, 100, 10 * 60_000);
}

async function waitFor<T>(what: string, probe: () => Promise<T | null | false>, intervalMs = 100, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

function median(values: number[]): number {
  return summarize(values).p50;
}
