import { neonConfig, Pool } from "@neondatabase/serverless";
import { drizzle, type NeonDatabase } from "drizzle-orm/neon-serverless";
import { requireSetting, type Config } from "../../core/config";
import * as schema from "./schema";

export type Database = NeonDatabase<typeof schema>;

let relayConfigured = false;

/**
 * Points the Neon driver at a local WebSocket-to-TCP relay (local development and tests), the
 * way Neon documents running its serverless driver against a plain Postgres. In production
 * NEON_WS_PROXY is unset and the driver talks to Neon's own proxy over TLS.
 */
function configureRelay(proxy: string | undefined): void {
  if (!proxy || relayConfigured) return;
  neonConfig.wsProxy = (host, port) => `${proxy}?address=${host}:${port}`;
  neonConfig.useSecureWebSocket = false;
  neonConfig.pipelineTLS = false;
  neonConfig.pipelineConnect = false;
  relayConfigured = true;
}

/** A connection idle this long is closed; the next query opens a new one. */
const IDLE_CLOSE_MS = 250;

/**
 * Runs `work` with a database that lives only for this call. Workers cannot share a socket
 * between requests, and a Durable Object per chat must not pin a connection while it waits: a
 * turn spends most of its time in the LLM call, so the connection is held only around queries
 * (one at a time, closed after a short idle spell and reopened by the next query), never
 * through a model's answer.
 */
export async function withDatabase<T>(config: Config, work: (db: Database) => Promise<T>): Promise<T> {
  configureRelay(config.NEON_WS_PROXY);
  const pool = new Pool({ connectionString: requireSetting(config, "DATABASE_URL"), max: 1, idleTimeoutMillis: IDLE_CLOSE_MS });
  // A socket error while idle (the server closing the connection) must not surface as an uncaught
  // exception; errors during the work reject the awaited query instead.
  pool.on("error", () => undefined);
  try {
    return await work(drizzle({ client: pool, schema }));
  } finally {
    // Ending is best effort: the result is already in hand and a failed close must not fail the work.
    pool.end().catch(() => undefined);
  }
}
