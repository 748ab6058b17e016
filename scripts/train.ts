/**
 * `npm run train`: trains the purchase model and prints its honest evaluation on the held-back
 * 30 days against recency alone. With `npm start` running it asks the stack for an analytics run
 * (the Zoho stand-in's demo history, or real Zoho) and prints what the run's model reports;
 * without one (or with `--local`) it generates the demo history in this process and trains on it
 * with the same modules. Either way it then times training on 10,000 generated customers.
 */
import { customerOrders } from "../src/core/analytics/model/features";
import { trainAndScore, type Evaluation } from "../src/core/analytics/model/train";
import { dayNumber } from "../src/core/analytics/segments";
import { generateHistory } from "../stand-ins/zoho-history";
import { DEMO_HISTORY_SEED } from "./dev/demo-history";
import { readStackInfo } from "./dev/local-config";

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

function explain(e: Evaluation & { trainingMs?: number }): string {
  const better = e.auc > e.baselineAuc;
  return [
    `held-back window ${e.window.from} → ${e.window.to}: ${e.customers} customers, ${e.positives} bought (${pct(e.positives / e.customers)})`,
    `AUC    model ${e.auc.toFixed(3)}   recency alone ${e.baselineAuc.toFixed(3)}   (${better ? "the model ranks buyers better" : "the model does NOT beat recency"})`,
    `Brier  model ${e.brier.toFixed(4)}  recency alone ${e.baselineBrier.toFixed(4)}  (lower is better)`,
    `calibration: mean predicted ${pct(e.meanPrediction)} vs observed ${pct(e.observedRate)}; ${e.trainingRows} training rows`,
    e.prospects
      ? `prospects (no standing order): first order within 30 days ${pct(e.prospects.rate)} over ${e.prospects.trainingRows} training rows; held back ${e.prospects.heldOutRate === null ? "none" : pct(e.prospects.heldOutRate)} (${e.prospects.buyers} of ${e.prospects.customers}); 12 months ${pct(e.prospects.rate12m)} × first order ${e.prospects.firstOrderMeanAed.toFixed(0)} AED`
      : "prospects: no one without a standing order to learn a first-purchase rate from",
    ...(e.trainingMs !== undefined ? [`training and scoring took ${e.trainingMs} ms`] : []),
  ].join("\n  ");
}

function histories(customers: number, seed: number) {
  const now = new Date();
  const generated = generateHistory({ customers, seed, now, years: 2 });
  const byContact = new Map<string, { date: string; status: string; totalAed: number }[]>();
  for (const o of generated.salesorders) {
    const list = byContact.get(o.customer_id) ?? [];
    list.push({ date: o.date, status: o.status, totalAed: o.total });
    byContact.set(o.customer_id, list);
  }
  // As the Worker sees them: each contact's created_time kept by the history sync (a UTC day).
  const list = generated.contacts.map((c) => customerOrders(c.contact_id, byContact.get(c.contact_id) ?? [], new Date(c.created_time.replace(/([+-]\d{2})(\d{2})$/, "$1:$2")).toISOString()));
  // For comparison: what the prospects' rate was before the sync kept creation dates.
  const undated = list.map(({ createdDay: _, ...c }) => c);
  return { today: dayNumber(now.toISOString()), customers: list, undated, orders: generated.salesorders.length };
}

function trainLocally(customers: number, seed: number): void {
  const { today, customers: list, undated, orders } = histories(customers, seed);
  const started = performance.now();
  const result = trainAndScore(list, today);
  const ms = performance.now() - started;
  console.log(`\n${customers} generated customers, ${orders} sale orders (seed ${seed}), trained in ${ms.toFixed(0)} ms:`);
  if (result.status === "insufficient") console.log(`  no model: ${result.reason}`);
  else {
    console.log(`  ${explain(result.evaluation)}`);
    const withoutDates = trainAndScore(undated, today);
    const p = withoutDates.status === "trained" ? withoutDates.evaluation.prospects : null;
    if (p) console.log(`  prospects without contacts' creation dates (before migration 0022): ${pct(p.rate)} over ${p.trainingRows} training rows; held back ${p.heldOutRate === null ? "none" : pct(p.heldOutRate)} (${p.buyers} of ${p.customers})`);
  }
}

async function trainOnStack(workerUrl: string, adminToken: string): Promise<boolean> {
  const headers = { authorization: `Bearer ${adminToken}`, "content-type": "application/json" };
  const started = await fetch(`${workerUrl}/api/v1/analytics/run`, { method: "POST", headers, body: "{}" }).catch(() => null);
  if (!started?.ok) return false;
  const { run } = (await started.json()) as { run: { id: string } };
  console.log(`analytics run ${run.id} on ${workerUrl}: syncing Zoho's history, then training…`);
  for (let i = 0; i < 600; i++) {
    const model = (await (await fetch(`${workerUrl}/api/v1/analytics/model`, { headers })).json()) as {
      status: string;
      reason: string | null;
      evaluation: (Evaluation & { trainingMs?: number }) | null;
      lastRun: { id: string; status: string; contactsSeen: number; ordersSeen: number; scored: number } | null;
    };
    const last = model.lastRun;
    if (last?.id === run.id && (last.status === "succeeded" || last.status === "failed")) {
      console.log(`run ${last.status}: ${last.contactsSeen} contacts and ${last.ordersSeen} sale orders read, ${last.scored} customers scored`);
      if (model.status === "trained" && model.evaluation) console.log(`  ${explain(model.evaluation)}`);
      else console.log(`  no model: ${model.reason}`);
      return true;
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  console.log("the run did not finish within 10 minutes");
  return true;
}

const stack = process.argv.includes("--local") ? null : readStackInfo();
const onStack = stack ? await trainOnStack(stack.workerUrl, stack.adminToken) : false;
if (!onStack) {
  console.log(stack ? "the running stack did not answer; training on the demo history here" : "no running stack (npm start); training on the demo history here");
  trainLocally(3000, DEMO_HISTORY_SEED);
}
// The Worker's budget: 10,000 customers must train within one queue invocation.
trainLocally(10_000, DEMO_HISTORY_SEED + 1);
