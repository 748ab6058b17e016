import { startTestStack } from "../test/harness/node/stack";
import { adminClient } from "../test/harness/target";
import { postText, wazzupSent } from "../test/harness/wazzup";

/**
 * `npm run bench:first-reply`: a fresh start (new state folder, embedded Postgres, offline mode)
 * and, the moment the start returns, customer messages: the time from each webhook to its reply,
 * while the first catalog sync and indexing are still running. A customer must never wait behind
 * that background work. Prints the times and whether the sync was still open when each reply came.
 */
const started = Date.now();
const fresh = await startTestStack({
  name: "first-reply",
  port: Number(process.env.BENCH_PORT ?? 8797),
  unset: ["OPENROUTER_API_KEY", "WAZZUP_API_URL", "ZOHO_REFRESH_TOKEN", "DATABASE_URL", "EMBEDDINGS_API_KEY"],
  log: (line) => process.env.BENCH_VERBOSE && console.log(`  ${line}`),
});
console.log(`stack up in ${((Date.now() - started) / 1000).toFixed(1)} s`);

const messages = ["Hello, good morning", "Do you deliver to Abu Dhabi?", "ergonomic chair under 1000 AED"];
try {
  for (const [i, text] of messages.entries()) {
    const chatId = `97150${String(Date.now()).slice(-7)}${i}`;
    const sentAt = Date.now();
    await postText(fresh.target, chatId, text, { name: "Bench" });
    const reply = await wazzupSent(fresh.target, { chatId, waitMs: 120_000 });
    const ms = Date.now() - sentAt;
    const sync = await adminClient(fresh.target).listSyncRuns({ query: { limit: 1 } });
    console.log(`reply ${i + 1} ("${text}"): ${reply.length ? `${ms} ms` : "none within 120 s"}; first sync ${sync.open ? "still running" : "finished"}`);
  }
} finally {
  await fresh.stop();
}
