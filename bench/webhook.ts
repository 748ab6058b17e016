import { randomUUID } from "node:crypto";
import type { LocalStack } from "../scripts/dev/stack";
import type { RecordedSend } from "../stand-ins/wazzup";
import { startTestStack } from "../test/harness/node/stack";
import { targetAt } from "../test/harness/target";
import { postWazzup, wazzupSent, wazzupText } from "../test/harness/wazzup";
import { cpuPhase, workerdPids } from "./cpu";
import { ms, summarize } from "./stats";

/**
 * `npm run bench`: drives the local stack (wrangler dev, Durable Objects, real Postgres, Wazzup
 * and OpenRouter stand-ins answering instantly, burst wait 0) and prints:
 *  1. webhook acknowledgement p50/p99 with 200 conversations writing at once (open loop);
 *  2. sustained throughput across 1,000 conversations, with lost and duplicated replies counted;
 *  3. the agent's own overhead from webhook to outgoing send (LLM stand-in time subtracted).
 * Sizes: BENCH_ACK_CONVERSATIONS (200), BENCH_ACK_INTERVAL_MS (2000), BENCH_ACK_SECONDS (10), BENCH_RATE (200/s),
 * BENCH_SECONDS (20), BENCH_CONVERSATIONS (1000), BENCH_OVERHEAD_SAMPLES (60); BENCH_PHASES picks
 * phases (ack,throughput,overhead,cpu); BENCH_DEBOUNCE_MS=600000 measures acknowledgement alone.
 *  4. (cpu) Worker CPU per inbound message answered, against an empty webhook request in the same
 *     run (workerd threads' run time from /proc), with the settings preRetrieval and continuedTurns
 *     off and on (BENCH_CPU_MODES "off,on"; BENCH_CPU_SAMPLES rounds each, 40): bench/cpu.ts.
 */
const config = {
  ackConversations: Number(process.env.BENCH_ACK_CONVERSATIONS ?? 200),
  ackIntervalMs: Number(process.env.BENCH_ACK_INTERVAL_MS ?? 2000),
  ackSeconds: Number(process.env.BENCH_ACK_SECONDS ?? 10),
  rate: Number(process.env.BENCH_RATE ?? 200),
  seconds: Number(process.env.BENCH_SECONDS ?? 20),
  conversations: Number(process.env.BENCH_CONVERSATIONS ?? 1000),
  overheadSamples: Number(process.env.BENCH_OVERHEAD_SAMPLES ?? 60),
};

const phases = (process.env.BENCH_PHASES ?? "ack,throughput,overhead").split(",");
const debounceMs = process.env.BENCH_DEBOUNCE_MS ?? "0";
console.log("Starting the local stack for the benchmark…");
const bench = await startTestStack({
  name: "bench",
  port: Number(process.env.BENCH_PORT ?? 8797),
  set: { REPLY_DEBOUNCE_MS: debounceMs },
  unset: ["OPENROUTER_API_KEY", "WAZZUP_API_URL"],
  database: "scratch",
  llmStandIn: true,
  transcribeStandIn: true,
  // The benchmark measures our side; one real Wazzup key allows 100 sends/s (noted in the output).
  wazzupRateLimit: { requests: 1_000_000, windowMs: 5000 },
});
const { stack, sql } = bench;
console.log(`database: ${stack.services.databaseKind}; worker: ${stack.workerUrl}\n`);

try {
  if (debounceMs === "0") await warmUp(stack);
  if (phases.includes("ack")) await ackLatency(stack);
  if (phases.includes("throughput")) await throughput(stack);
  if (phases.includes("overhead")) await overhead(stack);
  if (phases.includes("cpu")) await cpuPerMessage(stack);
} finally {
  await bench.stop();
}

function chatIdFor(run: string, i: number): string {
  return `97150${run}${String(i).padStart(5, "0")}`;
}

async function post(stack: LocalStack, chatId: string, text: string, messageId = randomUUID()): Promise<{ status: number; ms: number }> {
  const target = targetAt(stack);
  const started = performance.now();
  const response = await postWazzup(target, { messages: [wazzupText(target, chatId, text, { messageId, name: "Bench" })] });
  await response.arrayBuffer();
  return { status: response.status, ms: performance.now() - started };
}

function sent(stack: LocalStack): Promise<RecordedSend[]> {
  return wazzupSent(targetAt(stack));
}

