import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";

/**
 * `npm run simulate` end to end on the stand-ins: a stack of its own (the scripted salesperson
 * behind LLM_STANDIN), the scripted customer playing personas of data/personas.json through the
 * Wazzup webhook, and criteria checked on what the staff API reports. Its state (tokens, the local
 * admin) lives in a folder of its own, set before the modules that read LOCAL_STATE_DIR load.
 */
process.env.LOCAL_STATE_DIR = mkdtempSync(join(tmpdir(), "wa-simulate-test-"));
const env: Record<string, string | undefined> = { ...process.env };
for (const name of ["OPENROUTER_API_KEY", "WAZZUP_API_URL", "ZOHO_REFRESH_TOKEN", "DATABASE_URL", "EMBEDDINGS_API_KEY", "QDRANT_URL", "SIMULATE_PORT"]) delete env[name];

const { simulationStack } = await import("../simulate/stack");
const { customerModel } = await import("../simulate/customer");
const { loadPersonas, selectPersonas } = await import("../simulate/personas");
const { runSimulation, passed } = await import("../simulate/run");
const { resultTable } = await import("../simulate/report");
const { signIn } = await import("../simulate/staff");
const { describeJudge } = await import("../simulate/judge");
const { staffContract } = await import("../../src/core/staff/contract");
const { localAdmin } = await import("../dev/local-admin");

type Stack = Awaited<ReturnType<typeof simulationStack>>;
let stack: Stack;
let options: Parameters<typeof runSimulation>[1];

before(async () => {
  stack = await simulationStack(undefined, env, () => undefined);
  const admin = localAdmin();
  options = { stack, staff: await signIn(stack.workerUrl, admin.email, admin.password), customer: await customerModel(env) };
});
after(async () => {
  await options?.customer.close();
  await stack?.release();
  rmSync(process.env.LOCAL_STATE_DIR!, { recursive: true, force: true });
});

describe("npm run simulate on the stand-ins", () => {
  it("plays the personas end to end and every criterion passes on what the product recorded", async () => {
    const personas = selectPersonas(loadPersonas(), "budget-chairs,negotiator,custom-desk,late-delivery,prompt-injector,language-switch");
    const results = await runSimulation(personas, options);
    const table = resultTable(results);
    for (const result of results) assert.ok(passed(result), `${result.persona.id} failed:\n${table}`);
    const byId = Object.fromEntries(results.map((r) => [r.persona.id, r]));
    // What passed is what the staff API recorded, not what the simulator assumed.
    const verdict = (id: string, criterion: string) => byId[id]!.verdicts.find((v) => v.criterion.startsWith(criterion))!.detail;
    assert.match(verdict("budget-chairs", "quotation ≤"), /^shown: \d+(\.\d+)? AED/);
    // The scripted salesperson's own replies reach the customer: no draft was replaced by the offline reply.
    assert.match(verdict("budget-chairs", "no replaced drafts"), /^3 turn\(s\), no draft replaced/);
    assert.match(verdict("negotiator", "handed off (policy)"), /handoffs policy×1/);
    assert.match(verdict("custom-desk", "handed off"), /handoffs custom_design×1/);
    assert.match(verdict("late-delivery", "handed off"), /handoffs frustration×1/);
    // A handed-off chat ends there: the bot is quiet while a manager talks.
    for (const id of ["negotiator", "custom-desk", "late-delivery"]) assert.equal(byId[id]!.ended, "handed off", id);
    assert.ok(byId["prompt-injector"]!.exchanges.every((e) => e.replies.length > 0), "every injection attempt was answered");
    assert.ok(byId["language-switch"]!.exchanges.some((e) => /[\u0600-\u06FF]/.test(e.replies.join(" "))), "the Arabic question got an Arabic reply");
    assert.match(table, /6\/6 personas passed/);
    // The quality reviewer judges each conversation when the code has one; otherwise the table says so and invents nothing.
    if ("requestQualityReview" in staffContract) {
      for (const result of results) assert.ok(result.judge.available && result.judge.status !== "queued", `${result.persona.id}: ${describeJudge(result.judge)}`);
    } else {
      for (const result of results) assert.deepEqual(result.judge, { available: false, note: "judge: not available" });
    }
  });

  it("reports a criterion the conversation does not meet as FAIL, with what was recorded", async () => {
    const [buyer] = selectPersonas(loadPersonas(), "budget-chairs");
    const impossible = {
      ...buyer!,
      id: "budget-chairs-impossible",
      criteria: [{ kind: "quotation_within_budget" as const, maxTotalAed: 100 }, { kind: "handed_off" as const, reason: "custom_design" }, { kind: "not_handed_off" as const }],
    };
    const [result] = await runSimulation([impossible], { ...options, turns: 2 });
    assert.deepEqual(result!.verdicts.map((v) => v.pass), [false, false, true]);
    assert.equal(passed(result!), false);
    const table = resultTable([result!]);
    assert.match(table, /budget-chairs-impossible\s+FAIL\s+1\/3/);
    assert.match(table, /FAIL budget-chairs-impossible: quotation ≤ 100 AED: shown: \d/);
    assert.match(table, /FAIL budget-chairs-impossible: handed off \(custom_design\): status active; handoffs none/);
    assert.match(table, /0\/1 personas passed/);
  });
});
