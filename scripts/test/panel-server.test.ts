import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { startPanelServer, type PanelServer } from "../dev/panel-server";

/**
 * The local panel server `npm start` runs: the built files with the single-page app's fallback, and
 * /api/* (HTTP and WebSocket upgrades) handed to the worker with the panel's Host kept. The worker
 * here is a bare HTTP server that reports what reached it; the real worker behind it is exercised
 * by the browser tests.
 */
describe("the local panel server", () => {
  const dist = mkdtempSync(join(tmpdir(), "panel-dist-"));
  const seen: { method?: string; url?: string; headers: IncomingHttpHeaders; body: string }[] = [];
  let upstream: Server;
  let panel: PanelServer;
  before(async () => {
    mkdirSync(join(dist, "assets"));
    writeFileSync(join(dist, "index.html"), "<!doctype html><title>panel</title>");
    writeFileSync(join(dist, "assets", "app-1.js"), "console.log(1)");
    upstream = createServer((req, res) => {
      let body = "";
      req.on("data", (chunk) => (body += chunk));
      req.on("end", () => {
        seen.push({ method: req.method, url: req.url, headers: req.headers, body });
        res.writeHead(201, { "set-cookie": "staff_session=s; HttpOnly; SameSite=Strict", "content-type": "application/json" }).end('{"ok":true}');
      });
    });
    upstream.on("upgrade", (req, socket) => {
      seen.push({ method: "UPGRADE", url: req.url, headers: req.headers, body: "" });
      socket.end("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\nhello");
    });
    await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", () => resolve()));
    const workerPort = (upstream.address() as { port: number }).port;
    panel = await startPanelServer({ port: 0, workerUrl: `http://127.0.0.1:${workerPort}`, distDir: dist });
  });
  after(async () => {
    await panel.stop();
    upstream.close();
  });

  it("serves the built files, and index.html for the app's own routes", async () => {
    const asset = await fetch(`${panel.url}/assets/app-1.js`);
    assert.equal(asset.headers.get("content-type"), "text/javascript; charset=utf-8");
    assert.match(asset.headers.get("cache-control") ?? "", /immutable/);
    const route = await fetch(`${panel.url}/inbox/3c1f`);
    assert.equal(route.status, 200);
    assert.match(await route.text(), /<title>panel<\/title>/);
    assert.equal(route.headers.get("cache-control"), "no-cache");
  });

  it("never serves a file outside the build", async () => {
    const response = await fetch(`${panel.url}/..%2f..%2fetc%2fpasswd`);
    assert.match(await response.text(), /<title>panel<\/title>/);
    const malformed = await fetch(`${panel.url}/%E0%A4%A`);
    assert.equal(malformed.status, 200, "a malformed escape does not bring the server down");
  });

  it("hands /api/* to the worker with method, path, body, cookie and the panel's Host, and returns its answer", async () => {
    const response = await fetch(`${panel.url}/api/v1/auth/login?x=1`, { method: "POST", headers: { cookie: "a=b", origin: panel.url, "content-type": "application/json" }, body: '{"email":"e"}' });
    assert.equal(response.status, 201);
    assert.match(response.headers.get("set-cookie") ?? "", /SameSite=Strict/);
    const request = seen.at(-1)!;
    assert.equal(request.method, "POST");
    assert.equal(request.url, "/api/v1/auth/login?x=1");
    assert.equal(request.body, '{"email":"e"}');
    assert.equal(request.headers.cookie, "a=b");
    assert.equal(`http://${request.headers.host}`, panel.url);
    assert.equal(request.headers.origin, panel.url);
  });

  it("hands a WebSocket upgrade on /api/* to the worker and joins the two sockets", async () => {
    const { port } = new URL(panel.url);
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), "127.0.0.1", () => socket.write(`GET /api/v1/events HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nOrigin: ${panel.url}\r\n\r\n`));
      let data = "";
      socket.on("data", (chunk) => (data += chunk));
      socket.on("close", () => resolve(data));
      socket.on("error", reject);
    });
    assert.match(answer, /^HTTP\/1.1 101/);
    assert.match(answer, /hello$/);
    assert.equal(seen.at(-1)?.method, "UPGRADE");
    assert.equal(seen.at(-1)?.headers.origin, panel.url);
  });

  it("says the panel is not built when there is no build", async () => {
    const empty = await startPanelServer({ port: 0, workerUrl: "http://127.0.0.1:9", distDir: mkdtempSync(join(tmpdir(), "panel-empty-")) });
    try {
      const response = await fetch(`${empty.url}/`);
      assert.equal(response.status, 503);
      assert.match(await response.text(), /npm run build:admin/);
    } finally {
      await empty.stop();
    }
  });
});
