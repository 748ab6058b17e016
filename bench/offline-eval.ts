import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { say } from "../test/harness/chat";
import { startTestStack } from "../test/harness/node/stack";
import { until } from "../test/harness/poll";
import { standInControl } from "../test/harness/stand-ins";
import { newChatId, postText, wazzupChat } from "../test/harness/wazzup";

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
console.log("Starting the local stack in offline mode…");
const evaluation = await startTestStack({
  name: "offline-eval",
  port: Number(process.env.EVAL_PORT ?? 8796),
  set: { REPLY_DEBOUNCE_MS: "0" },
  unset: ["OPENROUTER_API_KEY", "WAZZUP_API_URL", "ZOHO_REFRESH_TOKEN"],
  database: "scratch",
  log: () => undefined,
});
const { stack, sql, target } = evaluation;

const totals = { turns: 0, intentsRight: 0, budgetTurns: 0, budgetRespected: 0, ordersExpected: 0, ordersCompleted: 0, replyChecks: 0, repliesRight: 0, noOrderExpected: 0, noOrderRight: 0 };
const misses: string[] = [];
try {
  await evaluation.syncsEnded();
  for (const conversation of conversations) await play(conversation);
} finally {
  await evaluation.stop();
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
  const chatId = newChatId();
  let quotation: string | null = null;
  if (verbose) console.log(`\n=== ${conversation.id}`);
  for (const turn of conversation.turns) {
    const messageId = randomUUID();
    const reply = await answered(chatId, messageId, turn.say).catch(() => null);
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
  const ordered = quotation ? await until(`sale order ${quotation}`, async () => (await salesOrders(quotation!)).length > 0, { timeoutMs: 20_000 }).catch(() => false) : false;
  if (ordered) totals.ordersCompleted++;
  else misses.push(`${conversation.id}: no sale order (quotation ${quotation ?? "never made"})`);
}

/** The customer's turn (with its message id) through the webhook, its reply (harness `say`, within 15 s), once the turn's record is written too. */
async function answered(chatId: string, messageId: string, text: string): Promise<string> {
  const chat = wazzupChat(target, chatId, { replyWithinMs: 15_000 });
  const reply = await say({ ...chat, post: (words) => postText(target, chatId, words, { name: "Eval Customer", messageId }) }, text);
  // The turn's record is written just after the reply is sent.
  await until("the turn's record", async () => (await sql`SELECT 1 FROM agent_turns WHERE reply_crm_message_id = ${`reply-${messageId}`}`).length > 0, { timeoutMs: 10_000 }).catch(() => false);
  return reply;
}

async function salesOrders(reference: string): Promise<unknown[]> {
  return (await standInControl<{ salesorders: unknown[] }>(stack.zohoStandInUrl!, `/__control/salesorders?reference_number=${reference}`)).salesorders;
}
