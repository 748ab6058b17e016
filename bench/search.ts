import { readFileSync } from "node:fs";
import { generateZohoItems } from "../stand-ins/zoho-catalog";
import { standInControl } from "../test/harness/stand-ins";
import { adminClient } from "../test/harness/target";
import { searchOnce, startSearchStack, waitForSync, type SearchStack, type Store } from "./search-stack";
import { ms, summarize } from "./stats";

/**
 * `npm run bench:search`: a 10,000-item catalog in the Zoho stand-in, synced through the worker
 * (queue, Zoho pacing, embeddings stand-in, vector store), then hybrid search latency, for each
 * vector store:
 *  - sync: wall time, pages, Zoho requests (and tokens granted), embedding requests;
 *  - re-sync of the unchanged catalog: embedding requests (must be 0) and wall time;
 *  - search p50/p95 over the labelled queries (and filtered variants), each query's embedding
 *    cached by a first warm-up pass, so the figures exclude the embedding call: `searchMs` is the
 *    search inside the worker, `tookMs` adds opening the database connection, `client` the HTTP
 *    round trip through wrangler dev.
 * BENCH_ITEMS (10000), BENCH_STORES (qdrant,pgvector), BENCH_ROUNDS (5).
 */
const items = Number(process.env.BENCH_ITEMS ?? 10_000);
const stores = (process.env.BENCH_STORES ?? "qdrant,pgvector").split(",") as Store[];
const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const labelled = (JSON.parse(readFileSync("data/search-queries.json", "utf8")) as { query: string }[]).map((q) => q.query);
const catalog = generateZohoItems(items, { seed: 1 });

for (const store of stores) {
  console.log(`\n== ${store}: ${items.toLocaleString()} items`);
  const search = await startSearchStack(store, { port: Number(process.env.BENCH_PORT ?? 8799), zohoItems: catalog, seed: false });
  try {
    await syncFigures(search);
    await searchFigures(search);
  } finally {
    await search.stop();
  }
}

function zohoCounters(search: SearchStack): Promise<{ apiCalls: number; tokenGrants: number }> {
  return standInControl(search.stack.zohoStandInUrl!, "/__control/requests");
}

async function embeddingRequests(search: SearchStack): Promise<number> {
  return (await standInControl<{ requests: number }>(search.stack.services.embeddingsUrl!, "/__control/stats")).requests;
}

async function syncFigures(search: SearchStack): Promise<void> {
  // The stack started a sync on boot; it is the first, full one.
  const zohoBefore = { apiCalls: 0, tokenGrants: 0 };
  const first = await waitForSync(search, (await latestRunId(search)) ?? undefined);
  const zoho = await zohoCounters(search);
  const seconds = (Date.parse(first.finishedAt!) - Date.parse(first.startedAt!)) / 1000;
  console.log(
    `first sync: ${first.status} in ${seconds.toFixed(1)} s (started to finished; queue hops included): ${first.pages} pages, ${first.itemsSeen} items, ` +
      `${first.embedded} embedded; Zoho requests ${zoho.apiCalls - zohoBefore.apiCalls} (+${zoho.tokenGrants} token grant), ` +
      `${((zoho.apiCalls / Math.max(seconds, 60)) * 60).toFixed(0)} per minute at most; embedding requests ${first.embeddingRequests}`,
  );
  const embeddingsBefore = await embeddingRequests(search);
  const started = Date.now();
  const again = await waitForSync(search);
  const embeddingsAfter = await embeddingRequests(search);
  const zohoAfter = await zohoCounters(search);
  console.log(
    `re-sync (unchanged, ${again.mode}): ${again.status} in ${((Date.now() - started) / 1000).toFixed(1)} s; items changed ${again.itemsChanged}; ` +
      `embedding requests ${embeddingsAfter - embeddingsBefore} (run says ${again.embeddingRequests}); Zoho requests ${zohoAfter.apiCalls - zoho.apiCalls}`,
  );
}

async function latestRunId(search: SearchStack): Promise<string | null> {
  return (await adminClient(search.target).listSyncRuns({ query: { limit: 1 } })).runs[0]?.id ?? null;
}

async function searchFigures(search: SearchStack): Promise<void> {
  const cases: Record<string, string | number>[] = [
    ...labelled.map((q) => ({ q, limit: 10 })),
    ...labelled.slice(0, 30).map((q, i) => ({ q, limit: 10, max_price: 2000 + i * 100, min_stock: 5 })),
    ...labelled.slice(30, 60).map((q) => ({ q, limit: 10, category: "chairs" })),
  ];
  for (const params of cases) await searchOnce(search, params); // warm-up: caches each query's embedding
  const server: number[] = [];
  const took: number[] = [];
  const client: number[] = [];
  const modes = new Map<string, number>();
  const parts = { lexicalMs: [] as number[], denseMs: [] as number[], hydrateMs: [] as number[] };
  for (let round = 0; round < rounds; round++) {
    for (const params of cases) {
      const { answer, clientMs } = await searchOnce(search, params);
      server.push(answer.searchMs);
      took.push(answer.tookMs);
      client.push(clientMs);
      modes.set(answer.mode, (modes.get(answer.mode) ?? 0) + 1);
      for (const key of Object.keys(parts) as (keyof typeof parts)[]) parts[key].push(answer.timings?.[key] ?? Number.NaN);
    }
  }
  const line = (name: string, values: number[]) => {
    const s = summarize(values);
    return `${name.padEnd(30)} p50 ${ms(s.p50).padStart(9)}   p95 ${ms(s.p95).padStart(9)}   p99 ${ms(s.p99).padStart(9)}`;
  };
  console.log(`search, ${server.length} requests (${cases.length} queries x ${rounds}; modes ${JSON.stringify(Object.fromEntries(modes))}):`);
  console.log(line("  in the worker (searchMs)", server));
  console.log(line("  + db connection (tookMs)", took));
  console.log(line("  client round trip", client));
  console.log(line("    lexical (Postgres)", parts.lexicalMs));
  console.log(line("    dense (vector store)", parts.denseMs));
  console.log(line("    hydrate (Postgres)", parts.hydrateMs));
}
