import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import type { StackInfo } from "../dev/local-config";
import { freePort } from "../simulate/stack";
import { adminClient, targetAt } from "../../test/harness/target";
import { postText, wazzupSent } from "../../test/harness/wazzup";

/**
 * The whole stack booted as a newcomer boots it: `npm start`'s script on a free port with a state
 * folder of its own and no keys (issue 15). The banner must come only once our own worker answers,
 * the first sync and the knowledge index must report, and a customer's first message must be
 * answered while the first sync runs, not after it.
 */
const tsx = join(process.cwd(), "node_modules", ".bin", "tsx");
const FIRST_REPLY_GUARD_MS = 20_000;

interface Line {
  at: number;
  text: string;
}

let child: ChildProcess | null = null;
const stateDir = mkdtempSync(join(tmpdir(), "wa-start-stack-"));
after(async () => {
  if (child && child.exitCode === null) {
    child.kill("SIGTERM");
    await new Promise((resolve) => child!.once("exit", resolve));
  }
  rmSync(stateDir, { recursive: true, force: true });
});

describe("npm start, the whole stack", () => {
  it("prints the banner only once its own worker answers, reports the first sync, and answers a customer while it runs", async () => {
    const port = await freePort();
    const env: Record<string, string | undefined> = { ...process.env, PORT: String(port), LOCAL_STATE_DIR: stateDir };
    for (const name of ["OPENROUTER_API_KEY", "LLM_STANDIN", "WAZZUP_API_URL", "ZOHO_REFRESH_TOKEN", "DATABASE_URL", "EMBEDDINGS_API_KEY", "QDRANT_URL"]) delete env[name];
    const started = Date.now();
    child = spawn(tsx, ["scripts/dev/start.ts"], { env, stdio: ["ignore", "pipe", "pipe"] });
    const lines: Line[] = [];
    const waiters: { pattern: RegExp; resolve: (line: Line) => void }[] = [];
    const onData = (chunk: Buffer) => {
      for (const text of chunk.toString().split("\n").filter((l) => l.trim())) {
        const line = { at: Date.now(), text };
        lines.push(line);
        for (const waiter of waiters.filter((w) => w.pattern.test(text))) waiter.resolve(line);
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    const exited = new Promise<never>((_, reject) => child!.once("exit", (code) => reject(new Error(`npm start exited with ${code}:\n${lines.map((l) => l.text).join("\n")}`))));
    const line = (pattern: RegExp, timeoutMs: number) =>
      Promise.race([
        exited,
        new Promise<Line>((resolve, reject) => {
          const seen = lines.find((l) => pattern.test(l.text));
          if (seen) return resolve(seen);
          waiters.push({ pattern, resolve });
          setTimeout(() => reject(new Error(`no line matching ${pattern} within ${timeoutMs / 1000} s:\n${lines.map((l) => l.text).join("\n")}`)), timeoutMs).unref();
        }),
      ]);

    const banner = await line(new RegExp(`Sales agent running at http://127\\.0\\.0\\.1:${port}`), 180_000);
    // At the banner the port is answered by the worker this start launched: its instance id is in the worker's env file.
    const health = (await (await fetch(`http://127.0.0.1:${port}/api/v1/health`)).json()) as { instance?: string };
    const instance = /LOCAL_INSTANCE_ID="([^"]+)"/.exec(readFileSync(join(stateDir, "worker.env"), "utf8"))?.[1];
    assert.ok(instance, "the start gave its worker an instance id");
    assert.equal(health.instance, instance);
    const answering = await line(/✓ worker: answering at/, 0);
    assert.ok(answering.at <= banner.at && lines.indexOf(answering) < lines.indexOf(banner), "the worker answered before the banner");
    const syncStarted = await line(/✓ first sync: knowledge indexing started, catalog sync started/, 0);
    assert.ok(lines.indexOf(syncStarted) < lines.indexOf(banner));

    // A customer writes the moment the banner appears, while the first sync and indexing run.
    const stack = targetAt(JSON.parse(readFileSync(join(stateDir, "stack.json"), "utf8")) as StackInfo);
    assert.equal(stack.origin, `http://127.0.0.1:${port}`);
    const chatId = `9715${String(Date.now()).slice(-8)}`;
    const sentAt = Date.now();
    await postText(stack, chatId, "Hello, good morning", { name: "First Customer" });
    const reply = await wazzupSent(stack, { chatId, waitMs: FIRST_REPLY_GUARD_MS });
    const replyMs = Date.now() - sentAt;
    const sync = await adminClient(stack).listSyncRuns({ query: { limit: 1 } });
    const reportedDone = lines.find((l) => /first sync: done/.test(l.text));
    const syncState = sync.open ? "still running" : reportedDone && reportedDone.at <= sentAt + replyMs ? "already reported done" : "done by now, not yet reported when the reply came";
    console.log(`start to banner ${((banner.at - started) / 1000).toFixed(1)} s; first reply ${replyMs} ms; first sync ${syncState}`);
    assert.ok(reply.length > 0, `a first reply within ${FIRST_REPLY_GUARD_MS / 1000} s`);
    assert.match(reply[0]!.text ?? "", /Hello|assistant/i);
    assert.ok(replyMs < FIRST_REPLY_GUARD_MS);

    const done = await line(/✓ first sync: done in \d+ s \(catalog sync succeeded, \d+ knowledge documents indexed\); search is hybrid/, 240_000);
    console.log(`first sync and knowledge index done ${((done.at - banner.at) / 1000).toFixed(1)} s after the banner`);
    child.kill("SIGTERM");
    const code = await new Promise((resolve) => child!.once("exit", resolve));
    assert.equal(code, 0);
  });
});
