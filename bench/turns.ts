import { randomUUID } from "node:crypto";
import type { RecordedCompletion } from "../stand-ins/openrouter";
import { errorsOnly, startTestStack } from "../test/harness/node/stack";
import { until } from "../test/harness/poll";
import { openRouterRequests } from "../test/harness/stand-ins";
import { asAdmin } from "../test/harness/target";
import { postText, wazzupSent } from "../test/harness/wazzup";
import { percentile } from "./stats";
import { CONVERSATIONS, RETRIEVAL_SETS, SETS, type ScriptedConversation, type ScriptSet } from "./turns-script";

/**
 * `npm run bench:turns`: fixed scripted conversations (bench/turns-script.ts: catalog and knowledge
 * questions, quotations, Arabic, bursts) against the local stack, with the OpenRouter stand-in
 * playing the scripted salesperson and taking a realistic time per call (BENCH_LLM_BASE_MS, 700,
 * plus BENCH_LLM_MS_PER_TOKEN, 20, per completion token; prompt tokens estimated from the request,
 * OpenAI-style prompt caching simulated). It runs the set twice in one stack, "before" with the
 * agent settings `preRetrieval` and `continuedTurns` off and "after" with them on, and prints side
 * by side: model calls per reply, prompt (cached) and completion tokens per reply, cost per reply,
 * time from the customer's last message to the reply (p50, p95), replies that needed a correction
 * round, and how often the pre-run search was made and used.
 * Questions run with burst wait 0; bursts with BENCH_BURST_WAIT_MS (1500, the product's default)
 * and messages BENCH_BURST_GAP_MS (2000) apart. BENCH_REPEAT (2) runs the set that many times.
 */
const latency = { baseMs: Number(process.env.BENCH_LLM_BASE_MS ?? 700), perOutputTokenMs: Number(process.env.BENCH_LLM_MS_PER_TOKEN ?? 20) };
const burstGapMs = Number(process.env.BENCH_BURST_GAP_MS ?? 2000);
const burstWaitMs = Number(process.env.BENCH_BURST_WAIT_MS ?? 1500);
const repeat = Number(process.env.BENCH_REPEAT ?? 2);

// Settings are read at most every second (a changed flag applies after it), as the product reads them every 15 s.
const SETTINGS_TTL_MS = 1000;
console.log(`Starting the local stack (model: ${latency.baseMs} ms + ${latency.perOutputTokenMs} ms per output token)…`);
const errors = errorsOnly(/zoho_sync\.job_failed|dense_unavailable/);
const bench = await startTestStack({
  name: "turns-bench",
  port: Number(process.env.BENCH_PORT ?? 8799),
  set: { REPLY_DEBOUNCE_MS: "0", SETTINGS_TTL_MS: String(SETTINGS_TTL_MS) },
  unset: ["OPENROUTER_API_KEY", "WAZZUP_API_URL", "ZOHO_REFRESH_TOKEN"],
  database: "scratch",
  llmStandIn: true,
  scriptedSalesperson: true,
  llmLatency: latency,
  wazzupRateLimit: { requests: 1_000_000, windowMs: 5000 },
  log: (line) => (process.env.BENCH_VERBOSE ? console.log(`  ${line}`) : errors(line)),
});
const { stack, sql, target } = bench;

interface ConversationResult {
  set: ScriptSet;
  replyIds: string[];
  replyMs: number[];
  calls: RecordedCompletion[];
}

/** The sets, the retrieval questions together, the scripted set without bursts, and everything. */
type RowKey = ScriptSet | "questions" | "scripted" | "all";
const ROWS: readonly RowKey[] = [...SETS, "questions", "scripted", "all"];

interface TurnRow {
  reply_crm_message_id: string;
  tool_calls: { name: string; prefetched?: boolean }[];
}

