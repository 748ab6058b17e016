import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { errorsOnly, startTestStack } from "../test/harness/node/stack";
import { until } from "../test/harness/poll";
import { postText, wazzupSent } from "../test/harness/wazzup";
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

console.log("Starting the local stack for the order benchmark…");
const errors = errorsOnly(/zoho_sync\.job_failed/);
const bench = await startTestStack({
  name: "orders-bench",
  port: Number(process.env.BENCH_PORT ?? 8798),
  set: { REPLY_DEBOUNCE_MS: "0", MANAGER_PHONES: "971500000999" },
  unset: ["OPENROUTER_API_KEY", "WAZZUP_API_URL", "ZOHO_REFRESH_TOKEN"],
  database: "scratch",
  llmStandIn: true,
  wazzupRateLimit: { requests: 1_000_000, windowMs: 5000 },
  log: (line) => (process.env.BENCH_VERBOSE && !/dense_unavailable/.test(line) ? console.log(`  ${line}`) : errors(line)),
});
const { stack, sql, target } = bench;
const zohoUrl = stack.zohoStandInUrl!;
console.log(`database: ${stack.services.databaseKind}; worker: ${stack.workerUrl}; ${skus.length} SKUs with stock ≥ 50\n`);

try {
  await bench.syncsEnded();
  await confirmationToSaleOrder();
  await burst();
} finally {
  await bench.stop();
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
    await post(chat.chatId, "yes");
    await until(`sale order for ${chat.number}`, async () => (await salesOrders(chat.number)).length > 0, { everyMs: 20, timeoutMs: 120_000 });
    toOrder.push(performance.now() - started);
    await until(`order message for ${chat.number}`, async () => (await wazzupSent(target)).some((m) => m.crmMessageId === `order-${chat.quotationId}`), { everyMs: 20, timeoutMs: 120_000 });
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
  await Promise.all(chats.map((chat) => post(chat.chatId, "confirm")));
  const done = new Map<string, number>();
  await until(
    "every sale order",
    async () => {
      for (const chat of chats) if (!done.has(chat.number) && (await salesOrders(chat.number)).length > 0) done.set(chat.number, performance.now() - started);
      return done.size === chats.length;
    },
    { everyMs: 250, timeoutMs: 30 * 60_000 },
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
      await post(chatId, `please quote 2 x ${skus[i % skus.length]}`);
      const row = await until(
        `quotation for ${chatId}`,
        async () => {
          const [q] = await sql<{ id: string; number: string }[]>`SELECT q.id, q.number FROM quotations q JOIN customers c ON c.id = q.customer_id WHERE c.phone = ${chatId} AND q.state = 'shown'`;
          return q ?? null;
        },
        { timeoutMs: 120_000 },
      );
      chats.push({ chatId, number: row.number, quotationId: row.id });
    }),
  );
  await jobsIdle();
  return chats;
}

function post(chatId: string, text: string): Promise<void> {
  return postText(target, chatId, text, { name: "Bench" });
}

async function salesOrders(reference: string): Promise<unknown[]> {
  return ((await (await fetch(`${zohoUrl}/__control/salesorders?reference_number=${reference}`)).json()) as { salesorders: unknown[] }).salesorders;
}

async function zohoCounts(): Promise<{ apiCalls: number; crmCalls: number }> {
  return (await (await fetch(`${zohoUrl}/__control/requests`)).json()) as { apiCalls: number; crmCalls: number };
}

async function jobsIdle(): Promise<void> {
  await until("Zoho jobs to settle", async () => (await sql`SELECT count(*)::int AS n FROM zoho_jobs WHERE status IN ('queued','running')`)[0]!.n === 0, { timeoutMs: 10 * 60_000 });
}

function median(values: number[]): number {
  return summarize(values).p50;
}
