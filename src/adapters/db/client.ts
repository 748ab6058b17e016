import { Client, neonConfig } from "@neondatabase/serverless";
import { drizzle, type NeonDatabase } from "drizzle-orm/neon-serverless";
import { requireSetting, type Config } from "../../config";
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

/**
 * Runs `work` with a database connection that lives only for this call. Workers cannot share a
 * socket between requests, and a Durable Object per chat must not pin a connection while idle,
 * so every unit of work opens one WebSocket connection (Neon pools behind it) and closes it.
 */
export async function withDatabase<T>(config: Config, work: (db: Database) => Promise<T>): Promise<T> {
  configureRelay(config.NEON_WS_PROXY);
  const client = new Client({ connectionString: requireSetting(config, "DATABASE_URL") });
  // A socket error after the work is done (the server closing an idle connection) must not
  // surface as an uncaught exception; errors during the work reject the awaited query instead.
  client.on("error", () => undefined);
  await client.connect();
  try {
    return await work(drizzle({ client, schema }));
  } finally {
    // Ending is best effort: the result is already in hand and a failed close must not fail the work.
    client.end().catch(() => undefined);
  }
}
