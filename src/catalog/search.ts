import { sql, type SQL } from "drizzle-orm";
import type { Database } from "../adapters/db/client";
import { productViewsByIds, type ProductSearch, type ProductView } from "../adapters/db/products-repo";
import type { Embedder } from "../adapters/embeddings/jina";
import type { VectorIndex } from "../adapters/vector/vector-index";
import { arabicSearchTokens, normalizeArabic } from "../domain/language";
import { describeError, log } from "../lib/log";

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
}

export interface SearchDeps {
  db: Database;
  embedder: Embedder | null;
  index: VectorIndex | null;
}

/** Candidates each retriever contributes; fusion and pagination work within them. */
const CANDIDATES = 100;
/** Reciprocal-rank fusion constant (Cormack et al.): dampens the head so agreement between lists wins. */
const RRF_K = 60;
/** Trigram matching only for words long enough to carry a misspelling signal. */
const TRIGRAM_MIN_LENGTH = 4;

/**
 * Hybrid catalog search: Postgres full text (English stemming + normalised Arabic) and trigram
 * similarity (misspellings) fused with dense vector similarity by reciprocal-rank fusion. An exact
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
  const noLexical = { exact: [], fulltext: [], names: [], trigram: [] };
  const noDense = { used: false as const, ids: [] as [], reason: "dense retrieval not requested" };
  const [lexical, dense] = await Promise.all([
    retrieval === "dense" ? noLexical : lexicalCandidates(deps.db, query, filters),
    retrieval === "lexical" ? noDense : denseCandidates(deps, query, search),
  ]);
  const scores = new Map<string, number>();
  for (const list of [lexical.fulltext, lexical.names, lexical.trigram, dense.ids]) {
    list.forEach((id, rank) => scores.set(id, (scores.get(id) ?? 0) + 1 / (RRF_K + rank + 1)));
  }
  const pinned: string[] = lexical.exact;
  const fused = [...scores.entries()]
    .filter(([id]) => !pinned.includes(id))
    .sort((a, b) => b[1] - a[1])
    .map(([id]) => id);
  const ordered = [...pinned, ...fused];
  // Dense candidates were not filtered by price or stock (the index does not hold them): every
  // candidate (at most four lists of CANDIDATES) goes through the filters before any is cut.
  const hydrated = await productViewsByIds(deps.db, ordered, filters);
  const byId = new Map(hydrated.map((p) => [p.id, p]));
  const all = ordered.map((id) => byId.get(id)).filter((p): p is ProductView => Boolean(p));
  return {
    products: all.slice(offset, offset + limit),
    total: all.length,
    mode: dense.used ? (retrieval === "dense" ? ("dense" as const) : "hybrid") : "lexical",
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

/** Query words: normalised (Arabic forms, digits), Arabic article stripped; at most 24. */
function queryTerms(query: string): string[] {
  return arabicSearchTokens(query)
    .filter((t) => t.length >= 2 || /\d/.test(t))
    .slice(0, 24);
}

/** Quotes a term for to_tsquery so user text can never inject tsquery operators. */
function quoteTerm(term: string): string {
  return `'${term.replace(/'/g, "''").replace(/\\/g, "")}'`;
}

/**
 * Four lists from one round trip: exact matches (SKU or whole name), full-text ranking (any
 * word may match, stemmed English and normalised-Arabic prefixes), the same candidates ranked by
 * their names alone, and trigram similarity of each longer word to product names (catches
 * "ergonmic", "كرسى").
 */
