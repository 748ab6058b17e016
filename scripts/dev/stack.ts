import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { cronsFromWranglerToml, startCronTicker } from "./cron";
import { loadDemoHistory } from "./demo-history";
import { localSecrets, writeEnvFile, writeStackInfo, type StackInfo } from "./local-config";
import { localAdminVars } from "./local-admin";
import type { ZohoItem } from "../../stand-ins/zoho-catalog";
import { startServices, type RunningServices, type ServicesOptions } from "./services";
import { wranglerOutputFilter } from "./wrangler-output";
import { TelegramBotApi } from "../../src/adapters/channels/telegram/api";
import { setTelegramWebhook } from "../../src/adapters/channels/telegram/webhook-setup";

/** Every configuration name of the brief; given in the environment, each overrides the local default. */
export const CONFIG_NAMES = [
  "WAZZUP_API_URL", "WAZZUP_API_KEY", "WAZZUP_WEBHOOK_TOKEN", "WAZZUP_CHANNEL_ID",
  "OPENROUTER_BASE_URL", "OPENROUTER_API_KEY", "LLM_MODEL", "LLM_FALLBACK_MODEL",
  "EMBEDDINGS_BASE_URL", "EMBEDDINGS_API_KEY", "EMBEDDINGS_MODEL",
  "TRANSCRIBE_BASE_URL", "TRANSCRIBE_API_KEY",
  "ZOHO_ACCOUNTS_URL", "ZOHO_API_DOMAIN", "ZOHO_CLIENT_ID", "ZOHO_CLIENT_SECRET", "ZOHO_REFRESH_TOKEN", "ZOHO_ORGANIZATION_ID",
  "QDRANT_URL", "QDRANT_API_KEY", "DATABASE_URL", "ADMIN_API_TOKEN", "REPLY_DEBOUNCE_MS", "LLM_TIMEOUT_MS", "SETTINGS_TTL_MS",
  "EMBEDDINGS_DIMENSIONS", "VECTOR_STORE", "ZOHO_REQUESTS_PER_MINUTE", "ZOHO_RETRY_BASE_MS", "ZOHO_MAX_ATTEMPTS",
  "CATALOG_SYNC_PAGES_PER_INVOCATION", "STOCK_CACHE_TTL_MS",
  "ZOHO_CRM_REQUESTS_PER_MINUTE", "ZOHO_JOB_RETRY_MIN_S", "PUBLIC_BASE_URL", "DOCUMENT_LINK_SECRET", "MANAGER_PHONES",
  "TELEGRAM_API_URL", "TELEGRAM_BOT_TOKEN", "TELEGRAM_WEBHOOK_SECRET",
  "QUALITY_MODEL",
] as const;

export interface LocalStackOptions {
  /** Folder for the embedded database, wrangler's state and generated files. */
  stateDir: string;
  port: number;
  /** Values for the worker; usually process.env. */
  env: Record<string, string | undefined>;
  /** Use the scripted OpenRouter stand-in instead of offline mode when no key is given (benchmarks). */
  llmStandIn?: boolean;
  /** The stand-in answers as the scripted salesperson (greeting to sale order in natural phrasings), not the benchmarks' catalog default. */
  scriptedSalesperson?: boolean;
  /** The stand-in takes this long per call and reports usage as a real model would (`npm run bench:turns`). */
  llmLatency?: { baseMs: number; perOutputTokenMs: number };
  /** Use the transcription stand-in when no TRANSCRIBE_API_KEY is given (benchmarks). */
  transcribeStandIn?: boolean;
  /** Keep the embedded database in memory (benchmarks) instead of under stateDir. */
  ephemeralDatabase?: boolean;
  /** Prepares a throwaway database (benchmarks) instead of DATABASE_URL or the embedded one. */
  createDatabase?: ServicesOptions["createDatabase"];
  /** Load the demo catalog and knowledge base into the database (default true). */
  seed?: boolean;
  /** What the Zoho stand-in serves (default: the demo catalog). */
  zohoItems?: ZohoItem[];
  /** Customers of a generated two-year order history loaded into the Zoho stand-in, then analysed (default none). */
  demoHistory?: number;
  /** Start the Qdrant stand-in and use it as the vector store (default: pgvector, or QDRANT_URL when given). */
  qdrantStandIn?: boolean;
  /** Overrides the Wazzup stand-in's documented 500 requests / 5 s limit. */
  wazzupRateLimit?: { requests: number; windowMs: number };
  log: (line: string) => void;
  /** Told each start-up step as it completes (default: `log`). */
  progress?: (step: string) => void;
}

