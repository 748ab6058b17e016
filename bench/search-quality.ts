import { readFileSync } from "node:fs";
import { z } from "zod";
import { searchOnce, startSearchStack, waitForSync, type Store } from "./search-stack";

/**
 * `npm run eval:search`: recall@5 and MRR of lexical, dense and hybrid retrieval on the labelled
 * English/Arabic queries in data/search-queries.json, over the demo catalog synced through the
 * local stack (Zoho stand-in -> worker -> embeddings stand-in -> vector store).
 *
 * recall@5 = |relevant in top 5| / min(|relevant|, 5); MRR = mean of 1/rank of the first relevant
 * result in the top 10 (0 when none). Dense figures come from the embeddings stand-in, a
 * deterministic bilingual embedder, not from Jina: they show the plumbing, not Jina's quality.
 * EVAL_STORES (default pgvector) picks the vector stores; EVAL_VERBOSE=1 lists hybrid misses.
 */
const querySchema = z.array(
  z.object({ id: z.string(), language: z.enum(["en", "ar", "mixed"]), kind: z.string(), query: z.string(), relevant: z.array(z.string()).min(1) }),
);
const queries = querySchema.parse(JSON.parse(readFileSync("data/search-queries.json", "utf8")));
const stores = (process.env.EVAL_STORES ?? "pgvector").split(",") as Store[];
const modes = ["lexical", "dense", "hybrid"] as const;

for (const store of stores) {
  console.log(`\n== ${store}: starting the local stack and syncing the demo catalog…`);
  const search = await startSearchStack(store, { port: Number(process.env.EVAL_PORT ?? 8798) });
  try {
    const run = await waitForSync(search);
    console.log(`sync ${run.status}: ${run.itemsSeen} items, ${run.embedded} embedded`);
    const results: Record<string, { recall: number[]; rr: number[]; byGroup: Map<string, { recall: number[]; rr: number[] }> }> = {};
    for (const mode of modes) {
      const scores = { recall: [] as number[], rr: [] as number[], byGroup: new Map<string, { recall: number[]; rr: number[] }>() };
      for (const q of queries) {
        const { answer } = await searchOnce(search, { q: q.query, limit: 10, retrieval: mode });
        if (mode !== "lexical" && answer.mode === "lexical") throw new Error(`dense retrieval unavailable: ${answer.denseUnavailable}`);
        const skus = answer.products.map((p) => p.sku.toUpperCase());
        const relevant = new Set(q.relevant.map((s) => s.toUpperCase()));
        const recall = skus.slice(0, 5).filter((s) => relevant.has(s)).length / Math.min(relevant.size, 5);
        const firstHit = skus.findIndex((s) => relevant.has(s));
        const rr = firstHit === -1 ? 0 : 1 / (firstHit + 1);
        if (process.env.EVAL_VERBOSE && mode === "hybrid" && recall < 1) console.log(`miss ${q.id} [${q.query}] R@5=${recall.toFixed(2)} want ${q.relevant.join(",")} got ${skus.slice(0, 5).join(",")}`);
        scores.recall.push(recall);
        scores.rr.push(rr);
        for (const group of [`lang:${q.language}`, `kind:${q.kind}`]) {
          const g = scores.byGroup.get(group) ?? { recall: [], rr: [] };
          g.recall.push(recall);
          g.rr.push(rr);
          scores.byGroup.set(group, g);
        }
      }
      results[mode] = scores;
    }
    const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / Math.max(values.length, 1);
    console.log(`\n${queries.length} labelled queries (${count("en")} English, ${count("ar")} Arabic, ${count("mixed")} mixed)`);
    console.log(`${"".padEnd(18)}${modes.map((m) => `${m} R@5 / MRR`.padStart(22)).join("")}`);
    const groups = ["all", ...[...results.hybrid!.byGroup.keys()].sort()];
    for (const group of groups) {
      const cells = modes.map((mode) => {
        const s = group === "all" ? results[mode]! : results[mode]!.byGroup.get(group)!;
        return `${mean(s.recall).toFixed(3)} / ${mean(s.rr).toFixed(3)}`.padStart(22);
      });
      const n = group === "all" ? queries.length : results.hybrid!.byGroup.get(group)!.recall.length;
      console.log(`${`${group} (${n})`.padEnd(18)}${cells.join("")}`);
    }
  } finally {
    await search.stop();
  }
}

function count(language: string): number {
  return queries.filter((q) => q.language === language).length;
}