let chatCounter = 0;
let currentBurstWait = -1;
try {
  await bench.syncsEnded();
  const flagged = await patchSettings({ preRetrieval: false, continuedTurns: false });
  const modes: { name: string; flags: Record<string, boolean> | null }[] = flagged
    ? [
        { name: "before", flags: { preRetrieval: false, continuedTurns: false } },
        { name: "after", flags: { preRetrieval: true, continuedTurns: true } },
      ]
    : [{ name: "today", flags: null }];
  const tables: { name: string; rows: Map<RowKey, Figures> }[] = [];
  for (const mode of modes) {
    if (mode.flags) await patchSettings(mode.flags);
    console.log(`Running ${CONVERSATIONS.length * repeat} conversations: ${mode.name}${mode.flags ? ` (${JSON.stringify(mode.flags)})` : ""}…`);
    const results: ConversationResult[] = [];
    for (let r = 0; r < repeat; r++) {
      for (const conversation of CONVERSATIONS) results.push(await run(conversation));
    }
    tables.push({ name: mode.name, rows: await figures(results) });
  }
  print(tables);
} finally {
  await bench.stop();
}

async function run(conversation: ScriptedConversation): Promise<ConversationResult> {
  const chatId = `97155${process.pid % 1000}${String(++chatCounter).padStart(5, "0")}`;
  const wait = conversation.set === "bursts" ? burstWaitMs : 0;
  if (wait !== currentBurstWait) await patchSettings({ burstWaitMs: wait });
  currentBurstWait = wait;
  const started = Date.now();
  const replyMs: number[] = [];
  for (const step of conversation.steps) {
    let lastId = "";
    let postedAt = 0;
    for (const [i, text] of step.entries()) {
      if (i > 0) await new Promise((resolve) => setTimeout(resolve, burstGapMs));
      lastId = randomUUID();
      postedAt = Date.now();
      await postText(target, chatId, text, { messageId: lastId, name: `Customer ${chatCounter}` });
    }
    const reply = await until(`the reply to ${JSON.stringify(step[step.length - 1])}`, async () => (await wazzupSent(target)).find((m) => m.crmMessageId === `reply-${lastId}`), { everyMs: 20, timeoutMs: 120_000 });
    replyMs.push(reply.receivedAt - postedAt);
  }
  // The turn's record is written after the reply is sent: wait for it, so its calls are this conversation's.
  const replyIds = (await wazzupSent(target, { chatId })).filter((m) => m.crmMessageId?.startsWith("reply-")).map((m) => m.crmMessageId!);
  await until("the turns' records", async () => (await sql`SELECT count(*)::int AS n FROM agent_turns WHERE reply_crm_message_id = ANY(${replyIds})`)[0]!.n === replyIds.length, { everyMs: 20, timeoutMs: 120_000 });
  const ended = Date.now();
  const calls = (await openRouterRequests(stack.services.openrouterUrl!, "")).filter((c) => c.receivedAt >= started && c.receivedAt <= ended && c.usage);
  return { set: conversation.set, replyIds, replyMs, calls };
}

interface Figures {
  conversations: number;
  replies: number;
  calls: number;
  promptTokens: number;
  cachedTokens: number;
  completionTokens: number;
  cost: number;
  replyMs: number[];
  callMs: number[];
  corrected: number;
  prefetched: number;
  prefetchUsed: number;
  modelSearched: number;
}

async function figures(results: ConversationResult[]): Promise<Map<RowKey, Figures>> {
  const turns = await sql<TurnRow[]>`SELECT reply_crm_message_id, tool_calls FROM agent_turns WHERE reply_crm_message_id = ANY(${results.flatMap((r) => r.replyIds)})`;
  const byReply = new Map(turns.map((t) => [t.reply_crm_message_id, t.tool_calls]));
  const rows = new Map<RowKey, Figures>();
  for (const key of ROWS) {
    const chosen = results.filter(
      (r) => key === "all" || r.set === key || (key === "questions" && RETRIEVAL_SETS.includes(r.set)) || (key === "scripted" && r.set !== "bursts"),
    );
    const calls = chosen.flatMap((r) => r.calls);
    const traces = chosen.flatMap((r) => r.replyIds.map((id) => byReply.get(id) ?? []));
    const searches = (trace: TurnRow["tool_calls"]) => trace.filter((c) => c.name === "search_products" || c.name === "search_knowledge");
    rows.set(key, {
      conversations: chosen.length,
      replies: chosen.reduce((n, r) => n + r.replyIds.length, 0),
      calls: calls.length,
      promptTokens: sum(calls.map((c) => c.usage!.promptTokens)),
      cachedTokens: sum(calls.map((c) => c.usage!.cachedTokens)),
      completionTokens: sum(calls.map((c) => c.usage!.completionTokens)),
      cost: sum(calls.map((c) => c.usage!.cost)),
      replyMs: chosen.flatMap((r) => r.replyMs),
      callMs: calls.map((c) => c.usage!.ms),
      corrected: traces.filter((t) => t.some((c) => c.name === "check:figure_correction")).length,
      prefetched: traces.filter((t) => searches(t).some((c) => c.prefetched)).length,
      // Used: the model answered from the pre-run results without searching again itself.
      prefetchUsed: traces.filter((t) => searches(t).some((c) => c.prefetched) && !searches(t).some((c) => !c.prefetched)).length,
      modelSearched: traces.filter((t) => searches(t).some((c) => !c.prefetched)).length,
    });
  }
  return rows;
}

