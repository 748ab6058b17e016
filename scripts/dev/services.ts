import { fileURLToPath } from "node:url";
import { migrateDatabase } from "../db/migrate";
import { demoZohoItems, seedDemoData } from "../db/seed";
import { startEmbeddingsStandIn } from "../../stand-ins/embeddings";
import { startOpenRouterStandIn } from "../../stand-ins/openrouter";
import { startQdrantStandIn } from "../../stand-ins/qdrant";
import { startTelegramStandIn, type TelegramStandInOptions } from "../../stand-ins/telegram";
import { startTranscribeStandIn } from "../../stand-ins/transcribe";
import { startWazzupStandIn, type WazzupStandInOptions } from "../../stand-ins/wazzup";
import { startZohoStandIn, type ZohoStandInOptions } from "../../stand-ins/zoho";
import { startEmbeddedPostgres, type RunningDatabase } from "./database";
import { startNeonRelay } from "./neon-ws-relay";

/**
 * Everything the worker talks to that is not the worker: Postgres (given, or embedded PGlite),
 * the Neon WebSocket relay in front of it, and stand-ins for third-party APIs. Shared by
 * `npm start`, the benchmarks and the test setup, so all three run the same parts.
 */
export interface ServicesOptions {
  /** A Postgres to use; when absent an embedded PGlite is started. */
  databaseUrl?: string;
  /** Where embedded PGlite keeps its data; in memory when absent. */
  embeddedDataDir?: string;
  /** Prepares a fresh database (tests) instead of using `databaseUrl` as is. */
  createDatabase?: () => Promise<RunningDatabase>;
  seed?: boolean;
  /** With `seed`: load the demo catalog too. False when a real Zoho is configured (its sync fills the catalog). Default true. */
  seedCatalog?: boolean;
  wazzup?: WazzupStandInOptions | false;
  /** Telegram Bot API stand-in for the bot with this token. */
  telegram?: TelegramStandInOptions | false;
  openrouter?: { apiKey: string; port?: number; salesperson?: boolean; realistic?: { baseMs: number; perOutputTokenMs: number } } | false;
  transcribe?: { apiKey: string; port?: number } | false;
  /** Zoho Accounts + Inventory stand-in; serves the demo catalog unless `items` is given. */
  zoho?: ZohoStandInOptions | false;
  embeddings?: { apiKey: string; port?: number; delayMs?: number } | false;
  qdrant?: { apiKey?: string; port?: number } | false;
  /** A second, embedded Postgres with pgvector, reachable through the same relay (tests' pgvector contract run). */
  vectorDatabase?: boolean;
  relayPort?: number;
  /** Told each step as it completes (npm start prints them). */
  onProgress?: (step: string) => void;
}

export interface RunningServices {
  databaseUrl: string;
  databaseKind: string;
  neonProxy: string | undefined;
  wazzupUrl: string | undefined;
  telegramUrl: string | undefined;
  openrouterUrl: string | undefined;
  transcribeUrl: string | undefined;
  zohoUrl: string | undefined;
  embeddingsUrl: string | undefined;
  qdrantUrl: string | undefined;
  vectorDatabaseUrl: string | undefined;
  stop(): Promise<void>;
}

