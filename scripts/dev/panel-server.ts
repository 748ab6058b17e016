import { createReadStream, existsSync, readFileSync, statSync } from "node:fs";
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { connect } from "node:net";
import type { Duplex } from "node:stream";
import { extname, join, normalize, resolve, sep } from "node:path";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml", ".png": "image/png", ".json": "application/json", ".ico": "image/x-icon", ".woff2": "font/woff2",
};

export interface PanelServer {
  url: string;
  stop(): Promise<void>;
}

/**
 * The panel locally, as Pages serves it: the built files of `distDir` (any other path gets
 * index.html, the single-page app's routes) and `/api/*` forwarded to the worker, HTTP and the
 * WebSocket upgrade alike, with the Host header kept so the worker sees the panel's origin (its
 * same-origin check and the Strict session cookie hold exactly as behind the Pages Function).
 * Static files get the headers of the build's `_headers` file (admin/public/_headers), as on Pages.
 */
export async function startPanelServer(options: { port: number; workerUrl: string; distDir: string; host?: string }): Promise<PanelServer> {
  const worker = new URL(options.workerUrl);
  const root = resolve(options.distDir);
  const headersFile = join(root, "_headers");
  const rules = existsSync(headersFile) ? parseHeadersFile(readFileSync(headersFile, "utf8")) : [];
  const server = createServer((req, res) => {
    if (isApi(req.url)) forwardHttp(req, res, worker);
    else serveStatic(req, res, root, rules);
  });
  server.on("upgrade", (req, socket, head) => {
    if (isApi(req.url)) forwardUpgrade(req, socket, head, worker);
    else socket.destroy();
  });
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((done, fail) => {
    server.once("error", fail);
    server.listen(options.port, host, () => done());
  });
  const { port } = server.address() as { port: number };
  return { url: `http://${host}:${port}`, stop: () => closeServer(server) };
}

function isApi(url: string | undefined): boolean {
  return url === "/api" || (url?.startsWith("/api/") ?? false);
}

function forwardHttp(req: IncomingMessage, res: ServerResponse, worker: URL): void {
  const upstream = httpRequest({ host: worker.hostname, port: worker.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
    res.writeHead(answer.statusCode ?? 502, answer.statusMessage, answer.headers);
    answer.pipe(res);
  });
  upstream.on("error", () => {
    if (!res.headersSent) res.writeHead(502, { "content-type": "application/json" });
    res.end(JSON.stringify({ error: { code: "UPSTREAM_FAILED", message: "The worker is not answering", requestId: "panel" } }));
  });
  req.pipe(upstream);
}

/** Replays the upgrade request on a socket to the worker, then joins the two sockets. */
function forwardUpgrade(req: IncomingMessage, client: Duplex, head: Buffer, worker: URL): void {
  const upstream = connect(Number(worker.port), worker.hostname, () => {
    const lines = [`${req.method} ${req.url} HTTP/1.1`];
    for (let i = 0; i < req.rawHeaders.length; i += 2) lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
    upstream.write(`${lines.join("\r\n")}\r\n\r\n`);
    if (head.length) upstream.write(head);
    upstream.pipe(client).pipe(upstream);
  });
  const end = () => {
    upstream.destroy();
    client.destroy();
  };
  upstream.on("error", end);
  client.on("error", end);
  upstream.on("close", end);
  client.on("close", end);
}

/** One rule of a Pages `_headers` file: a path pattern (`*` matches the rest) and the headers it adds. */
export interface HeaderRule {
  pattern: string;
  headers: Array<[string, string]>;
}

/**
 * Reads a Pages `_headers` file: a line at the margin is a path pattern, the indented
 * `Name: value` lines under it its headers; `#` lines are comments.
 */
export function parseHeadersFile(text: string): HeaderRule[] {
  const rules: HeaderRule[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (!line.trim() || line.trimStart().startsWith("#")) continue;
    if (!/^\s/.test(line)) {
      rules.push({ pattern: line.trim(), headers: [] });
      continue;
    }
    const colon = line.indexOf(":");
    const rule = rules[rules.length - 1];
    if (rule && colon > 0) rule.headers.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
  }
  return rules;
}

/** The headers the rules give `path`, as Pages applies them. */
export function headersFor(rules: readonly HeaderRule[], path: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const rule of rules) {
    const matches = rule.pattern.endsWith("*") ? path.startsWith(rule.pattern.slice(0, -1)) : path === rule.pattern;
    if (matches) for (const [name, value] of rule.headers) out[name.toLowerCase()] = value;
  }
  return out;
}

function serveStatic(req: IncomingMessage, res: ServerResponse, root: string, rules: readonly HeaderRule[] = []): void {
  let path = "/";
  try {
    path = decodeURIComponent(new URL(req.url ?? "/", "http://panel").pathname);
  } catch {
    // A malformed escape is no file of ours: the app's index answers.
  }
  const candidate = normalize(join(root, path));
  const inside = candidate.startsWith(root + sep);
  const file = inside && existsSync(candidate) && statSync(candidate).isFile() ? candidate : join(root, "index.html");
  if (!existsSync(file)) {
    res.writeHead(503, { ...headersFor(rules, path), "content-type": "text/plain; charset=utf-8" }).end("The panel is not built: run npm run build:admin");
    return;
  }
  // Hashed assets never change; index.html must be fetched afresh to pick up a new build.
  const cache = file.includes(`${join(root, "assets")}`) ? "public, max-age=31536000, immutable" : "no-cache";
  res.writeHead(200, { ...headersFor(rules, path), "content-type": TYPES[extname(file)] ?? "application/octet-stream", "cache-control": cache });
  createReadStream(file).pipe(res);
}

function closeServer(server: Server): Promise<void> {
  return new Promise((done) => {
    server.close(() => done());
    server.closeAllConnections();
  });
}