export interface LocalStack extends StackInfo {
  services: RunningServices;
  /** The `wrangler dev` process (benchmarks read the CPU time of its workerd children). */
  workerPid: number | undefined;
  stop(): Promise<void>;
}

/** The demo catalog is loaded only when the Zoho stand-in serves it: a configured Zoho's catalog is the only one. */
export function seedsDemoCatalog(env: Record<string, string | undefined>): boolean {
  return !env.ZOHO_REFRESH_TOKEN;
}

/**
 * Starts the whole product locally: services (database, relay, stand-ins), then the worker under
 * `wrangler dev` with its Durable Objects, src/shell/queues and cron, and waits until it answers /health.
 */
export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const { env, port, stateDir } = options;
  mkdirSync(stateDir, { recursive: true });
  const secrets = localSecrets();
  const workerUrl = `http://127.0.0.1:${port}`;
  const webhookToken = env.WAZZUP_WEBHOOK_TOKEN ?? secrets.WAZZUP_WEBHOOK_TOKEN;
  const adminToken = env.ADMIN_API_TOKEN ?? secrets.ADMIN_API_TOKEN;
  const wazzupKey = env.WAZZUP_API_KEY ?? secrets.WAZZUP_API_KEY;
  const openrouterStandIn = !env.OPENROUTER_API_KEY && options.llmStandIn === true;
  const transcribeStandIn = !env.TRANSCRIBE_API_KEY && options.transcribeStandIn === true;
  // Without Zoho credentials the Zoho stand-in serves the demo catalog; without an embeddings key, the embeddings stand-in embeds.
  const zohoStandIn = !env.ZOHO_REFRESH_TOKEN;
  const embeddingsStandIn = !env.EMBEDDINGS_API_KEY;
  // Without a real bot, a local Telegram stand-in plays Telegram, with its webhook set to this worker.
  const telegramStandIn = !env.TELEGRAM_API_URL && !env.TELEGRAM_BOT_TOKEN;
  const telegramToken = env.TELEGRAM_BOT_TOKEN ?? secrets.TELEGRAM_BOT_TOKEN;
  const telegramSecret = env.TELEGRAM_WEBHOOK_SECRET ?? secrets.TELEGRAM_WEBHOOK_SECRET;
  const zoho = { clientId: "1000.LOCALSTANDIN", clientSecret: secrets.ZOHO_CLIENT_SECRET, refreshToken: secrets.ZOHO_REFRESH_TOKEN, organizationId: "10000000001" };

  const progress = options.progress ?? options.log;
  // Answered by our worker's /health, so a port someone else serves is never taken for ours.
  const instance = randomUUID();
  const services = await startServices({
    onProgress: progress,
    databaseUrl: env.DATABASE_URL,
    createDatabase: options.createDatabase,
    embeddedDataDir: options.ephemeralDatabase ? undefined : join(stateDir, "pgdata"),
    seed: options.seed ?? true,
    // A real Zoho's catalog is the only catalog: no demo items to sell that the retailer does not have.
    seedCatalog: seedsDemoCatalog(env),
    wazzup: env.WAZZUP_API_URL
      ? false
      : {
          apiKey: wazzupKey,
          channelIds: [env.WAZZUP_CHANNEL_ID ?? "local-channel"],
          echoWebhookUrl: `${workerUrl}/api/v1/webhook/wazzup?token=${encodeURIComponent(webhookToken)}`,
          rateLimit: options.wazzupRateLimit,
        },
    openrouter: openrouterStandIn ? { apiKey: "stand-in-key", salesperson: options.scriptedSalesperson === true, ...(options.llmLatency ? { realistic: options.llmLatency } : {}) } : false,
    transcribe: transcribeStandIn ? { apiKey: "stand-in-key" } : false,
    zoho: zohoStandIn ? { ...zoho, salesOrderNumberFile: join(stateDir, "zoho-salesorder-number"), ...(options.zohoItems ? { items: options.zohoItems } : {}) } : false,
    qdrant: options.qdrantStandIn ? { apiKey: secrets.EMBEDDINGS_API_KEY } : false,
    embeddings: embeddingsStandIn ? { apiKey: secrets.EMBEDDINGS_API_KEY } : false,
    telegram: telegramStandIn ? { token: telegramToken } : false,
  });

  const vars: Record<string, string | undefined> = {};
  for (const name of CONFIG_NAMES) vars[name] = env[name];
  Object.assign(vars, {
    DATABASE_URL: services.databaseUrl,
    NEON_WS_PROXY: services.neonProxy,
    WAZZUP_API_URL: env.WAZZUP_API_URL ?? services.wazzupUrl,
    WAZZUP_API_KEY: wazzupKey,
    WAZZUP_WEBHOOK_TOKEN: webhookToken,
    WAZZUP_CHANNEL_ID: env.WAZZUP_CHANNEL_ID ?? "local-channel",
    ADMIN_API_TOKEN: adminToken,
    ...localAdminVars(env),
    // Quotation documents are sent to WhatsApp as links under this origin.
    PUBLIC_BASE_URL: env.PUBLIC_BASE_URL ?? workerUrl,
    LOCAL_INSTANCE_ID: instance,
    ...(openrouterStandIn ? { OPENROUTER_BASE_URL: services.openrouterUrl, OPENROUTER_API_KEY: "stand-in-key" } : {}),
    ...(transcribeStandIn ? { TRANSCRIBE_BASE_URL: services.transcribeUrl, TRANSCRIBE_API_KEY: "stand-in-key" } : {}),
    ...(zohoStandIn
      ? {
          ZOHO_ACCOUNTS_URL: services.zohoUrl,
          // Pinned: the gateway keeps its token (and the api_domain it came with) across restarts,
          // while the stand-in gets a new port each start.
          ZOHO_API_DOMAIN: services.zohoUrl,
          ZOHO_CLIENT_ID: zoho.clientId,
          ZOHO_CLIENT_SECRET: zoho.clientSecret,
          ZOHO_REFRESH_TOKEN: zoho.refreshToken,
          ZOHO_ORGANIZATION_ID: zoho.organizationId,
        }
      : {}),
    ...(telegramStandIn ? { TELEGRAM_API_URL: services.telegramUrl, TELEGRAM_BOT_TOKEN: telegramToken, TELEGRAM_WEBHOOK_SECRET: telegramSecret } : {}),
    ...(embeddingsStandIn ? { EMBEDDINGS_BASE_URL: services.embeddingsUrl, EMBEDDINGS_API_KEY: secrets.EMBEDDINGS_API_KEY } : {}),
    ...(options.qdrantStandIn ? { QDRANT_URL: services.qdrantUrl, QDRANT_API_KEY: secrets.EMBEDDINGS_API_KEY, VECTOR_STORE: "qdrant" } : {}),
  });
  const envFile = join(stateDir, "worker.env");
  writeEnvFile(envFile, vars);

  const wrangler = spawn(
    "wrangler",
    ["dev", "--port", String(port), "--ip", "127.0.0.1", "--persist-to", join(stateDir, "wrangler"), "--env-file", envFile, "--test-scheduled", "--show-interactive-dev-session=false", "--log-level", "warn"],
    { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_SEND_METRICS: "false" } },
  );
  const filter = wranglerOutputFilter(options.log, options.log);
  const forward = (chunk: Buffer) => {
    for (const line of chunk.toString().split("\n")) if (line.trim()) filter(line);
  };
  wrangler.stdout?.on("data", forward);
  wrangler.stderr?.on("data", forward);

  let stopTicker = () => undefined as void;
  const stop = async () => {
    rmSync(join(stateDir, "stack.json"), { force: true });
    stopTicker();
    await stopProcess(wrangler);
    await services.stop();
  };
  progress("worker: starting wrangler dev…");
  try {
    await waitForOwnWorker(workerUrl, instance, wrangler);
  } catch (error) {
    await stop();
    throw error;
  }
  progress(`worker: answering at ${workerUrl}`);
  if (telegramStandIn && services.telegramUrl) {
    const set = await setTelegramWebhook(new TelegramBotApi({ apiUrl: services.telegramUrl, token: telegramToken }), workerUrl, telegramSecret);
    progress(set.ok ? "telegram: the stand-in's webhook points at this worker" : `telegram: setWebhook failed: ${set.error}`);
  }
  // wrangler dev runs no crons of its own; the ticker starts once the worker answers, so no tick fails first.
  stopTicker = startCronTicker(workerUrl, cronsFromWranglerToml(readFileSync("wrangler.toml", "utf8")), (cron, status) => options.log(`[cron] ${cron} fired: ${status}`));
  // The seed loads products and knowledge without vectors. The cron tick indexes the knowledge base
  // and starts the first catalog sync (which embeds the products); it runs now rather than within 5 minutes.
  const tick = await fetch(`${workerUrl}/__scheduled?cron=${encodeURIComponent(cronsFromWranglerToml(readFileSync("wrangler.toml", "utf8"))[0] ?? "*/5 * * * *")}`).catch(() => null);
  // A restart syncs too (the tick alone would wait for the interval); a run already open is joined.
  const sync = await fetch(`${workerUrl}/api/v1/products/sync`, { method: "POST", headers: { authorization: `Bearer ${adminToken}`, "content-type": "application/json" }, body: "{}" }).catch(() => null);
  progress(`first sync: knowledge indexing ${tick?.ok ? "started" : "left to the cron"}, catalog sync ${sync?.ok ? "started" : `not started (${sync ? `HTTP ${sync.status}` : "no answer"}); the cron retries`}`);
  if (zohoStandIn && services.zohoUrl && options.demoHistory) progress(await loadDemoHistory(services.zohoUrl, workerUrl, adminToken, options.demoHistory));
  const info: StackInfo = {
    workerUrl,
    webhookToken,
    adminToken,
    channelId: vars.WAZZUP_CHANNEL_ID!,
    wazzupStandInUrl: env.WAZZUP_API_URL ? null : (services.wazzupUrl ?? null),
    telegramStandInUrl: telegramStandIn ? (services.telegramUrl ?? null) : null,
    llmMode: env.OPENROUTER_API_KEY ? "online" : openrouterStandIn ? "stand-in" : "offline",
    zohoStandInUrl: zohoStandIn ? (services.zohoUrl ?? null) : null,
    embeddings: embeddingsStandIn ? "stand-in" : "configured",
    vectorStore: options.qdrantStandIn ? "qdrant" : (env.VECTOR_STORE ?? (env.QDRANT_URL ? "qdrant" : "pgvector")),
  };
  writeStackInfo(info, stateDir);
  return { ...info, services, stop, workerPid: wrangler.pid };
}

/**
 * Waits until the worker this start launched answers /health: the answer must carry this start's
 * instance id, so another process holding the port is never mistaken for ours.
 */
export async function waitForOwnWorker(workerUrl: string, instance: string, child: Pick<ChildProcess, "exitCode">, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited with code ${child.exitCode} (see its output above)`);
    const answer = await fetch(`${workerUrl}/api/v1/health`)
      .then(async (response) => ({ status: response.status, body: (await response.json().catch(() => null)) as { instance?: string; error?: { code: string; message: string } } | null }))
      .catch(() => null);
    // A setting the worker refuses (a token too short, a malformed URL) will not fix itself: say which at once.
    if (answer?.body?.error?.code === "NOT_CONFIGURED") throw new Error(`the worker refuses its configuration: ${answer.body.error.message}`);
    if (answer && answer.body?.instance !== instance && answer.status < 500) {
      throw new Error(`${workerUrl} is answered by another process, not the worker this start launched; stop it or choose another PORT`);
    }
    if (answer?.status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  throw new Error(`the worker did not become healthy at ${workerUrl} within ${timeoutMs / 1000} s`);
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}
