import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync, existsSync, readFileSync } from "node:fs";
import { createServer as createHttpServer } from "node:http";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { shownMessage } from "../dev/chat-format";
import { waitForOwnWorker } from "../dev/stack";
import { acquireStateLock, StartRefused } from "../dev/start-guards";
import { wranglerOutputFilter } from "../dev/wrangler-output";

/**
 * The local start and chat scripts, run as a newcomer runs them (spawned), plus their parts.
 * Each test pins a defect seen on a fresh clone (issue 15). Fast: nothing here starts the stack.
 */
const tsx = join(process.cwd(), "node_modules", ".bin", "tsx");
const stateDir = () => mkdtempSync(join(tmpdir(), "wa-start-test-"));

function run(script: string, env: Record<string, string>): Promise<{ code: number | null; out: string; ms: number }> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(tsx, [script], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    child.on("exit", (code) => resolve({ code, out, ms: Date.now() - started }));
  });
}

function listen(): Promise<Server> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => resolve(server));
  });
}

const portOf = (server: { address(): unknown }) => (server.address() as { port: number }).port;

describe("npm start", () => {
  it("refuses at once, naming the port, when the port is taken", async () => {
    const holder = await listen();
    try {
      const port = portOf(holder);
      const result = await run("scripts/dev/start.ts", { PORT: String(port), LOCAL_STATE_DIR: stateDir() });
      assert.equal(result.code, 1);
      assert.match(result.out, new RegExp(`Port ${port} is already in use`));
      assert.doesNotMatch(result.out, /Sales agent running/);
      assert.doesNotMatch(result.out, /^\s+at /m, "no stack trace");
      assert.ok(result.ms < 15_000, `refused in ${result.ms} ms`);
    } finally {
      holder.close();
    }
  });

  it("refuses while another instance uses the same state folder", async () => {
    const dir = stateDir();
    const probe = await listen();
    const port = portOf(probe);
    probe.close();
    writeFileSync(join(dir, "start.lock"), JSON.stringify({ pid: process.pid, port: 9999, startedAt: new Date().toISOString() }));
    const result = await run("scripts/dev/start.ts", { PORT: String(port), LOCAL_STATE_DIR: dir });
    assert.equal(result.code, 1);
    assert.match(result.out, new RegExp(`Another \`npm start\` \\(pid ${process.pid}`));
    // The other instance's lock is left alone.
    assert.equal(JSON.parse(readFileSync(join(dir, "start.lock"), "utf8")).pid, process.pid);
  });

  it("takes over a lock whose process is gone, and releases only its own", () => {
    const dir = stateDir();
    const dead = spawnSync(process.execPath, ["-e", "process.exit(0)"]).pid!;
    writeFileSync(join(dir, "start.lock"), JSON.stringify({ pid: dead, port: 1, startedAt: "earlier" }));
    const lock = acquireStateLock(dir, 8787);
    assert.equal(lock.tookOverStale?.pid, dead);
    assert.throws(() => acquireStateLock(dir, 8788, process.ppid), StartRefused);
    lock.release();
    assert.equal(existsSync(join(dir, "start.lock")), false);
  });

  it("does not take another process's health answer for its own worker", async () => {
    const impostor = createHttpServer((_req, res) => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ ok: true })));
    await new Promise<void>((resolve) => impostor.listen(0, "127.0.0.1", resolve));
    try {
      await assert.rejects(waitForOwnWorker(`http://127.0.0.1:${portOf(impostor)}`, "this-start", { exitCode: null }, 5000), /answered by another process/);
    } finally {
      impostor.close();
    }
  });

  it("stops at once when the worker refuses its configuration, naming the setting", async () => {
    const refusing = createHttpServer((_req, res) =>
      res.writeHead(503, { "content-type": "application/json" }).end(JSON.stringify({ error: { code: "NOT_CONFIGURED", message: "Invalid configuration: ADMIN_API_TOKEN: is too short", requestId: "r" } })),
    );
    await new Promise<void>((resolve) => refusing.listen(0, "127.0.0.1", resolve));
    const started = Date.now();
    try {
      await assert.rejects(waitForOwnWorker(`http://127.0.0.1:${portOf(refusing)}`, "this-start", { exitCode: null }, 20_000), /refuses its configuration: Invalid configuration: ADMIN_API_TOKEN: is too short/);
      assert.ok(Date.now() - started < 5000, "refused without waiting out the timeout");
    } finally {
      refusing.close();
    }
  });

  it("prints wrangler's offline Request.cf trace as one quiet note, not as an error", () => {
    const shown: string[] = [];
    const filter = wranglerOutputFilter((l) => shown.push(l), (l) => shown.push(`note: ${l}`));
    for (const line of [
      "✘ [ERROR] Failed to fetch Request.cf data from https://workers.cloudflare.com/cf.json",
      "TypeError: fetch failed",
      "    at fetch (node:internal/deps/undici/undici:13510:13)",
      "  [cause]: Error: getaddrinfo ENOTFOUND workers.cloudflare.com",
      "      at GetAddrInfoReqWrap.onlookupall [as oncomplete] (node:dns:120:26) {",
      "    errno: -3008,",
      "  }",
      "[wrangler:info] Ready on http://127.0.0.1:8787",
    ]) filter(line);
    assert.equal(shown.length, 2);
    assert.match(shown[0]!, /^note: .*harmless/);
    assert.equal(shown[1], "[wrangler:info] Ready on http://127.0.0.1:8787");
  });
});

describe("npm run chat", () => {
  it("explains how to start the stack when none runs, without a stack trace", async () => {
    const result = await run("scripts/dev/chat.ts", { LOCAL_STATE_DIR: stateDir() });
    assert.equal(result.code, 2);
    assert.match(result.out, /No local stack is running/);
    assert.match(result.out, /npm start/);
    assert.doesNotMatch(result.out, /^\s+at /m);
  });

  it("shows the document a message links to instead of an empty line", () => {
    assert.equal(shownMessage({ contentUri: "https://agent.test/api/v1/quotations/q/document?sig=ab" }), "📄 document: https://agent.test/api/v1/quotations/q/document?sig=ab");
    assert.equal(shownMessage({ text: "Your sale order SO-1" }), "Your sale order SO-1");
  });
});
