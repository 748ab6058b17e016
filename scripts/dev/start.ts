import { signInHelp } from "./local-admin";
import { LOCAL_DIR } from "./local-config";
import { startLocalStack } from "./stack";

/**
 * `npm start`: the whole product on this machine with no cloud account. Embedded Postgres (PGlite
 * with pgvector, data in .local/pgdata) unless DATABASE_URL is given; stand-ins for Wazzup when
 * WAZZUP_API_URL is not set, for Zoho (serving the demo catalog) when ZOHO_REFRESH_TOKEN is not,
 * for embeddings when EMBEDDINGS_API_KEY is not; offline LLM mode when OPENROUTER_API_KEY is not
 * set (or the scripted stand-in with LLM_STANDIN=1); the worker under wrangler dev on port 8787.
 */
const port = Number(process.env.PORT ?? 8787);
console.log("Starting the local stack…");
const stack = await startLocalStack({
  stateDir: LOCAL_DIR,
  port,
  env: process.env,
  llmStandIn: process.env.LLM_STANDIN === "1",
  log: (line) => console.log(`  ${line}`),
});

const llm = {
  online: `OpenRouter (${process.env.LLM_MODEL ?? "default model"})`,
  "stand-in": "scripted OpenRouter stand-in (LLM_STANDIN=1)",
  offline: "offline mode: catalog search and templated replies (set OPENROUTER_API_KEY for the LLM)",
}[stack.llmMode];
console.log(`
Sales agent running at ${stack.workerUrl}
  database   ${stack.services.databaseKind === "embedded" ? "embedded PGlite in .local/pgdata" : "DATABASE_URL"}
  wazzup     ${stack.wazzupStandInUrl ? `stand-in at ${stack.wazzupStandInUrl}` : "WAZZUP_API_URL"}
  llm        ${llm}
  catalog    ${stack.zohoStandInUrl ? `Zoho stand-in at ${stack.zohoStandInUrl} (demo catalog), synced by the cron tick` : "Zoho (ZOHO_* settings)"}
  search     hybrid: ${stack.vectorStore} vectors + Postgres full text; embeddings ${stack.embeddings === "stand-in" ? "from the local stand-in" : "from EMBEDDINGS_BASE_URL"}
             (GET /api/v1/products/sync says which mode is live; search answers carry "mode")
  webhook    POST ${stack.workerUrl}/api/v1/webhook/wazzup?token=<WAZZUP_WEBHOOK_TOKEN>
  admin API  Authorization: Bearer <ADMIN_API_TOKEN>   (both tokens are in .local/secrets.json)
${signInHelp(stack.workerUrl)}

Chat with it as a WhatsApp customer:  npm run chat
Stop with Ctrl+C.
`);

let stopping = false;
const shutdown = async () => {
  if (stopping) return;
  stopping = true;
  console.log("Stopping…");
  await stack.stop();
  process.exit(0);
};
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);
