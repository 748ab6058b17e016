import { createServer, type IncomingMessage, type ServerResponse } from "node:http";

export interface JsonRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage["headers"];
  body: unknown;
  rawBody: string;
  bytes: Buffer;
}

export interface JsonResponse {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  /** Sent as is instead of JSON (media files). */
  raw?: Buffer;
}

export type Route = (request: JsonRequest) => Promise<JsonResponse | undefined> | JsonResponse | undefined;

export interface StandInServer {
  url: string;
  port: number;
  /** Requests no route expected: a stand-in is strict so client bugs surface in tests. */
  unexpected: { method: string; path: string }[];
  close(): Promise<void>;
}

/**
 * A small JSON HTTP server for third-party stand-ins. Routes are tried in order; a request no
 * route answers gets 404 and is remembered in `unexpected`, which tests and the control API expose.
 */
export async function startJsonServer(name: string, routes: Route[], port = 0): Promise<StandInServer> {
  const unexpected: { method: string; path: string }[] = [];
  const server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      send(res, { status: 500, body: { error: "STAND_IN_FAILURE", description: String(error) } });
    });
  });
  async function handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const bytes = Buffer.concat(chunks);
    const rawBody = bytes.toString("utf8");
    const url = new URL(req.url ?? "/", "http://stand-in");
    let body: unknown = undefined;
    if (rawBody) {
      try {
        body = JSON.parse(rawBody);
      } catch {
        body = undefined;
      }
    }
    const request: JsonRequest = { method: req.method ?? "GET", path: url.pathname, query: url.searchParams, headers: req.headers, body, rawBody, bytes };
    if (request.path === "/__control/unexpected" && request.method === "DELETE") {
      // A test that sent a stray request on purpose (to see it refused) takes it back off the list,
      // so the check after every test file still holds for everything else.
      const taken = request.body as { method?: unknown; path?: unknown } | undefined;
      const index = unexpected.findIndex((u) => u.method === taken?.method && u.path === taken?.path);
      if (index < 0) return send(res, { status: 404, body: { error: "NOT_FOUND", description: "no such unexpected request recorded" } });
      unexpected.splice(index, 1);
      return send(res, { status: 200, body: { unexpected } });
    }
    if (request.path === "/__control/unexpected") return send(res, { status: 200, body: { unexpected } });
    for (const route of routes) {
      const response = await route(request);
      if (response) return send(res, response);
    }
    unexpected.push({ method: request.method, path: request.path });
    send(res, { status: 404, body: { error: "NOT_FOUND", description: `${name} stand-in has no route ${request.method} ${request.path}` } });
  }
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  const address = server.address();
  const actualPort = typeof address === "object" && address ? address.port : port;
  return {
    url: `http://127.0.0.1:${actualPort}`,
    port: actualPort,
    unexpected,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function send(res: ServerResponse, response: JsonResponse) {
  if (response.raw) {
    res.writeHead(response.status, { "content-type": "application/octet-stream", ...response.headers });
    res.end(response.raw);
    return;
  }
  const payload = JSON.stringify(response.body ?? {});
  res.writeHead(response.status, { "content-type": "application/json", ...response.headers });
  res.end(payload);
}

export function bearer(request: JsonRequest): string | undefined {
  const header = request.headers.authorization;
  return typeof header === "string" ? /^Bearer\s+(.+)$/i.exec(header)?.[1] : undefined;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
