import { randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import postgres from "postgres";
import { startScratchDatabase } from "../scripts/dev/scratch-database";
import { startLocalStack } from "../scripts/dev/stack";
import { inboundTextMessage } from "../stand-ins/wazzup-messages";

/**
 * `npm run eval:offline`: the held-back offline conversations of `data/offline-conversations.json`
 * played against the local stack with no LLM (offline mode), through the webhook, as customers.
 * Prints intent accuracy (what the rules understood, from each turn's record), budget respected
 * (every product a budget reply lists is within the stated budget, and it lists some), and orders
 * completed (a Zoho sale order exists for the conversation's quotation; none when `expectOrder` is
 * false), and replies that must or must not say something (`replyIncludes` / `replyExcludes`).
 * Exits 1 on any miss. EVAL_VERBOSE=1 prints the conversations; EVAL_ONLY=<id> plays one.
 */
interface Turn {
  say: string;
  intent: string;
  maxPrice?: number;
  /** Patterns (case-insensitive regular expressions) the reply must contain / must not contain. */
  replyIncludes?: string[];
  replyExcludes?: string[];
}
interface Conversation {
  id: string;
  turns: Turn[];
  expectOrder: boolean;
}

const conversations = (JSON.parse(readFileSync("data/offline-conversations.json", "utf8")) as Conversation[]).filter((c) => !process.env.EVAL_ONLY || c.id === process.env.EVAL_ONLY);
const verbose = Boolean(process.env.EVAL_VERBOSE);
const stateDir = mkdtempSync(join(tmpdir(), "wa-agent-offline-eval-"));
const env: Record<string, string | undefined> = { ...process.env, REPLY_DEBOUNCE_MS: "0" };
for (const name of ["OPENROUTER_API_KEY", "WAZZUP_API_URL", "ZOHO_REFRESH_TOKEN"]) delete env[name];
console.log("Starting the local stack in offline mode…");
const stack = await startLocalStack({
  stateDir,
  port: Number(process.env.EVAL_PORT ?? 8796),
  env,
  createDatabase: env.DATABASE_URL ? undefined : () => startScratchDatabase("wa_agent_offline_eval"),
  log: () => undefined,
});
const sql = postgres(stack.services.databaseUrl, { max: 2, onnotice: () => undefined });

const totals = { turns: 0, intentsRight: 0, budgetTurns: 0, budgetRespected: 0, ordersExpected: 0, ordersCompleted: 0, replyChecks: 0, repliesRight: 0, noOrderExpected: 0, noOrderRight: 0 };
const misses: string[] = [];
try {
  await waitFor("the first catalog sync", async () => (await sql`SELECT count(*)::int AS n FROM catalog_sync_runs WHERE status IN ('queued','running','interrupted')`)[0]!.n === 0);
  for (const conversation of conversations) await play(conversation);
} finally {
  await sql.end();
  await stack.stop();
  rmSync(stateDir, { recursive: true, force: true });
}

const percent = (n: number, d: number) => (d === 0 ? "n/a" : `${((100 * n) / d).toFixed(1)}%`);
console.log(`
Offline set: ${conversations.length} conversations, ${totals.turns} customer turns
  intent accuracy   ${totals.intentsRight}/${totals.turns} = ${percent(totals.intentsRight, totals.turns)}
  budget respected  ${totals.budgetRespected}/${totals.budgetTurns} = ${percent(totals.budgetRespected, totals.budgetTurns)} (every listed price within the budget, at least one listed)
  orders completed  ${totals.ordersCompleted}/${totals.ordersExpected} = ${percent(totals.ordersCompleted, totals.ordersExpected)} (a Zoho sale order for the conversation's quotation)
  no order placed   ${totals.noOrderRight}/${totals.noOrderExpected} = ${percent(totals.noOrderRight, totals.noOrderExpected)} (conversations that must not end in a sale order)
  replies right     ${totals.repliesRight}/${totals.replyChecks} = ${percent(totals.repliesRight, totals.replyChecks)} (say what they must, not what they must not)`);
if (misses.length) {
  console.log(`\nMisses:\n${misses.map((m) => `  ${m}`).join("\n")}`);
  process.exitCode = 1;
} else console.log("\nNo misses.");

async function play(conversation: Conversation): Promise<void> {
  const chatId = `9715${Math.floor(Math.random() * 1e8).toString().padStart(8, "0")}`;
  let quotation: string | null = null;
  if (verbose) console.log(`\n=== ${conversation.id}`);
  for (const turn of conversation.turns) {
    const messageId = randomUUID();
    const reply = await say(chatId, messageId, turn.say).catch(() => null);
    if (reply === null) {
      // No answer: the chat went to a manager (handoff rules) and the bot stays quiet.
      totals.turns++;
      misses.push(`${conversation.id}: "${turn.say}" got no reply (the chat was handed off earlier)`);
      continue;
    }
    quotation = /(Q-\d{6})/.exec(reply)?.[1] ?? quotation;
    const [record] = await sql<{ tool_calls: { name: string }[] }[]>`SELECT tool_calls FROM agent_turns WHERE reply_crm_message_id = ${`reply-${messageId}`}`;
    const understood = record?.tool_calls.find((c) => c.name.startsWith("understood:"))?.name.slice("understood:".length) ?? "(none)";
    totals.turns++;
    if (understood === turn.intent) totals.intentsRight++;
    else misses.push(`${conversation.id}: "${turn.say}" understood as ${understood}, expected ${turn.intent}`);
    if (turn.maxPrice !== undefined) {
      totals.budgetTurns++;
      const prices = [...reply.matchAll(/^\d\. .*\([A-Z]{2,}(?:-[A-Z0-9]+)+\): ([\d,.]+) (?:AED|درهم)/gm)].map((m) => Number(m[1]!.replace(/,/g, "")));
      if (prices.length > 0 && prices.every((p) => p <= turn.maxPrice!)) totals.budgetRespected++;
      else misses.push(`${conversation.id}: "${turn.say}" listed ${prices.length ? prices.join(", ") : "nothing"} for a budget of ${turn.maxPrice}`);
    }
    if (turn.replyIncludes || turn.replyExcludes) {
      totals.replyChecks++;
      const wrong = [
        ...(turn.replyIncludes ?? []).filter((p) => !new RegExp(p, "iu").test(reply)).map((p) => `lacks /${p}/`),
        ...(turn.replyExcludes ?? []).filter((p) => new RegExp(p, "iu").test(reply)).map((p) => `says /${p}/`),
      ];
      if (wrong.length === 0) totals.repliesRight++;
      else misses.push(`${conversation.id}: the reply to "${turn.say}" ${wrong.join(", ")}: ${JSON.stringify(reply.slice(0, 300))}`);
    }
    if (verbose) console.log(`you> ${turn.say}\n[${understood}] ${reply}\n`);
  }
  if (!conversation.expectOrder) {
    totals.noOrderExpected++;
    if (!quotation) {
      totals.noOrderRight++;
      return;
    }
    // The turns are done: a confirmation would already have moved the quotation on.
    const [row] = await sql<{ state: string }[]>`SELECT state FROM quotations WHERE number = ${quotation}`;
    if (row && !["confirmed", "ordered"].includes(row.state)) totals.noOrderRight++;
    else misses.push(`${conversation.id}: ${quotation} was ${row?.state ?? "not found"}, no order expected`);
    return;
  }
  totals.ordersExpected++;
  const ordered = quotation ? await waitFor(`sale order ${quotation}`, async () => (await salesOrders(quotation!)).length > 0, 20_000).catch(() => false) : false;
  if (ordered) totals.ordersCompleted++;
  else misses.push(`${conversation.id}: no sale order (quotation ${quotation ?? "never made"})`);
}

async function say(chatId: string, messageId: string, text: string): Promise<string> {
  const before = await sentCount(chatId);
  const response = await fetch(`${stack.workerUrl}/api/v1/webhook/wazzup?token=${encodeURIComponent(stack.webhookToken)}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ messages: [inboundTextMessage({ channelId: stack.channelId, chatId, text, messageId, name: "Eval Customer" })] }),
  });
  if (response.status !== 200) throw new Error(`webhook answered ${response.status}`);
  await waitFor(`a reply to "${text}"`, async () => (await sentCount(chatId)) > before, 15_000);
  // The turn's record is written just after the reply is sent.
  await waitFor("the turn's record", async () => (await sql`SELECT 1 FROM agent_turns WHERE reply_crm_message_id = ${`reply-${messageId}`}`).length > 0, 10_000).catch(() => false);
  const body = (await (await fetch(`${stack.wazzupStandInUrl}/__control/messages?chatId=${chatId}`)).json()) as { messages: { text?: string }[] };
  return body.messages.slice(before).map((m) => m.text ?? "").join("\n");
}

async function sentCount(chatId: string): Promise<number> {
  return ((await (await fetch(`${stack.wazzupStandInUrl}/__control/messages?chatId=${chatId}`)).json()) as { messages: unknown[] }).messages.length;
}

async function salesOrders(reference: string): Promise<unknown[]> {
  return ((await (await fetch(`${stack.zohoStandInUrl}/__control/salesorders?reference_number=${reference}`)).json()) as { salesorders: unknown[] }).salesorders;
}

async function waitFor(what: string, probe: () => Promise<boolean>, timeoutMs = 120_000): Promise<true> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await probe()) return true;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
