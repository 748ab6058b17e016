import { createServer, type Server } from "node:http";
import { connect } from "node:net";
import { WebSocketServer, type WebSocket } from "ws";

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
 * Like Neon's pooled endpoint, it holds at most `maxUpstream` server connections and queues
 * further clients until one frees: every conversation opens its own short-lived connection,
 * and a plain Postgres (100 connections by default) would otherwise refuse the excess.
 */
export async function startNeonRelay(targets: { host: string; port: number } | { host: string; port: number }[], listenPort = 0, maxUpstream = 40): Promise<Relay> {
  const allowed = Array.isArray(targets) ? targets : [targets];
  const targetFor = (url: string | undefined) => {
    const address = new URL(url ?? "/", "http://relay").searchParams.get("address");
    return allowed.find((t) => address === `${t.host}:${t.port}`) ?? allowed[0]!;
  };
  const server: Server = createServer((_req, res) => {
    res.writeHead(426, { "content-type": "text/plain" }).end("WebSocket upgrade required\n");
  });
  const wss = new WebSocketServer({ server, perMessageDeflate: false });
  let active = 0;
  const waiting: WebSocket[] = [];
  const earlyBytes = new WeakMap<WebSocket, Buffer[]>();
  const destinations = new WeakMap<WebSocket, { host: string; port: number }>();
  const open = (socket: WebSocket, early: Buffer[]) => {
    active++;
    pipe(socket, destinations.get(socket) ?? allowed[0]!, early, () => {
      active--;
      const next = waiting.shift();
      if (next) admit(next);
    });
  };
  // A queued client's bytes are buffered until it gets a server connection.
  const admit = (socket: WebSocket) => {
    const early = earlyBytes.get(socket) ?? [];
    socket.removeAllListeners("message");
    if (socket.readyState !== socket.OPEN) {
      const next = waiting.shift();
      if (next) admit(next);
      return;
    }
    open(socket, early);
  };
  wss.on("connection", (socket: WebSocket, request) => {
    destinations.set(socket, targetFor(request.url));
    if (active < maxUpstream) return open(socket, []);
    const early: Buffer[] = [];
    earlyBytes.set(socket, early);
    socket.on("message", (data: Buffer) => early.push(Buffer.from(data)));
    waiting.push(socket);
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

function pipe(socket: WebSocket, target: { host: string; port: number }, early: Buffer[], onClosed: () => void): void {
  const tcp = connect({ host: target.host, port: target.port, noDelay: true });
  const pendingToTcp: Buffer[] = [...early];
  let tcpReady = false;
  tcp.on("connect", () => {
    tcpReady = true;
    for (const chunk of pendingToTcp.splice(0)) tcp.write(chunk);
  });
  socket.on("message", (data: Buffer | ArrayBuffer | Buffer[]) => {
    const chunk = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
    if (tcpReady) tcp.write(chunk);
    else pendingToTcp.push(chunk);
  });
  tcp.on("data", (chunk) => {
    if (socket.readyState === socket.OPEN) socket.send(chunk, { binary: true });
  });
  let closed = false;
  const closeBoth = () => {
    if (!closed) {
      closed = true;
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