async function waitForDrain(expectedLastIds: Map<string, string>, timeoutMs = 180_000): Promise<number> {
  const started = Date.now();
  for (;;) {
    const replies = new Set((await sent(stack)).map((m) => m.crmMessageId));
    const missing = [...expectedLastIds.values()].filter((id) => !replies.has(`reply-${id}`)).length;
    if (missing === 0 || Date.now() - started > timeoutMs) return missing;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function warmUp(stack: LocalStack): Promise<void> {
  const last = new Map<string, string>();
  await Promise.all(
    Array.from({ length: 20 }, async (_, i) => {
      const id = randomUUID();
      last.set(chatIdFor("9", i), id);
      await post(stack, chatIdFor("9", i), "warm up: office chair", id);
    }),
  );
  await waitForDrain(last);
}

/** Open loop: each conversation writes every `ackIntervalMs`, starts staggered, turns running meanwhile. */
async function ackLatency(stack: LocalStack): Promise<void> {
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  const lastIds = new Map<string, string>();
  const sends: Promise<void>[] = [];
  const perConversation = Math.max(1, Math.round((config.ackSeconds * 1000) / config.ackIntervalMs));
  for (let i = 0; i < config.ackConversations; i++) {
    const offset = (i * config.ackIntervalMs) / config.ackConversations;
    for (let m = 0; m < perConversation; m++) {
      const chatId = chatIdFor("1", i);
      const id = randomUUID();
      lastIds.set(chatId, id);
      sends.push(
        new Promise<void>((resolve) => setTimeout(resolve, offset + m * config.ackIntervalMs)).then(async () => {
          const result = await post(stack, chatId, m % 2 ? "need a mesh chair" : "black please", id);
          latencies.push(result.ms);
          if (result.status !== 200) errors++;
        }),
      );
    }
  }
  await Promise.all(sends);
  const seconds = (performance.now() - started) / 1000;
  const missing = await waitForDrain(lastIds);
  const s = summarize(latencies);
  const rate = (config.ackConversations * 1000) / config.ackIntervalMs;
  console.log(`1. Webhook acknowledgement: ${config.ackConversations} conversations writing at once, each every ${config.ackIntervalMs} ms (${rate.toFixed(0)} msg/s offered, ${s.n} messages, replies generated meanwhile)`);
  console.log(`   p50 ${ms(s.p50)}  p95 ${ms(s.p95)}  p99 ${ms(s.p99)}  max ${ms(s.max)}  non-200: ${errors}  (${(s.n / seconds).toFixed(0)} msg/s acknowledged; unanswered after drain: ${missing})\n`);
}

async function throughput(stack: LocalStack): Promise<void> {
  const total = config.rate * config.seconds;
  const lastIds = new Map<string, string>();
  const inboundIds: string[] = [];
  const latencies: number[] = [];
  let errors = 0;
  const before = (await sent(stack)).length;
  const started = performance.now();
  const inflight: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / config.rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const chatId = chatIdFor("2", i % config.conversations);
    const id = randomUUID();
    lastIds.set(chatId, id);
    inboundIds.push(id);
    inflight.push(
      post(stack, chatId, ["need desks", "a walnut one", "with drawers", "what about chairs"][i % 4]!, id).then((r) => {
        latencies.push(r.ms);
        if (r.status !== 200) errors++;
      }),
    );
  }
  await Promise.all(inflight);
  const ackSeconds = (performance.now() - started) / 1000;
  const missing = await waitForDrain(lastIds);
  const drainSeconds = (performance.now() - started) / 1000;
  const all = (await sent(stack)).slice(before);
  const crmIds = all.map((m) => m.crmMessageId);
  const duplicated = crmIds.length - new Set(crmIds).size;
  const stored = await sql`select count(*)::int as n from messages where provider_message_id = any(${inboundIds})`;
  const s = summarize(latencies);
  console.log(`2. Throughput: ${total} messages offered at ${config.rate}/s across ${config.conversations} conversations`);
  console.log(`   acknowledged ${(total / ackSeconds).toFixed(0)} msg/s (non-200: ${errors}); ack p50 ${ms(s.p50)} p99 ${ms(s.p99)}`);
  console.log(`   replies sent: ${all.length} (bursts answered together); all answered after ${drainSeconds.toFixed(1)} s`);
  console.log(`   unanswered when the 180 s drain timer ran out: ${missing} conversations; duplicated replies: ${duplicated}; inbound rows in Postgres: ${stored[0]!.n}/${total}`);
  console.log(`   note: one Wazzup API key allows 500 sends per 5 s (100/s); the stand-in's limit is lifted here\n`);
}

type TurnKind = "plain" | "burst" | "voice";

/** Posts one turn's messages and returns the time from the last post to the reply at Wazzup. */
async function oneTurn(stack: LocalStack, kind: TurnKind, chatId: string): Promise<{ e2e: number; replyId: string } | null> {
  const ids = kind === "burst" ? [randomUUID(), randomUUID(), randomUUID()] : [randomUUID()];
  const before = (await sent(stack)).length;
  let postedAt = 0;
  if (kind === "voice") {
    const upload = await fetch(`${stack.wazzupStandInUrl}/__control/media`, { method: "POST", body: "stand-in-audio:ergonomic chair under 1000 AED" });
    const { contentUri } = (await upload.json()) as { contentUri: string };
    const target = targetAt(stack);
    const message = { ...wazzupText(target, chatId, "", { messageId: ids[0] }), type: "audio", text: null, contentUri };
    postedAt = Date.now();
    await postWazzup(target, { messages: [message] }).then((r) => r.arrayBuffer());
  } else {
    const texts = kind === "burst" ? ["hi", "need a chair", "mesh, black"] : ["ergonomic chair under 1000 AED"];
    for (let i = 0; i < ids.length; i++) {
      postedAt = Date.now();
      await post(stack, chatId, texts[i]!, ids[i]);
    }
  }
  const replyId = `reply-${ids[ids.length - 1]}`;
  for (let tries = 0; tries < 2000; tries++) {
    const reply = (await sent(stack)).slice(before).find((m) => m.crmMessageId === replyId);
    if (reply) return { e2e: reply.receivedAt - postedAt, replyId };
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  return null;
}

async function overhead(stack: LocalStack): Promise<void> {
  console.log(`3. Agent overhead, last webhook to outgoing send (${config.overheadSamples} sequential turns each, burst wait 0, instant stand-ins; LLM time subtracted)`);
  for (const [k, kind] of (["plain", "burst", "voice"] as const).entries()) {
    const e2e: number[] = [];
    const replyIds: string[] = [];
    for (let i = 0; i < config.overheadSamples; i++) {
      const result = await oneTurn(stack, kind, chatIdFor(String(3 + k), i));
      if (result) {
        e2e.push(result.e2e);
        replyIds.push(result.replyId);
      }
    }
    const turns = await sql<{ reply_crm_message_id: string; llm_ms: number; total_ms: number }[]>`
      select reply_crm_message_id, llm_ms, total_ms from agent_turns where reply_crm_message_id = any(${replyIds})`;
    const llmById = new Map(turns.map((t) => [t.reply_crm_message_id, t.llm_ms]));
    const own = summarize(e2e.map((value, i) => value - (llmById.get(replyIds[i]!) ?? 0)));
    const total = summarize(e2e);
    const llm = summarize(turns.map((t) => t.llm_ms));
    console.log(
      `   ${kind.padEnd(5)}  end to end p50 ${ms(total.p50)} p99 ${ms(total.p99)}; LLM stand-in p50 ${ms(llm.p50)}; own overhead p50 ${ms(own.p50)} p99 ${ms(own.p99)}  (${e2e.length}/${config.overheadSamples} answered)`,
    );
  }
  console.log("   target: own overhead median under 150 ms");
}

async function cpuPerMessage(stack: LocalStack): Promise<void> {
  const pid = stack.workerPid;
  if (!pid) return console.log("4. Worker CPU: the worker's process id is unknown; skipped");
  // The first catalog sync and knowledge indexing run in the same workerd; measure after them.
  for (let i = 0; i < 600 && (await sql`select count(*)::int as n from catalog_sync_runs where status in ('queued','running','interrupted')`)[0]!.n > 0; i++) {
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  const webhook = `${stack.workerUrl}/api/v1/webhook/wazzup?token=${encodeURIComponent(stack.webhookToken)}`;
  await cpuPhase(
    {
      pids: workerdPids(pid),
      applyMode: async (flags) => {
        const response = await fetch(`${stack.workerUrl}/api/v1/admin/settings`, {
          method: "PATCH",
          headers: { authorization: `Bearer ${stack.adminToken}`, "content-type": "application/json" },
          body: JSON.stringify(flags),
        });
        await response.arrayBuffer();
        return response.ok;
      },
      empty: async () => {
        await (await fetch(webhook, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ messages: [] }) })).arrayBuffer();
      },
      message: async (chat) => {
        const chatId = `97150${chat}`;
        const id = randomUUID();
        await post(stack, chatId, "ergonomic chair under 1000 AED", id);
        // Long-poll the stand-in for this chat only, so the benchmark itself stays off the CPU meanwhile.
        for (let after = 0, tries = 0; tries < 20; tries++) {
          const response = await fetch(`${stack.wazzupStandInUrl}/__control/messages?chatId=${chatId}&after=${after}&waitMs=2000`);
          const { messages } = (await response.json()) as { messages: { seq: number; crmMessageId?: string }[] };
          if (messages.some((m) => m.crmMessageId === `reply-${id}`)) return true;
          after = Math.max(after, ...messages.map((m) => m.seq));
        }
        return false;
      },
    },
    Number(process.env.BENCH_CPU_SAMPLES ?? 40),
  );
}
