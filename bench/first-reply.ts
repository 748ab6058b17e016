import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startLocalStack } from "../scripts/dev/stack";
import { inboundTextMessage } from "../stand-ins/wazzup-messages";

/**
 * `npm run bench:first-reply`: a fresh start (new state folder, embedded Postgres, offline mode)
 * and, the moment the start returns, customer messages: the time from each webhook to its reply,
 * while the first catalog sync and indexing are still running. A customer must never wait behind
 * that background work. Prints the times and whether the sync was still open when each reply came.
 */
const stateDir = mkdtempSync(join(process.env.BENCH_STATE_DIR ?? tmpdir(), "wa-agent-first-reply-"));
const env: Record<string, string | undefined> = { ...process.env };
for (const name of ["OPENROUTER_API_KEY", "WAZZUP_API_URL", "ZOHO_REFRESH_TOKEN", "DATABASE_URL", "EMBEDDINGS_API_KEY"]) delete env[name];
const started = Date.now();
const stack = await startLocalStack({ stateDir, port: Number(process.env.BENCH_PORT ?? 8797), env, log: (line) => process.env.BENCH_VERBOSE && console.log(`  ${line}`) });
console.log(`stack up in ${((Date.now() - started) / 1000).toFixed(1)} s`);

const messages = ["Hello, good morning", "Do you deliver to Abu Dhabi?", "ergonomic chair under 1000 AED"];
try {
  for (const [i, text] of messages.entries()) {
    const chatId = `97150${String(Date.now()).slice(-7)}${i}`;
    const sentAt = Date.now();
    const response = await fetch(`${stack.workerUrl}/api/v1/webhook/wazzup?token=${encodeURIComponent(stack.webhookToken)}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ messages: [inboundTextMessage({ channelId: stack.channelId, chatId, text, name: "Bench" })] }),
    });
    if (!response.ok) throw new Error(`webhook answered ${response.status}`);
    const reply = await fetch(`${stack.wazzupStandInUrl}/__control/messages?chatId=${chatId}&waitMs=120000`).then((r) => r.json() as Promise<{ messages: unknown[] }>);
    const ms = Date.now() - sentAt;
    const sync = await fetch(`${stack.workerUrl}/api/v1/products/sync?limit=1`, { headers: { authorization: `Bearer ${stack.adminToken}` } }).then((r) => r.json() as Promise<{ open?: unknown }>);
    console.log(`reply ${i + 1} ("${text}"): ${reply.messages.length ? `${ms} ms` : "none within 120 s"}; first sync ${sync.open ? "still running" : "finished"}`);
  }
} finally {
  await stack.stop();
  rmSync(stateDir, { recursive: true, force: true });
}