function print(tables: { name: string; rows: Map<RowKey, Figures> }[]): void {
  console.log(`\nOne model call takes ${latency.baseMs} ms + ${latency.perOutputTokenMs} ms per output token. Figures per reply; times from the customer's last message.`);
  const header = ["set", ...tables.flatMap((t) => [`${t.name}`])];
  const lines: string[][] = [];
  const keys = ROWS;
  const metric = (label: string, value: (f: Figures) => string) => {
    lines.push([label, ""]);
    for (const key of keys) lines.push([`  ${key}`, ...tables.map((t) => value(t.rows.get(key)!))]);
  };
  metric("model calls per reply", (f) => `${ratio(f.calls, f.replies)}  (${f.calls}/${f.replies})`);
  metric("prompt tokens per reply (cached)", (f) => `${Math.round(f.promptTokens / f.replies)} (${Math.round(f.cachedTokens / f.replies)})`);
  metric("completion tokens per reply", (f) => `${Math.round(f.completionTokens / f.replies)}`);
  metric("cost per reply (USD)", (f) => `${(f.cost / f.replies).toFixed(6)}`);
  metric("time to reply p50 / p95", (f) => `${Math.round(percentile(f.replyMs, 50))} / ${Math.round(percentile(f.replyMs, 95))} ms`);
  metric("replies with a correction round", (f) => `${f.corrected}/${f.replies}`);
  metric("pre-run search made / used alone", (f) => `${f.prefetched}/${f.replies} / ${f.prefetched ? f.prefetchUsed : 0}`);
  metric("replies where the model searched itself", (f) => `${f.modelSearched}/${f.replies}`);
  const widths = [Math.max(...lines.map((l) => l[0]!.length)), ...tables.map((_, i) => Math.max(header[i + 1]!.length, ...lines.map((l) => (l[i + 1] ?? "").length)))];
  console.log(header.map((h, i) => h.padEnd(widths[i]!)).join("  "));
  for (const line of lines) console.log(line.map((cell, i) => cell.padEnd(widths[i]!)).join("  "));
  const questions = tables.map((t) => t.rows.get("questions")!);
  console.log(
    `\nTime to reply p50 for questions retrieval answers, over one model call's p50 in the same set: ${questions.map((q, i) => `${tables[i]!.name} ${Math.round(percentile(q.replyMs, 50))} / ${Math.round(percentile(q.callMs, 50))} ms = ${(percentile(q.replyMs, 50) / percentile(q.callMs, 50)).toFixed(2)}×`).join(", ")}`,
  );
  console.log("Targets: calls per reply ≤ 1.3 (scripted: every set but bursts) and ≤ 1.6 (bursts); reply p50 ≤ 1.3× one call for questions; prompt tokens per reply no more than before.");
}

async function patchSettings(patch: Record<string, unknown>): Promise<boolean> {
  const response = await asAdmin(target, "/api/v1/admin/settings", { method: "PATCH", headers: { "content-type": "application/json" }, body: JSON.stringify(patch) });
  await response.arrayBuffer();
  if (response.status === 400) return false;
  if (!response.ok) throw new Error(`PATCH settings answered ${response.status}`);
  // The worker reads settings at most every SETTINGS_TTL_MS.
  await new Promise((resolve) => setTimeout(resolve, SETTINGS_TTL_MS + 100));
  return true;
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

function ratio(a: number, b: number): string {
  return b ? (a / b).toFixed(2) : "n/a";
}
