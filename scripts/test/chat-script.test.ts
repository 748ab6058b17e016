import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";

/** Issue 20: `npm run chat` has --help, reads the stack of LOCAL_STATE_DIR, and points at another state folder's stack. */
const tsx = join(process.cwd(), "node_modules", ".bin", "tsx");
const chatScript = join(process.cwd(), "scripts", "dev", "chat.ts");

function chat(env: Record<string, string>, args: string[] = [], cwd = process.cwd()): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(tsx, [chatScript, ...args], { cwd, env: { ...process.env, LOCAL_STATE_DIR: "", CHAT_TAIL_MS: "0", ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    child.on("exit", (code) => resolve({ code, out }));
  });
}

/** Plays the worker's /health and the Wazzup stand-in's reply log: all `npm run chat` needs to begin. */
async function fakeStack(dir: string): Promise<{ url: string; close: () => void }> {
  const server = createServer((req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify(req.url?.startsWith("/api/v1/health") ? { ok: true } : { messages: [] }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, "stack.json"),
    JSON.stringify({ workerUrl: url, webhookToken: "t", adminToken: "a", channelId: "local-channel", wazzupStandInUrl: url, llmMode: "offline", zohoStandInUrl: null, embeddings: "stand-in", vectorStore: "pgvector" }),
  );
  return { url, close: () => server.close() };
}

describe("npm run chat", () => {
  it("--help prints its options and where it finds the stack, and exits 0 without one running", async () => {
    const result = await chat({ LOCAL_STATE_DIR: mkdtempSync(join(tmpdir(), "wa-chat-")) }, ["--help"]);
    assert.equal(result.code, 0, result.out);
    for (const option of ["--phone", "--name", "--telegram", "--help", "LOCAL_STATE_DIR"]) assert.match(result.out, new RegExp(option));
    assert.doesNotMatch(result.out, /No local stack is running/);
  });

  it("chats with the stack started with LOCAL_STATE_DIR", async () => {
    const dir = mkdtempSync(join(tmpdir(), "wa-chat-"));
    const stack = await fakeStack(dir);
    try {
      const result = await chat({ LOCAL_STATE_DIR: dir }, ["--phone", "971500001234"]);
      assert.equal(result.code, 0, result.out);
      assert.match(result.out, new RegExp(`Chatting as \\+971500001234 on WhatsApp with ${stack.url}`));
    } finally {
      stack.close();
    }
  });

  it("without LOCAL_STATE_DIR, names the state folder whose stack is running", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "wa-chat-cwd-"));
    const stack = await fakeStack(join(cwd, ".local-2"));
    try {
      const result = await chat({}, [], cwd);
      assert.equal(result.code, 2, result.out);
      assert.match(result.out, /No local stack is running/);
      assert.match(result.out, /LOCAL_STATE_DIR=\.local-2 npm run chat/);
    } finally {
      stack.close();
    }
  });
});

describe("state folders", () => {
  it("are git-ignored for every instance, not only .local/ (their secrets.json is one `git add -A` from a commit)", () => {
    for (const path of [".local/secrets.json", ".local-2/secrets.json", ".local-browser/pgdata/PG_VERSION", ".localstate/stack.json"]) {
      assert.equal(spawnSync("git", ["check-ignore", "--quiet", "--no-index", path]).status, 0, `${path} is ignored`);
    }
    assert.equal(spawnSync("git", ["check-ignore", "--quiet", "--no-index", "scripts/dev/local-config.ts"]).status, 1, "our code is not ignored");
  });
});
