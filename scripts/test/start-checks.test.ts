import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { startOpenRouterStandIn, type OpenRouterStandIn } from "../../stand-ins/openrouter";
import { checkOpenRouterKey } from "../dev/start-checks";

/**
 * Issue 20, loud failures at start: a wrong OpenRouter key, an unreachable DATABASE_URL and taken
 * ports are each named (service, host, port, the right variable) before anything starts. The
 * start is spawned as a newcomer runs it; a start that gets past its checks is stopped at 25 s.
 */
const tsx = join(process.cwd(), "node_modules", ".bin", "tsx");
const stateDir = () => mkdtempSync(join(tmpdir(), "wa-start-checks-"));

function run(script: string, env: Record<string, string>, args: string[] = []): Promise<{ code: number | null; out: string; ms: number }> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(tsx, [script, ...args], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"], detached: true });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    // A start that did not refuse: stop it and whatever it spawned (its own process group).
    const timer = setTimeout(() => process.kill(-child.pid!, "SIGKILL"), 25_000);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, out, ms: Date.now() - started });
    });
  });
}

function listen(port = 0): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve(server));
  });
}
const portOf = (server: { address(): unknown }) => (server.address() as { port: number }).port;

/** A port nothing listens on (taken, then released). */
async function closedPort(): Promise<number> {
  const server = await listen();
  const port = portOf(server);
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Two free ports in a row, so tests can hold one and check what is suggested for it. */
async function freePair(): Promise<[number, number]> {
  for (;;) {
    const first = await closedPort();
    const second = await listen(first + 1).catch(() => null);
    if (second) {
      await new Promise((resolve) => second.close(resolve));
      return [first, first + 1];
    }
  }
}

describe("npm start checks the model key", () => {
  let openrouter: OpenRouterStandIn;
  before(async () => {
    openrouter = await startOpenRouterStandIn({ apiKey: "sk-or-v1-right" });
  });
  after(async () => {
    await openrouter.close();
  });

  it("refuses a key OpenRouter answers 401 to, naming OpenRouter, the host and the fix", async () => {
    const [port, adminPort] = await freePair();
    const result = await run("scripts/dev/start.ts", {
      PORT: String(port),
      ADMIN_PORT: String(adminPort),
      LOCAL_STATE_DIR: stateDir(),
      DATABASE_URL: "",
      OPENROUTER_API_KEY: "sk-or-v1-wrong",
      OPENROUTER_BASE_URL: `${openrouter.url}/api/v1`,
    });
    assert.equal(result.code, 1, result.out);
    assert.match(result.out, new RegExp(`OpenRouter at 127\\.0\\.0\\.1:${new URL(openrouter.url).port} refused OPENROUTER_API_KEY \\(HTTP 401: User not found\\.\\)`));
    assert.match(result.out, /unset OPENROUTER_API_KEY to run with the offline salesperson/);
    assert.doesNotMatch(result.out, /sk-or-v1-wrong/, "the key is never printed");
    assert.doesNotMatch(result.out, /database:|Sales agent running/, "refused before anything started");
    assert.doesNotMatch(result.out, /^\s+at /m, "no stack trace");
  });

  it("accepts the right key and reports an OpenRouter it cannot reach, naming the host", async () => {
    assert.deepEqual(await checkOpenRouterKey("sk-or-v1-right", `${openrouter.url}/api/v1`), { ok: true, line: `llm: OpenRouter at ${new URL(openrouter.url).host} accepted OPENROUTER_API_KEY` });
    const port = await closedPort();
    const unreachable = await checkOpenRouterKey("sk-or-v1-right", `http://127.0.0.1:${port}/api/v1`);
    assert.equal(unreachable.ok, false);
    assert.match(unreachable.line, new RegExp(`^llm: OpenRouter at 127\\.0\\.0\\.1:${port} could not be reached \\(.*ECONNREFUSED.*\\); customers get the offline salesperson`));
  });
});

describe("npm start checks DATABASE_URL", () => {
  it("refuses a Postgres it cannot connect to, naming host, port and the error, and never says it is ready", async () => {
    const [port, adminPort] = await freePair();
    const dbPort = await closedPort();
    const result = await run("scripts/dev/start.ts", {
      PORT: String(port),
      ADMIN_PORT: String(adminPort),
      LOCAL_STATE_DIR: stateDir(),
      DATABASE_URL: `postgres://shop:secret-pw@127.0.0.1:${dbPort}/shop`,
      OPENROUTER_API_KEY: "",
    });
    assert.equal(result.code, 1, result.out);
    assert.match(result.out, new RegExp(`cannot reach the Postgres of DATABASE_URL at 127\\.0\\.0\\.1:${dbPort}: .*ECONNREFUSED`));
    assert.doesNotMatch(result.out, /Postgres ready|migrations/);
    assert.doesNotMatch(result.out, /secret-pw/, "the password is never printed");
    assert.ok(result.ms < 20_000, `refused in ${result.ms} ms`);
  });
});

describe("npm start suggests free ports of the right variable", () => {
  it("with ADMIN_PORT taken, suggests a free ADMIN_PORT, not PORT", async () => {
    const [port, adminPort] = await freePair();
    const holder = await listen(adminPort);
    try {
      const result = await run("scripts/dev/start.ts", { PORT: String(port), ADMIN_PORT: String(adminPort), LOCAL_STATE_DIR: stateDir(), OPENROUTER_API_KEY: "", DATABASE_URL: "" });
      assert.equal(result.code, 1, result.out);
      assert.match(result.out, new RegExp(`Port ${adminPort} is already in use on 127\\.0\\.0\\.1, so the panel cannot listen there \\(ADMIN_PORT\\)`));
      const suggested = /ADMIN_PORT=(\d+) npm start/.exec(result.out)?.[1];
      assert.ok(suggested, result.out);
      assert.notEqual(Number(suggested), port, "never the worker's port");
      assert.notEqual(Number(suggested), adminPort);
      assert.doesNotMatch(result.out, /(^|[^_])PORT=\d+ npm start/m, "no PORT suggestion for a taken ADMIN_PORT");
    } finally {
      holder.close();
    }
  });

  it("with PORT taken, suggests a free PORT that is not ADMIN_PORT", async () => {
    const [port, adminPort] = await freePair();
    const holder = await listen(port);
    try {
      const result = await run("scripts/dev/start.ts", { PORT: String(port), ADMIN_PORT: String(adminPort), LOCAL_STATE_DIR: stateDir() });
      assert.equal(result.code, 1, result.out);
      const suggested = Number(/(?:^|[^_])PORT=(\d+) npm start/m.exec(result.out)?.[1]);
      assert.ok(suggested > 0, result.out);
      assert.notEqual(suggested, adminPort, "ADMIN_PORT is taken by this very start");
      assert.notEqual(suggested, port);
    } finally {
      holder.close();
    }
  });

  it("with both ports taken (another start on the same ports), suggests a free value for each", async () => {
    const [port, adminPort] = await freePair();
    const holders = [await listen(port), await listen(adminPort)];
    try {
      const result = await run("scripts/dev/start.ts", { PORT: String(port), ADMIN_PORT: String(adminPort), LOCAL_STATE_DIR: stateDir() });
      assert.equal(result.code, 1, result.out);
      const hint = /start on two free ports: PORT=(\d+) ADMIN_PORT=(\d+) npm start/.exec(result.out);
      assert.ok(hint, result.out);
      const [worker, panel] = [Number(hint[1]), Number(hint[2])];
      assert.notEqual(worker, panel);
      for (const suggested of [worker, panel]) assert.ok(![port, adminPort].includes(suggested), `${suggested} is taken`);
    } finally {
      for (const holder of holders) holder.close();
    }
  });

  it("with the state folder in use, suggests a free PORT and ADMIN_PORT for a second instance", async () => {
    const [port, adminPort] = await freePair();
    const dir = stateDir();
    writeFileSync(join(dir, "start.lock"), JSON.stringify({ pid: process.pid, port, startedAt: new Date().toISOString() }));
    const result = await run("scripts/dev/start.ts", { PORT: String(port), ADMIN_PORT: String(adminPort), LOCAL_STATE_DIR: dir });
    assert.equal(result.code, 1, result.out);
    const hint = /LOCAL_STATE_DIR=\.local-2 PORT=(\d+) ADMIN_PORT=(\d+) npm start/.exec(result.out);
    assert.ok(hint, result.out);
    const [worker, panel] = [Number(hint[1]), Number(hint[2])];
    assert.notEqual(worker, panel);
    for (const suggested of [worker, panel]) assert.ok(![port, adminPort].includes(suggested), `${suggested} is this start's own port`);
  });
});