export async function startServices(options: ServicesOptions): Promise<RunningServices> {
  const database = options.createDatabase
    ? await options.createDatabase()
    : options.databaseUrl
      ? externalDatabase(options.databaseUrl)
      : await startEmbeddedPostgres({ dataDir: options.embeddedDataDir });
  const progress = options.onProgress ?? (() => undefined);
  progress(`database: ${database.kind === "embedded" ? `embedded PGlite${options.embeddedDataDir ? ` in ${options.embeddedDataDir}` : " (in memory)"}` : "Postgres"} ready`);
  const stops: (() => Promise<void>)[] = [() => database.stop()];
  const started = async <T extends { close(): Promise<void> }>(server: T | undefined): Promise<T | undefined> => {
    if (server) stops.unshift(() => server.close());
    return server;
  };
  try {
    await migrateDatabase(database.url);
    progress("migrations: applied");
    if (options.seed) {
      if (options.seedCatalog === false) {
        await seedDemoData(database.url, []);
        progress("demo data: knowledge base loaded (no demo catalog: the catalog comes from your Zoho)");
      } else {
        await seedDemoData(database.url);
        progress("demo data: catalog and knowledge base loaded");
      }
    }
    const vectorDb = options.vectorDatabase ? await startEmbeddedPostgres({ maxConnections: 8 }) : undefined;
    if (vectorDb) stops.unshift(() => vectorDb.stop());
    // Neon's own hosts are reached directly; any other Postgres goes through the local relay.
    const targets = [database, ...(vectorDb ? [vectorDb] : [])]
      .filter((d) => !isNeonHost(d.host))
      // PGlite's socket server takes up to 16 connections; they share its one session per transaction.
      .map((d) => (d.kind === "embedded" ? { host: d.host, port: d.port, maxConnections: 12, sharedSession: true } : { host: d.host, port: d.port, maxConnections: 40 }));
    const relay = targets.length ? await startNeonRelay(targets, options.relayPort) : undefined;
    if (relay) stops.unshift(() => relay.close());
    const wazzup = await started(options.wazzup ? await startWazzupStandIn(options.wazzup) : undefined);
    const telegram = await started(options.telegram ? await startTelegramStandIn(options.telegram) : undefined);
    const openrouter = await started(options.openrouter ? await startOpenRouterStandIn(options.openrouter) : undefined);
    const transcribe = await started(options.transcribe ? await startTranscribeStandIn(options.transcribe) : undefined);
    const zoho = await started(options.zoho ? await startZohoStandIn({ items: demoZohoItems(), ...options.zoho }) : undefined);
    const embeddings = await started(options.embeddings ? await startEmbeddingsStandIn(options.embeddings) : undefined);
    const qdrant = await started(options.qdrant ? await startQdrantStandIn(options.qdrant) : undefined);
    progress("services: database relay and stand-ins listening");
    return {
      databaseUrl: database.url,
      databaseKind: database.kind,
      neonProxy: relay?.proxy,
      wazzupUrl: wazzup?.url,
      telegramUrl: telegram?.url,
      openrouterUrl: openrouter ? `${openrouter.url}/api/v1` : undefined,
      transcribeUrl: transcribe ? `${transcribe.url}/v1` : undefined,
      zohoUrl: zoho?.url,
      embeddingsUrl: embeddings ? `${embeddings.url}/v1` : undefined,
      qdrantUrl: qdrant?.url,
      vectorDatabaseUrl: vectorDb?.url,
      stop: async () => {
        for (const stop of stops) await stop().catch(() => undefined);
      },
    };
  } catch (error) {
    for (const stop of stops) await stop().catch(() => undefined);
    throw error;
  }
}

function externalDatabase(url: string): RunningDatabase {
  const parsed = new URL(url);
  return { url, host: parsed.hostname, port: Number(parsed.port || 5432), kind: "postgres", stop: async () => undefined };
}

function isNeonHost(host: string): boolean {
  return host.endsWith(".neon.tech") || host.endsWith(".neon.build");
}

/**
 * `tsx scripts/dev/services.ts --test`: the test stack in a child process, printing one JSON line
 * with its addresses and stopping when stdin closes. The test setup runs it this way so Node-only
 * drivers never pass through the Workers module resolver.
 */
if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv.includes("--test")) {
  const { startScratchDatabase } = await import("./scratch-database");
  const { TEST_CHANNEL_ID, TEST_SECRETS, TEST_ZOHO } = await import("../../test/setup/secrets");
  const services = await startServices({
    createDatabase: () => startScratchDatabase("wa_agent_test"),
    seed: true,
    wazzup: { apiKey: TEST_SECRETS.WAZZUP_API_KEY, channelIds: [TEST_CHANNEL_ID] },
    telegram: { token: TEST_SECRETS.TELEGRAM_BOT_TOKEN },
    openrouter: { apiKey: TEST_SECRETS.OPENROUTER_API_KEY },
    transcribe: { apiKey: TEST_SECRETS.TRANSCRIBE_API_KEY },
    // Tests reset the gateway's token many times a run (and every chat now writes to CRM), and the
    // worker is paced at 3000/min (vitest.config.ts); Zoho's 10 grants per 10 minutes and its 429s
    // are tested with injected answers instead.
    zoho: { ...TEST_ZOHO, clientSecret: TEST_SECRETS.ZOHO_CLIENT_SECRET, refreshToken: TEST_SECRETS.ZOHO_REFRESH_TOKEN, tokenGrantsPer10Minutes: 1000, requestsPerMinute: 5000 },
    embeddings: { apiKey: TEST_SECRETS.EMBEDDINGS_API_KEY },
    qdrant: { apiKey: TEST_SECRETS.QDRANT_API_KEY },
    vectorDatabase: true,
  });
  process.stdout.write(`${JSON.stringify({ ...services, stop: undefined })}\n`);
  const shutdown = async () => {
    await services.stop();
    process.exit(0);
  };
  process.stdin.on("end", shutdown);
  process.stdin.on("close", shutdown);
  process.stdin.resume();
  process.on("SIGTERM", shutdown);
}