async function lexicalCandidates(db: Database, query: string, filters: SQL): Promise<{ exact: string[]; fulltext: string[]; names: string[]; trigram: string[] }> {
  const terms = queryTerms(query);
  const exactName = normalizeArabic(query).replace(/\s+/g, " ");
  const tsquery = terms.length
    ? sql`(to_tsquery('english', ${terms.map(quoteTerm).join(" | ")}) || to_tsquery('simple', ${terms.map((t) => `${quoteTerm(t)}:*`).join(" | ")}))`
    : null;
  const fuzzy = terms.filter((t) => t.length >= TRIGRAM_MIN_LENGTH && !/^\d+$/.test(t)).slice(0, 8);
  // Full-text ranking over the whole text, plus a second list ranking the same candidates by how
  // much of the query their *name* matches: "black mesh chair" should rank chairs above a mesh
  // cushion whose description happens to mention chairs.
  const nameVector = sql`(to_tsvector('english', p.name_en) || to_tsvector('simple', p.search_names))`;
  const fulltext = tsquery
    ? sql`WITH f AS (
          SELECT p.id, ts_rank_cd(p.search_vector, ${tsquery}) AS r, ts_rank(${nameVector}, ${tsquery}) AS nr, p.price_aed
          FROM products p WHERE ${filters} AND p.search_vector @@ ${tsquery}
          ORDER BY ts_rank_cd(p.search_vector, ${tsquery}) DESC, p.price_aed LIMIT ${CANDIDATES})
        SELECT id, 'f' AS list, row_number() OVER (ORDER BY r DESC, price_aed) AS rank FROM f
        UNION ALL
        SELECT id, 'n' AS list, row_number() OVER (ORDER BY nr DESC, price_aed) AS rank FROM f WHERE nr > 0`
    : null;
  const similarity = fuzzy.length ? sql`greatest(${sql.join(fuzzy.map((t) => sql`word_similarity(${t}, p.search_names)`), sql`, `)})` : null;
  const trigram = similarity
    ? sql`SELECT p.id, 't' AS list, row_number() OVER (ORDER BY ${similarity} DESC, p.price_aed) AS rank
        FROM products p WHERE ${filters} AND (${sql.join(fuzzy.map((t) => sql`${t} <% p.search_names`), sql` OR `)})
        ORDER BY ${similarity} DESC, p.price_aed LIMIT ${CANDIDATES}`
    : null;
  // search_names is "<english name> <sku> <normalised arabic name>" in lower case, so this compares the whole Arabic name.
  const exact = sql`SELECT p.id, 'e' AS list, 1::bigint AS rank FROM products p
      WHERE ${filters} AND (upper(p.sku) = upper(${query}) OR lower(p.name_en) = lower(${query})
        OR (p.name_ar IS NOT NULL AND p.search_names = lower(p.name_en || ' ' || p.sku || ' ' || ${exactName})))`;
  const parts = [exact, fulltext, trigram].filter((p): p is SQL => p !== null).map((p) => sql`(${p})`);
  const result = await db.execute<{ id: string; list: "e" | "f" | "n" | "t"; rank: string | number }>(sql`${sql.join(parts, sql` UNION ALL `)}`);
  const lists = { exact: [] as string[], fulltext: [] as string[], names: [] as string[], trigram: [] as string[] };
  const target = { e: lists.exact, f: lists.fulltext, n: lists.names, t: lists.trigram };
  for (const row of [...result.rows].sort((a, b) => Number(a.rank) - Number(b.rank))) target[row.list].push(row.id);
  return lists;
}

/** Query vectors are reused across a chat's turns and repeated searches within this isolate. */
const queryVectors = new Map<string, number[]>();
const QUERY_CACHE_SIZE = 500;

async function denseCandidates(deps: SearchDeps, query: string, search: ProductSearch): Promise<{ used: true; ids: string[] } | { used: false; ids: []; reason: string }> {
  if (!deps.embedder) return { used: false, ids: [], reason: "no embeddings endpoint configured (EMBEDDINGS_API_KEY)" };
  if (!deps.index) return { used: false, ids: [], reason: "no vector store configured" };
  try {
    const key = normalizeArabic(query);
    let vector = queryVectors.get(key);
    if (!vector) {
      [vector] = await deps.embedder.embed([query], "query");
      if (queryVectors.size >= QUERY_CACHE_SIZE) queryVectors.delete(queryVectors.keys().next().value!);
      queryVectors.set(key, vector!);
    }
    const hits = await deps.index.search("products", vector!, {
      limit: CANDIDATES,
      ...(search.category ? { filter: { equals: { category: search.category } } } : {}),
    });
    return { used: true, ids: hits.map((h) => h.id) };
  } catch (error) {
    log("warn", "search.dense_unavailable", describeError(error));
    return { used: false, ids: [], reason: `dense retrieval failed: ${error instanceof Error ? error.message.slice(0, 200) : String(error)}` };
  }
}
