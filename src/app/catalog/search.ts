import { sql, type SQL } from "drizzle-orm";
import type { Database } from "../../adapters/db/client";
import { productViewsByIds, type ProductSearch, type ProductView } from "../../adapters/db/products-repo";
import type { Embedder } from "../../adapters/embeddings/jina";
import { VectorIndexError, type VectorIndex } from "../../adapters/vector/vector-index";
import { embedQuery } from "../../adapters/embeddings/query-vectors";
import { normalizeArabic } from "../../core/domain/language";
import { queryTerms, quoteTerm, skuTokens, wantsPrefix } from "../../core/domain/search-terms";
import { reciprocalRankFusion } from "../../lib/rank-fusion";
import { describeError, log } from "../../lib/log";

/** How the results were found: `hybrid` (dense + lexical) or `lexical` alone, and why. */
export interface SearchMode {
  mode: "hybrid" | "lexical" | "dense";
  /** Set when dense retrieval was not used: not configured, or failing right now. */
  denseUnavailable?: string;
}

export interface SearchResult extends SearchMode {
  products: ProductView[];
  /** Candidates found before pagination (capped at CANDIDATES). */
  total: number;
  /** Where the time went (ms, wall clock in the worker): the two retrievers run concurrently. */
  timings?: { lexicalMs: number; denseMs: number; hydrateMs: number };
}

export interface SearchDeps {
  db: Database;
  embedder: Embedder | null;
  index: VectorIndex | null;
}

/** Candidates each retriever contributes; fusion and pagination work within them. */
const CANDIDATES = 100;
/** Trigram matching only for words long enough to carry a misspelling signal. */
const TRIGRAM_MIN_LENGTH = 4;

/**
 * Hybrid catalog search: Postgres full text (English stemming + normalised Arabic, misspelled words
 * corrected against the catalog vocabulary by trigram similarity) fused with dense vector
 * similarity by reciprocal-rank fusion. An exact
 * SKU or exact product name always ranks first. Filters (category, price, stock) are applied in
 * Postgres, which holds the live figures, to every candidate whichever list it came from. When
 * embeddings or the vector index are unavailable the same search runs lexically and says so.
 */
export type Retrieval = "hybrid" | "lexical" | "dense";

export async function hybridSearch(deps: SearchDeps, search: ProductSearch, retrieval: Retrieval = "hybrid"): Promise<SearchResult> {
  const limit = Math.min(search.limit ?? 5, 50);
  const offset = search.offset ?? 0;
  const query = search.query.trim();
  const filters = filterSql(search);
  if (!query) {
    const products = await browse(deps.db, filters, limit, offset);
    return { products, total: products.length, mode: "lexical" };
  }

  // `lexical` and `dense` alone exist to measure each retriever (npm run eval:search) and to debug ranking.
  const noLexical = { exact: [], fulltext: [], names: [] };
  const noDense = { used: false as const, ids: [] as [], reason: "dense retrieval not requested" };
  const t0 = Date.now();
  const timings = { lexicalMs: 0, denseMs: 0, hydrateMs: 0 };
  const [lexical, dense] = await Promise.all([
    retrieval === "dense" ? noLexical : lexicalCandidates(deps.db, query, filters).finally(() => (timings.lexicalMs = Date.now() - t0)),
    retrieval === "lexical" ? noDense : denseCandidates(deps, query, search).finally(() => (timings.denseMs = Date.now() - t0)),
  ]);
  // Two stages, so the lexical lists count as one voice against the dense one: first fuse
  // them into one lexical ranking, then fuse that with the dense ranking, each with equal weight.
  const lexicalRanking = reciprocalRankFusion([lexical.fulltext, lexical.names]);
  const pinned: string[] = lexical.exact;
  const fused = reciprocalRankFusion([lexicalRanking, dense.ids]).filter((id) => !pinned.includes(id));
  const ordered = [...pinned, ...fused];
  // Dense candidates were not filtered by price or stock (the index does not hold them): every
  // candidate (at most three lists of CANDIDATES plus exact matches) goes through the filters before any is cut.
  const t1 = Date.now();
  const hydrated = await productViewsByIds(deps.db, ordered, filters);
  timings.hydrateMs = Date.now() - t1;
  const byId = new Map(hydrated.map((p) => [p.id, p]));
  const all = ordered.map((id) => byId.get(id)).filter((p): p is ProductView => Boolean(p));
  return {
    products: all.slice(offset, offset + limit),
    total: all.length,
    mode: dense.used ? (retrieval === "dense" ? ("dense" as const) : "hybrid") : "lexical",
    timings,
    ...(dense.used ? {} : { denseUnavailable: dense.reason }),
  };
}

