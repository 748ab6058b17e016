import { normalizeArabic } from "../../core/domain/language";
import type { Embedder } from "./jina";

/**
 * Query vectors are reused within this isolate: a chat's turns, product and knowledge searches
 * for the same words, and repeated questions cost one embedding call.
 */
const cache = new Map<string, number[]>();
const CACHE_SIZE = 500;

export async function embedQuery(embedder: Embedder, query: string): Promise<number[]> {
  const key = normalizeArabic(query);
  const cached = cache.get(key);
  if (cached) return cached;
  const [vector] = await embedder.embed([query], "query");
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
  cache.set(key, vector!);
  return vector!;
}
