import { mkdirSync } from "node:fs";
import { followFirstSync } from "./first-sync";
import { signInHelp } from "./local-admin";
import { LOCAL_DIR } from "./local-config";
import { buildPanelIfNeeded, PANEL_DIST } from "./panel-build";
import { startPanelServer, type PanelServer } from "./panel-server";
import { startLocalStack, type LocalStack } from "./stack";
import { checkServices } from "./start-checks";
import { acquireStateLock, assertPortFree, secondInstancePorts, StartRefused } from "./start-guards";

/**
 * `npm start`: the whole product on this machine with no cloud account. Embedded Postgres (PGlite
 * with pgvector, data in .local/pgdata) unless DATABASE_URL is given; stand-ins for Wazzup when
 * WAZZUP_API_URL is not set, for Zoho (serving the demo catalog) when ZOHO_REFRESH_TOKEN is not,
 * for embeddings when EMBEDDINGS_API_KEY is not; offline LLM mode when OPENROUTER_API_KEY is not
 * set (or the scripted stand-in with LLM_STANDIN=1); the worker under wrangler dev on PORT (8787).
 *
 * It never claims more than is true: it refuses at once when the port is taken or another start
 * uses the same state folder, prints each step as it completes, and prints the banner only once
 * the worker it launched (not whatever holds the port) answers.
 */
const port = Number(process.env.PORT ?? 8787);
const adminPort = Number(process.env.ADMIN_PORT ?? 8788);
const step = (line: string) => console.log(`  ✓ ${line}`);

let release: (() => void) | null = null;
let stack: LocalStack | null = null;
let panel: PanelServer | null = null;
try {
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new StartRefused(`PORT must be a port number (1-65535), got "${process.env.PORT}"`);
  if (!Number.isInteger(adminPort) || adminPort < 1 || adminPort > 65535 || adminPort === port) throw new StartRefused(`ADMIN_PORT must be a port number (1-65535) other than PORT, got "${process.env.ADMIN_PORT}"`);
  const ports = { PORT: port, ADMIN_PORT: adminPort };
  await assertPortFree(ports, "PORT");
  mkdirSync(LOCAL_DIR, { recursive: true });
  const lock = acquireStateLock(LOCAL_DIR, port, process.pid, await secondInstancePorts(ports));
  release = lock.release;
  await assertPortFree(ports, "ADMIN_PORT");
  console.log(`Starting the local stack (state in ${LOCAL_DIR})…`);
  if (lock.tookOverStale) step(`lock: took over a stale lock of pid ${lock.tookOverStale.pid}, which is no longer running`);
  await checkServices(process.env, step, (line) => console.log(`  ! ${line}`));
  stack = await startLocalStack({
    stateDir: LOCAL_DIR,
    port,
    env: process.env,
    llmStandIn: process.env.LLM_STANDIN === "1",
    scriptedSalesperson: true,
    demoHistory: Number(process.env.DEMO_HISTORY_CUSTOMERS ?? 3000),
    log: (line) => console.log(`    ${line}`),
    progress: step,
  });
  await buildPanelIfNeeded(step);
  panel = await startPanelServer({ port: adminPort, workerUrl: stack.workerUrl, distDir: PANEL_DIST });
  step(`panel: serving at ${panel.url}, /api/* forwarded to the worker`);
} catch (error) {
  await stack?.stop();
  release?.();
  console.error(`\nnpm start refused: ${describeFailure(error)}`);
  process.exit(1);
}
if (!stack) process.exit(1);

const llm = {
  online: `OpenRouter (${process.env.LLM_MODEL ?? "default model"})`,
  "stand-in": "scripted OpenRouter stand-in (LLM_STANDIN=1)",
  offline: "offline mode: the rule-based salesperson (set OPENROUTER_API_KEY for the LLM, or LLM_STANDIN=1)",
}[stack.llmMode];
console.log(`
Admin panel at ${panel!.url}   (sign in with the staff line below)
Sales agent running at ${stack.workerUrl}
  database   ${stack.services.databaseKind === "embedded" ? `embedded PGlite in ${LOCAL_DIR}/pgdata` : "DATABASE_URL"}
  wazzup     ${stack.wazzupStandInUrl ? `stand-in at ${stack.wazzupStandInUrl}` : "WAZZUP_API_URL"}
  telegram   ${stack.telegramStandInUrl ? `stand-in at ${stack.telegramStandInUrl}, its webhook set to this worker` : "TELEGRAM_BOT_TOKEN (run npm run telegram:webhook once)"}
  llm        ${llm}
  catalog    ${stack.zohoStandInUrl ? `Zoho stand-in at ${stack.zohoStandInUrl} (demo catalog), synced by the cron tick` : "Zoho (ZOHO_* settings)"}
  search     hybrid: ${stack.vectorStore} vectors + Postgres full text; embeddings ${stack.embeddings === "stand-in" ? "from the local stand-in" : "from EMBEDDINGS_BASE_URL"}
             (lexical until the first sync is done; GET /api/v1/products/sync says which mode is live)
  webhook    POST ${stack.workerUrl}/api/v1/webhook/wazzup?token=<WAZZUP_WEBHOOK_TOKEN>
  admin API  Authorization: Bearer <ADMIN_API_TOKEN>   (both tokens are in ${LOCAL_DIR}/secrets.json)
${signInHelp(panel!.url)}

Chat with it as a WhatsApp customer:  npm run chat      (as a Telegram user: npm run chat -- --telegram)
Stop with Ctrl+C.
`);
const stopFollowing = followFirstSync(stack.workerUrl, stack.adminToken, step);

let stopping = false;
const shutdown = async () => {
  if (stopping) return;
  stopping = true;
  console.log("Stopping…");
  stopFollowing();
  await panel?.stop();
  await stack?.stop();
  release?.();
  process.exit(0);
};
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);

/** One readable sentence for the failures a newcomer meets; a stack trace helps nobody here. */
function describeFailure(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof StartRefused) return message;
  if (/heap tid|index tuple|vector_typmod_in|could not read block|invalid page|PANIC|corrupt/i.test(message)) {
    return `the embedded database in ${LOCAL_DIR}/pgdata is damaged (${message.split("\n")[0]}). Remove that folder and start again; the demo catalog and knowledge base are loaded afresh.`;
  }
  return `${message.split("\n")[0]}${process.env.DEBUG ? `\n${error instanceof Error ? error.stack : ""}` : " (DEBUG=1 npm start shows the stack trace)"}`;
}