/** Conditions every result must meet, as SQL over `products`. */
function filterSql(search: ProductSearch): SQL {
  const parts: SQL[] = [sql`p.status = 'active'`];
  if (search.category) parts.push(sql`p.category = ${search.category}`);
  if (search.minPrice !== undefined) parts.push(sql`p.price_aed >= ${search.minPrice}`);
  if (search.maxPrice !== undefined) parts.push(sql`p.price_aed <= ${search.maxPrice}`);
  if (search.minStock !== undefined) parts.push(sql`p.stock_available >= ${search.minStock}`);
  return sql.join(parts, sql` AND `);
}

async function browse(db: Database, filters: SQL, limit: number, offset: number): Promise<ProductView[]> {
  const rows = await db.execute<{ id: string }>(sql`SELECT p.id FROM products p WHERE ${filters} ORDER BY p.price_aed, p.sku LIMIT ${limit} OFFSET ${offset}`);
  const ids = rows.rows.map((r) => r.id);
  const views = new Map((await productViewsByIds(db, ids, filters)).map((p) => [p.id, p]));
  return ids.map((id) => views.get(id)).filter((p): p is ProductView => Boolean(p));
}

interface TermStats {
  term: string;
  /** Active products containing the word (stemmed English, or as an Arabic/code prefix); 0 when none does. */
  documents: number;
  /** For a word the catalog lacks: the closest catalog words (trigram similarity), as lexemes. */
  suggestions: string[];
}

/** A word in more than this share of the catalog ("office", "chair") only says which kind of product. */
const COMMON_TERM_SHARE = 0.03;
/** Ranking uses at most this many of the rarest words, which keeps the matched set small. */
const MAX_RANKED_TERMS = 4;

/**
 * One round trip over the catalog vocabulary (catalog_lexemes, rebuilt after each sync): how many
 * products contain each query word, and for words none contains, the nearest real catalog words.
 */
async function analyzeTerms(db: Database, terms: string[]): Promise<{ stats: TermStats[]; total: number }> {
  const now = Date.now();
  const cached = (term: string) => {
    const hit = termCache.get(term);
    return hit && now - hit.at < TERM_CACHE_TTL_MS ? hit.stats : undefined;
  };
  const missing = terms.filter((t) => !cached(t));
  if (missing.length > 0 || !catalogTotal || now - catalogTotal.at > TERM_CACHE_TTL_MS) {
    const fetched = await fetchTermStats(db, missing);
    catalogTotal = { value: fetched.total, at: now };
    for (const stats of fetched.stats) {
      if (termCache.size >= TERM_CACHE_SIZE) termCache.delete(termCache.keys().next().value!);
      termCache.set(stats.term, { stats, at: now });
    }
  }
  return { stats: terms.map((t) => cached(t) ?? { term: t, documents: 0, suggestions: [] }), total: catalogTotal!.value };
}

/**
 * The vocabulary changes only when a sync finishes, so an isolate reuses what it learnt about a
 * word for a few minutes: most searches then need no round trip before the main query.
 */
const termCache = new Map<string, { stats: TermStats; at: number }>();
let catalogTotal: { value: number; at: number } | undefined;
const TERM_CACHE_SIZE = 5000;
const TERM_CACHE_TTL_MS = 5 * 60_000;

