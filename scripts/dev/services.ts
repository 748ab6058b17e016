import { fileURLToPath } from "node:url";
import { migrateDatabase } from "../db/migrate";
import { seedDemoCatalog } from "../db/seed";
import { startOpenRouterStandIn } from "../../stand-ins/openrouter";
import { startTranscribeStandIn } from "../../stand-ins/transcribe";
import { startWazzupStandIn, type WazzupStandInOptions } from "../../stand-ins/wazzup";
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
  wazzup?: WazzupStandInOptions | false;
  openrouter?: { apiKey: string; port?: number } | false;
  transcribe?: { apiKey: string; port?: number } | false;
  relayPort?: number;
}

export interface RunningServices {
  databaseUrl: string;
  databaseKind: string;
  neonProxy: string | undefined;
  wazzupUrl: string | undefined;
  openrouterUrl: string | undefined;
  transcribeUrl: string | undefined;
  stop(): Promise<void>;
}

export async function startServices(options: ServicesOptions): Promise<RunningServices> {
  const database = options.createDatabase
    ? await options.createDatabase()
    : options.databaseUrl
      ? externalDatabase(options.databaseUrl)
      : await startEmbeddedPostgres({ dataDir: options.embeddedDataDir });
  const stops: (() => Promise<void>)[] = [() => database.stop()];
  try {
    await migrateDatabase(database.url);
    if (options.seed) await seedDemoCatalog(database.url);
    // Neon's own hosts are reached directly; any other Postgres goes through the local relay.
    const relay = isNeonHost(database.host) ? undefined : await startNeonRelay({ host: database.host, port: database.port }, options.relayPort);
    if (relay) stops.unshift(() => relay.close());
    const wazzup = options.wazzup ? await startWazzupStandIn(options.wazzup) : undefined;
    if (wazzup) stops.unshift(() => wazzup.close());
    const openrouter = options.openrouter ? await startOpenRouterStandIn(options.openrouter) : undefined;
    if (openrouter) stops.unshift(() => openrouter.close());
    const transcribe = options.transcribe ? await startTranscribeStandIn(options.transcribe) : undefined;
    if (transcribe) stops.unshift(() => transcribe.close());
    return {
      databaseUrl: database.url,
      databaseKind: database.kind,
      neonProxy: relay?.proxy,
      wazzupUrl: wazzup?.url,
      openrouterUrl: openrouter ? `${openrouter.url}/api/v1` : undefined,
      transcribeUrl: transcribe ? `${transcribe.url}/v1` : undefined,
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
  const { TEST_SECRETS } = await import("../../test/setup/secrets");
  const services = await startServices({
    createDatabase: () => startScratchDatabase("wa_agent_test"),
    seed: true,
    wazzup: { apiKey: TEST_SECRETS.WAZZUP_API_KEY },
    openrouter: { apiKey: TEST_SECRETS.OPENROUTER_API_KEY },
    transcribe: { apiKey: TEST_SECRETS.TRANSCRIBE_API_KEY },
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
