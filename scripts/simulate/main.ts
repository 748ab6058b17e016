import { join } from "node:path";
import { parseArgs } from "node:util";
import { localAdmin } from "../dev/local-admin";
import { customerModel } from "./customer";
import { loadPersonas, selectPersonas } from "./personas";
import { resultTable, writeTranscripts } from "./report";
import { passed, runSimulation } from "./run";
import { simulationStack } from "./stack";
import { signIn } from "./staff";

/**
 * `npm run simulate`: simulated customers (data/personas.json) talk to the agent on the local
 * stack; each persona's criteria are checked in code against what the product recorded, read
 * through the staff API as the local admin; the quality reviewer judges each conversation when the
 * stack has one. Prints a pass/fail table, writes transcripts to reports/simulations/, exits 1
 * when any persona fails. Flags: --persona id[,id], --turns N, --url http://127.0.0.1:8787,
 * --personas path/to/personas.json.
 */
const { values } = parseArgs({
  options: { persona: { type: "string" }, turns: { type: "string" }, url: { type: "string" }, personas: { type: "string" } },
});
const turns = values.turns === undefined ? undefined : Number(values.turns);
if (turns !== undefined && (!Number.isInteger(turns) || turns < 1 || turns > 20)) fail(`--turns must be a whole number from 1 to 20, got "${values.turns}"`);

const personas = (() => {
  try {
    return selectPersonas(loadPersonas(values.personas ?? "data/personas.json"), values.persona);
  } catch (error) {
    return fail((error as Error).message);
  }
})();

const log = (line: string) => console.log(line);
const stack = await simulationStack(values.url, process.env, log).catch((error: Error) => fail(`could not reach or start a stack: ${error.message.split("\n")[0]}`));
const customer = await customerModel(process.env);
let exitCode = 1;
try {
  // The local admin npm start creates (ADMIN_BOOTSTRAP_* in the environment win, as they do there).
  const admin = localAdmin();
  const staff = await signIn(stack.workerUrl, process.env.ADMIN_BOOTSTRAP_EMAIL ?? admin.email, process.env.ADMIN_BOOTSTRAP_PASSWORD ?? admin.password);
  console.log(`Simulating ${personas.length} persona(s) against ${stack.workerUrl} (agent LLM: ${stack.llmMode}; customers: ${customer.label})\n`);
  const results = await runSimulation(personas, {
    stack,
    staff,
    customer,
    turns,
    onTurn: (persona, line) => console.log(`  [${persona.id}] ${line.from}: ${line.text.split("\n")[0]!.slice(0, 110)}`),
  });
  console.log(`\n${resultTable(results)}\n`);
  const paths = writeTranscripts(results, join("reports", "simulations"), customer.label);
  console.log(`Transcripts: ${paths.length} file(s) in reports/simulations/`);
  exitCode = results.every(passed) ? 0 : 1;
} catch (error) {
  console.error(`npm run simulate failed: ${(error as Error).message}`);
} finally {
  await customer.close();
  await stack.release();
}
process.exit(exitCode);

function fail(message: string): never {
  console.error(`npm run simulate: ${message}`);
  process.exit(2);
}