async function fetchTermStats(db: Database, terms: string[]): Promise<{ stats: TermStats[]; total: number }> {
  if (terms.length === 0) {
    const result = await db.execute<{ total: number }>(sql`SELECT coalesce((SELECT documents FROM catalog_lexemes WHERE lexeme = ''), 0) AS total`);
    return { stats: [], total: Number(result.rows[0]?.total ?? 0) };
  }
  const rows = terms.map((term, i) => {
    const documents = wantsPrefix(term)
      ? // A prefix matches every word that starts with it: count them all (an upper bound).
        sql`(SELECT coalesce(sum(documents), 0)::int FROM catalog_lexemes WHERE lexeme LIKE ${`${term.replace(/[\\%_]/g, "")}%`} AND lexeme <> '')`
      : sql`(SELECT coalesce(max(documents), 0) FROM catalog_lexemes WHERE lexeme = ANY(tsvector_to_array(to_tsvector('english', ${term}))))`;
    // Only for words the catalog lacks; a misspelling rarely changes the first letter, which keeps the lookup on an index.
    const suggestions =
      term.length >= TRIGRAM_MIN_LENGTH && !/^\d+$/.test(term)
        ? sql`CASE WHEN ${documents} = 0 THEN (SELECT coalesce(array_agg(lexeme), '{}') FROM (SELECT lexeme FROM catalog_lexemes
              WHERE lexeme LIKE ${`${term.slice(0, 1).replace(/[\\%_]/g, "")}%`} AND lexeme % ${term} ORDER BY similarity(lexeme, ${term}) DESC, documents DESC LIMIT 2) s) ELSE '{}'::text[] END`
        : sql`'{}'::text[]`;
    return sql`SELECT ${i}::int AS i, ${documents} AS documents, ${suggestions} AS suggestions`;
  });
  const result = await db.execute<{ i: number; documents: number; suggestions: string[]; total: number }>(sql`
    SELECT q.*, (SELECT documents FROM catalog_lexemes WHERE lexeme = '') AS total FROM (${sql.join(rows, sql` UNION ALL `)}) q`);
  const byIndex = new Map(result.rows.map((r) => [Number(r.i), r]));
  const stats = terms.map((term, i) => {
    const row = byIndex.get(i);
    const documents = Number(row?.documents ?? 0);
    return { term, documents, suggestions: documents > 0 ? [] : (row?.suggestions ?? []) };
  });
  return { stats, total: Number(result.rows[0]?.total ?? 0) };
}

/**
 * Four lists: exact matches (a SKU anywhere in the query, or the whole English or Arabic name);
 * full-text ranking; the same candidates ranked by their names alone; and matches for misspelled
 * words through their nearest catalog words ("ergonmic" -> "ergonom"). Ranking is done on the
 * query's rare words; a query of only common words ("desk") takes the first matches unranked,
 * because ranking thousands of desks for the word "desk" costs much and tells nothing (the name
 * and dense lists order them). This is what keeps lexical search fast on a large catalog.
 */
