import { mkdirSync } from "node:fs";
import { connect } from "node:net";

export interface RunningDatabase {
  url: string;
  host: string;
  port: number;
  kind: "postgres" | "embedded";
  stop(): Promise<void>;
}

/** True when something accepts TCP connections at host:port within `timeoutMs`. */
export function portAnswers(host: string, port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}

/**
 * Starts PGlite (Postgres compiled to WASM, with pgvector and pg_trgm) behind a Postgres-protocol socket
 * server. `dataDir` keeps the data between runs; omit it for an in-memory database.
 */
export async function startEmbeddedPostgres(options: { dataDir?: string; port?: number; maxConnections?: number }): Promise<RunningDatabase> {
  const { PGlite } = await import("@electric-sql/pglite");
  const { vector } = await import("@electric-sql/pglite-pgvector");
  const { pg_trgm } = await import("@electric-sql/pglite/contrib/pg_trgm");
  const { PGLiteSocketServer } = await import("@electric-sql/pglite-socket");
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const db = await PGlite.create({ dataDir: options.dataDir, extensions: { vector, pg_trgm } });
  const port = options.port ?? 0;
  const server = new PGLiteSocketServer({
    db,
    host: "127.0.0.1",
    port,
    maxConnections: options.maxConnections ?? 16,
  });
  await server.start();
  const actualPort = Number(server.getServerConn().split(":").pop());
  return {
    url: `postgres://postgres@127.0.0.1:${actualPort}/postgres`,
    host: "127.0.0.1",
    port: actualPort,
    kind: "embedded",
    stop: async () => {
      await server.stop();
      await db.close();
    },
  };
}
