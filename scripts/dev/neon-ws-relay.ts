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
 * Neon documents for local development. It only ever connects to the one database it was
 * started for, whatever address the client asks for, so it cannot be used as an open proxy.
 */
export async function startNeonRelay(target: { host: string; port: number }, listenPort = 0): Promise<Relay> {
  const server: Server = createServer((_req, res) => {
    res.writeHead(426, { "content-type": "text/plain" }).end("WebSocket upgrade required\n");
  });
  const wss = new WebSocketServer({ server, perMessageDeflate: false });
  wss.on("connection", (socket: WebSocket) => pipe(socket, target));
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

function pipe(socket: WebSocket, target: { host: string; port: number }): void {
  const tcp = connect({ host: target.host, port: target.port, noDelay: true });
  const pendingToTcp: Buffer[] = [];
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
  const closeBoth = () => {
    tcp.destroy();
    if (socket.readyState === socket.OPEN || socket.readyState === socket.CONNECTING) socket.close();
  };
  socket.on("close", closeBoth);
  socket.on("error", closeBoth);
  tcp.on("close", closeBoth);
  tcp.on("error", closeBoth);
}