async function lexicalCandidates(db: Database, query: string, filters: SQL): Promise<{ exact: string[]; fulltext: string[]; names: string[] }> {
  const { stats, total } = await analyzeTerms(db, queryTerms(query));
  const found = stats.filter((s) => s.documents > 0);
  const rare = found
    .filter((s) => s.documents <= Math.max(50, total * COMMON_TERM_SHARE))
    .sort((a, b) => a.documents - b.documents)
    .slice(0, MAX_RANKED_TERMS)
    .map((s) => s.term);
  const common = found.filter((s) => !rare.includes(s.term)).map((s) => s.term);
  const corrected = [...new Set(stats.flatMap((s) => s.suggestions))];
  const tsqueryOf = (words: string[], lexemes: string[] = []): SQL | null => {
    const english = words.filter((t) => !wantsPrefix(t));
    const prefixed = words.filter(wantsPrefix);
    const parts = [
      ...(english.length ? [sql`to_tsquery('english', ${english.map(quoteTerm).join(" | ")})`] : []),
      ...(prefixed.length ? [sql`to_tsquery('simple', ${prefixed.map((t) => `${quoteTerm(t)}:*`).join(" | ")})`] : []),
      // Suggested words are catalog lexemes already (stemmed or normalised): match them as they are.
      ...(lexemes.length ? [sql`to_tsquery('simple', ${lexemes.map(quoteTerm).join(" | ")})`] : []),
    ];
    return parts.length ? sql`(${sql.join(parts, sql` || `)})` : null;
  };
  const rareQuery = tsqueryOf(rare, corrected);
  const commonQuery = tsqueryOf(common);
  const nameQuery = tsqueryOf([...rare, ...common], corrected);
  // Full-text ranking over the whole text, plus a second list ranking the same candidates by how
  // much of the query their *name* matches: "black mesh chair" should rank chairs above a mesh
  // cushion whose description happens to mention chairs.
  const nameVector = sql`(to_tsvector('english', p.name_en) || to_tsvector('simple', p.search_names))`;
  const candidates = rareQuery
    ? sql`SELECT p.id, ts_rank_cd(p.search_vector, ${rareQuery}) AS r, p.price_aed FROM products p
          WHERE ${filters} AND p.search_vector @@ ${rareQuery} ORDER BY ts_rank_cd(p.search_vector, ${rareQuery}) DESC, p.price_aed LIMIT ${CANDIDATES}`
    : commonQuery
      ? sql`SELECT p.id, 0::real AS r, p.price_aed FROM products p WHERE ${filters} AND p.search_vector @@ ${commonQuery} LIMIT ${CANDIDATES}`
      : null;
  const fulltext = candidates
    ? sql`WITH f AS MATERIALIZED (${candidates}),
          n AS (SELECT f.id, f.r, f.price_aed, ts_rank(${nameVector}, ${nameQuery!}) AS nr FROM f JOIN products p ON p.id = f.id)
        SELECT id, 'f' AS list, row_number() OVER (ORDER BY r DESC, price_aed) AS rank FROM n
        UNION ALL
        SELECT id, 'n' AS list, row_number() OVER (ORDER BY nr DESC, price_aed) AS rank FROM n WHERE nr > 0`
    : null;
  const exactArabic = normalizeArabic(query).replace(/\s+/g, " ").trim();
  const skus = [...new Set([query.trim().toUpperCase().replace(/[{},"\\]/g, ""), ...skuTokens(query)])];
  const exact = sql`SELECT p.id, 'e' AS list, 1::bigint AS rank FROM products p
      WHERE ${filters} AND (upper(p.sku) = ANY(${`{${skus.map((s) => `"${s}"`).join(",")}}`}::text[])
        OR lower(p.name_en) = lower(${query.trim()}) OR p.name_ar_normalized = ${exactArabic})`;
  const parts = [exact, fulltext].filter((p): p is SQL => p !== null).map((p) => sql`(${p})`);
  const result = await db.execute<{ id: string; list: "e" | "f" | "n"; rank: string | number }>(sql`${sql.join(parts, sql` UNION ALL `)}`);
  const lists = { exact: [] as string[], fulltext: [] as string[], names: [] as string[] };
  const target = { e: lists.exact, f: lists.fulltext, n: lists.names };
  for (const row of [...result.rows].sort((a, b) => Number(a.rank) - Number(b.rank))) target[row.list].push(row.id);
  return lists;
}

/**
 * After the vector store fails (down, or pgvector without its extension or table), this isolate
 * searches lexically for a short while instead of paying for, and logging, the same failure on
 * every search.
 */
let indexPaused: { until: number; reason: string } | undefined;
const INDEX_PAUSE_MS = 30_000;

async function denseCandidates(deps: SearchDeps, query: string, search: ProductSearch): Promise<{ used: true; ids: string[] } | { used: false; ids: []; reason: string }> {
  if (!deps.embedder) return { used: false, ids: [], reason: "no embeddings endpoint configured (EMBEDDINGS_API_KEY)" };
  if (!deps.index) return { used: false, ids: [], reason: "no vector store configured" };
  if (indexPaused && indexPaused.until > Date.now()) return { used: false, ids: [], reason: indexPaused.reason };
  try {
    const vector = await embedQuery(deps.embedder, query);
    const hits = await deps.index.search("products", vector, {
      limit: CANDIDATES,
      ...(search.category ? { filter: { equals: { category: search.category } } } : {}),
    });
    return { used: true, ids: hits.map((h) => h.id) };
  } catch (error) {
    log("warn", "search.dense_unavailable", describeError(error));
    const reason = `dense retrieval failed: ${error instanceof Error ? error.message.slice(0, 200) : String(error)}`;
    if (error instanceof VectorIndexError) indexPaused = { until: Date.now() + INDEX_PAUSE_MS, reason: `${reason} (paused for ${INDEX_PAUSE_MS / 1000} s)` };
    return { used: false, ids: [], reason };
  }
}
