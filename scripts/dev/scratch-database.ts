import postgres from "postgres";
import { portAnswers, startEmbeddedPostgres, type RunningDatabase } from "./database";

const SERVER_HOST = "127.0.0.1";
const SERVER_PORT = 5432;

/**
 * A throwaway real Postgres for tests and benchmarks: the server on 127.0.0.1:5432 when one
 * answers (CI has one), with a fresh database that is dropped afterwards; otherwise an in-memory
 * embedded PGlite server. TEST_DATABASE=embedded forces the latter.
 */
export async function startScratchDatabase(prefix: string): Promise<RunningDatabase> {
  const adminUrl = process.env.TEST_POSTGRES_ADMIN_URL ?? `postgres://postgres@${SERVER_HOST}:${SERVER_PORT}/test`;
  if (process.env.TEST_DATABASE !== "embedded" && (await portAnswers(SERVER_HOST, SERVER_PORT))) {
    const admin = postgres(adminUrl, { max: 1, onnotice: () => undefined, connect_timeout: 5 });
    const name = `${prefix}_${process.pid}_${Date.now().toString(36)}`;
    try {
      await admin.unsafe(`CREATE DATABASE ${name}`);
    } finally {
      await admin.end();
    }
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    return {
      url: url.toString(),
      host: SERVER_HOST,
      port: SERVER_PORT,
      kind: "postgres",
      stop: async () => {
        const cleanup = postgres(adminUrl, { max: 1, onnotice: () => undefined });
        try {
          await cleanup.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        } finally {
          await cleanup.end();
        }
      },
    };
  }
  return startEmbeddedPostgres({ maxConnections: 32 });
}
