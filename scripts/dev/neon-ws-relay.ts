import { createServer, type Server } from "node:http";
import { connect } from "node:net";
import { WebSocketServer, type WebSocket } from "ws";
import { Floor, FloorClient } from "./pg-floor";

export interface Relay {
  /** Value for NEON_WS_PROXY: host:port/path; the driver appends `?address=host:port`. */
  proxy: string;
  port: number;
  close(): Promise<void>;
}

/**
 * A WebSocket-to-TCP relay that lets the Neon serverless driver talk to a plain Postgres, as
 * Neon documents for local development. It connects only to the databases it was started for
 * (the first is the default; another is chosen by the `?address=host:port` the driver sends),
 * never to any other address, so it cannot be used as an open proxy.
 *
 * Like Neon's pooled endpoint, it holds at most `maxConnections` server connections per database
 * and src/shell/queues further clients until one frees: every conversation opens its own short-lived
 * connection, and a plain Postgres (100 connections by default) would otherwise refuse the
 * excess. Embedded PGlite has a single session: its clients share it one transaction at a time
 * (`sharedSession`, see pg-floor.ts), so a long-lived connection never blocks a short one.
 */
export interface RelayTarget {
  host: string;
  port: number;
  /** Server connections at once; further clients wait their turn (default 40). */
  maxConnections?: number;
  /** The server has one session (PGlite): clients take turns per transaction. */
  sharedSession?: boolean;
}

export async function startNeonRelay(targets: RelayTarget | RelayTarget[], listenPort = 0): Promise<Relay> {
  const allowed = (Array.isArray(targets) ? targets : [targets]).map((t) => ({ ...t, active: 0, waiting: [] as WebSocket[], floor: t.sharedSession ? new Floor() : null }));
  type Slot = (typeof allowed)[number];
  const targetFor = (url: string | undefined): Slot => {
    const address = new URL(url ?? "/", "http://relay").searchParams.get("address");
    return allowed.find((t) => address === `${t.host}:${t.port}`) ?? allowed[0]!;
  };
  const server: Server = createServer((_req, res) => {
    res.writeHead(426, { "content-type": "text/plain" }).end("WebSocket upgrade required\n");
  });
  const wss = new WebSocketServer({ server, perMessageDeflate: false });
  const earlyBytes = new WeakMap<WebSocket, Buffer[]>();
  const open = (slot: Slot, socket: WebSocket, early: Buffer[]) => {
    slot.active++;
    pipe(socket, slot, early, () => {
      slot.active--;
      const next = slot.waiting.shift();
      if (next) admit(slot, next);
    });
  };
  // A queued client's bytes are buffered until it gets a server connection.
  const admit = (slot: Slot, socket: WebSocket) => {
    const early = earlyBytes.get(socket) ?? [];
    socket.removeAllListeners("message");
    if (socket.readyState !== socket.OPEN) {
      const next = slot.waiting.shift();
      if (next) admit(slot, next);
      return;
    }
    open(slot, socket, early);
  };
  wss.on("connection", (socket: WebSocket, request) => {
    const slot = targetFor(request.url);
    if (slot.active < (slot.maxConnections ?? 40)) return open(slot, socket, []);
    const early: Buffer[] = [];
    earlyBytes.set(socket, early);
    socket.on("message", (data: Buffer) => early.push(Buffer.from(data)));
    slot.waiting.push(socket);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(listenPort, "127.0.0.1", () => resolve());
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : listenPort;
  return {
    proxy: `127.0.0.1:${port}/v1`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close(() => server.close(() => resolve()));
      }),
  };
}

function pipe(socket: WebSocket, target: { host: string; port: number; floor: Floor | null }, early: Buffer[], onClosed: () => void): void {
  const tcp = connect({ host: target.host, port: target.port, noDelay: true });
  const pendingToTcp: Buffer[] = [];
  let tcpReady = false;
  const write = (chunk: Buffer) => {
    if (tcpReady) tcp.write(chunk);
    else pendingToTcp.push(chunk);
  };
  const shared = target.floor ? new FloorClient(target.floor, write) : null;
  const fromClient = (chunk: Buffer) => {
    // The client's Terminate message ends the session: free the server connection now. A Worker
    // does not wait for its driver's socket to close after responding, so the WebSocket itself
    // may linger and must not keep holding a server connection (or the shared session's floor).
    if (endsWithTerminate(chunk)) {
      if (shared) shared.closed();
      else write(chunk);
      tcp.end();
      return;
    }
    if (shared) shared.fromClient(chunk);
    else write(chunk);
  };
  tcp.on("connect", () => {
    tcpReady = true;
    for (const chunk of pendingToTcp.splice(0)) tcp.write(chunk);
  });
  for (const chunk of early) fromClient(chunk);
  socket.on("message", (data: Buffer | ArrayBuffer | Buffer[]) => {
    fromClient(Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data));
  });
  tcp.on("data", (chunk) => {
    shared?.fromServer(chunk);
    if (socket.readyState === socket.OPEN) socket.send(chunk, { binary: true });
  });
  let closed = false;
  const closeBoth = () => {
    if (!closed) {
      closed = true;
      shared?.closed();
      onClosed();
    }
    tcp.destroy();
    if (socket.readyState === socket.OPEN || socket.readyState === socket.CONNECTING) socket.close();
  };
  socket.on("close", closeBoth);
  socket.on("error", closeBoth);
  tcp.on("close", closeBoth);
  tcp.on("error", closeBoth);
}

/** Postgres Terminate message: 'X' followed by the length 4. */
function endsWithTerminate(chunk: Buffer): boolean {
  return chunk.length >= 5 && chunk[chunk.length - 5] === 0x58 && chunk.readInt32BE(chunk.length - 4) === 4;
}
