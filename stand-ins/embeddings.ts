import { fnv1a } from "./hash";
import { z } from "zod";
import { arabicSearchTokens } from "../src/core/domain/language";
import { EMBEDDING_LEXICON, type LexiconConcept } from "./embedding-lexicon";
import { bearer, sleep, startJsonServer, type JsonRequest, type JsonResponse, type StandInServer } from "./http";

/**
 * Jina embeddings v3 stand-in: `POST {basePath}/embeddings` as Jina documents it (Bearer key,
 * `{model, input, task, dimensions, embedding_type, normalized, late_chunking}`, FastAPI-style
 * 422 `{detail}` errors). Vectors come from `embedText`, a deterministic stand-in for a
 * multilingual model: words are mapped onto a bilingual concept lexicon so English and Arabic
 * for the same thing land close, and misspellings stay near the word they miss.
 * Strict as Jina is: an unknown model or task, or none, is refused with 422.
 * Control API: `GET /__control/stats`, `GET /__control/inputs?contains=`, `POST /__control/reset`,
 * `POST|DELETE /__control/failures`.
 */
export interface EmbeddingsStandInOptions {
  apiKey: string;
  port?: number;
  /** Path prefix, as in EMBEDDINGS_BASE_URL; default `/v1`. */
  basePath?: string;
  /** The only size accepted and produced; default 1024 (Jina v3's full size). */
  dimensions?: number;
  /** Added before every embeddings answer, to exercise client timeouts and batching. */
  delayMs?: number;
}

export interface EmbeddingsStats {
  /** Authorised embedding requests, including rejected ones and those failed on purpose. */
  requests: number;
  /** Inputs embedded successfully. */
  inputs: number;
  /** Inputs embedded per `task`. */
  byTask: Record<string, number>;
  /** Requests answered with a scripted failure. */
  failed: number;
}

export interface EmbeddingsStandIn extends StandInServer {
  stats: EmbeddingsStats;
}

const TASKS = ["retrieval.query", "retrieval.passage", "text-matching", "classification", "separation"] as const;
/** Models this deployment serves; Jina refuses any other name. */
const MODELS = ["jina-embeddings-v3"] as const;
/** How many embedded inputs the stand-in remembers with their task, for `GET /__control/inputs`. */
const REMEMBERED_INPUTS = 20_000;
const MAX_INPUTS = 2048;
const MAX_INPUT_CHARS = 32_000;

const requestSchema = z
  .object({
    model: z.enum(MODELS, { error: (issue) => `model: unknown model ${JSON.stringify(issue.input)}; this deployment serves ${MODELS.join(", ")}` }),
    // One string or a list of them; a single string is treated as a list of one.
    input: z.preprocess(
      (value) => (typeof value === "string" ? [value] : value),
      z
        .array(z.string().min(1, "input must not be empty").max(MAX_INPUT_CHARS, `an input is longer than ${MAX_INPUT_CHARS} characters`))
        .min(1, "input must not be empty")
        .max(MAX_INPUTS, `at most ${MAX_INPUTS} inputs per request`),
    ),
    // Jina v3 embeds with a task-specific adapter; a query embedded as a passage lands elsewhere.
    // Our client always names the task, so a request without one is a bug the stand-in refuses.
    task: z.enum(TASKS, { error: (issue) => (issue.input === undefined ? "task: required (retrieval.query or retrieval.passage)" : `task: unknown task ${JSON.stringify(issue.input)}`) }),
    dimensions: z.number().int().positive().optional(),
    embedding_type: z.literal("float").optional(),
    normalized: z.boolean().optional(),
    late_chunking: z.boolean().optional(),
    truncate: z.boolean().optional(),
  })
  .strict();

const failuresSchema = z
  .object({ failures: z.array(z.object({ status: z.number().int().min(400).max(599), times: z.number().int().min(1).max(1000).default(1) }).strict()).min(1) })
  .strict();

export async function startEmbeddingsStandIn(options: EmbeddingsStandInOptions): Promise<EmbeddingsStandIn> {
  const path = `${options.basePath ?? "/v1"}/embeddings`;
  const dimensions = options.dimensions ?? 1024;
  const stats: EmbeddingsStats = { requests: 0, inputs: 0, byTask: {}, failed: 0 };
  const failures: { status: number; times: number }[] = [];
  const remembered: { text: string; task: string }[] = [];

  const embeddings = async (request: JsonRequest): Promise<JsonResponse | undefined> => {
    if (request.method !== "POST" || request.path !== path) return undefined;
    if (bearer(request) !== options.apiKey) return { status: 401, body: { detail: "Unauthorized" } };
    stats.requests++;
    if (options.delayMs) await sleep(options.delayMs);
    const failure = failures[0];
    if (failure) {
      if (--failure.times <= 0) failures.shift();
      stats.failed++;
      return { status: failure.status, body: { detail: failureDetail(failure.status) } };
    }
    const parsed = requestSchema.safeParse(request.body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return { status: 422, body: { detail: issue ? `${issue.path.join(".") || "body"}: ${issue.message}` : "Invalid request body" } };
    }
    const body = parsed.data;
    if (body.dimensions !== undefined && body.dimensions !== dimensions) {
      return { status: 422, body: { detail: `dimensions: this deployment serves ${dimensions} dimensions, not ${body.dimensions}` } };
    }
    const inputs = body.input;
    const tokens = inputs.reduce((sum, text) => sum + approximateTokens(text), 0);
    const task = body.task;
    for (const text of inputs) remembered.push({ text, task });
    if (remembered.length > REMEMBERED_INPUTS) remembered.splice(0, remembered.length - REMEMBERED_INPUTS);
    stats.inputs += inputs.length;
    stats.byTask[task] = (stats.byTask[task] ?? 0) + inputs.length;
    return {
      status: 200,
      body: {
        model: body.model,
        object: "list",
        usage: { total_tokens: tokens, prompt_tokens: tokens },
        data: inputs.map((text, index) => ({ object: "embedding", index, embedding: embedText(text, dimensions) })),
      },
    };
  };

  const control = (request: JsonRequest): JsonResponse | undefined => {
    if (request.method === "GET" && request.path === "/__control/stats") return { status: 200, body: stats };
    if (request.method === "GET" && request.path === "/__control/inputs") {
      // Which task each input containing `contains` was embedded with (tests find their own text).
      const contains = request.query.get("contains") ?? "";
      if (contains.length < 3) return { status: 400, body: { detail: "contains: at least 3 characters" } };
      return { status: 200, body: { inputs: remembered.filter((r) => r.text.includes(contains)) } };
    }
    if (request.method === "POST" && request.path === "/__control/reset") {
      Object.assign(stats, { requests: 0, inputs: 0, byTask: {}, failed: 0 });
      return { status: 200, body: { ok: true } };
    }
    if (request.method === "POST" && request.path === "/__control/failures") {
      const parsed = failuresSchema.safeParse(request.body);
      if (!parsed.success) return { status: 400, body: { detail: parsed.error.issues.map((i) => i.message).join("; ") } };
      failures.push(...parsed.data.failures);
      return { status: 201, body: { ok: true, pending: failures.reduce((sum, f) => sum + f.times, 0) } };
    }
    if (request.method === "DELETE" && request.path === "/__control/failures") {
      failures.length = 0;
      return { status: 200, body: { ok: true } };
    }
    return undefined;
  };

  const server = await startJsonServer("embeddings", [embeddings, control], options.port);
  return { ...server, stats };
}

function failureDetail(status: number): string {
  if (status === 429) return "Rate limit exceeded";
  if (status >= 500) return "Internal server error";
  return "Request failed";
}

/** Jina counts model tokens; about 1.3 per word is close enough for usage accounting. */
function approximateTokens(text: string): number {
  const words = text.split(/\s+/).filter(Boolean).length;
  return Math.max(1, Math.round(words * 1.3));
}

// ---------------------------------------------------------------------------------------------
// The embedder. A text becomes weighted features: lexicon concepts (weight 1, shared by every
// word and phrase of the concept in either language; a misspelt word within one or two edits of a
// lexicon word gets its concepts at 0.8), unknown words (hashed, 0.6) with their character
// trigrams (0.3 together) so a misspelt unknown word keeps part of its neighbourhood, numbers
// (0.45) and product codes. Each feature has a fixed pseudo-random sparse ±1 unit vector; the
// text vector is their sum, sub-linear in repetitions, L2-normalised. Queries and passages share
// one space, as the tasks of a real model do closely enough for retrieval.
// ---------------------------------------------------------------------------------------------

const UNKNOWN_WEIGHT = 0.6;
const UNKNOWN_AFTER_FUZZY_WEIGHT = 0.25;
const TRIGRAM_WEIGHT = 0.3;
const NUMBER_WEIGHT = 0.45;
/** A whole product code ("CH-ERG-1001") and its family ("ch-erg"): rare strings a model keys on. */
const CODE_WEIGHT = 1.5;
const CODE_FAMILY_WEIGHT = 0.5;
const PRODUCT_CODE = /\b[a-z]{1,4}(?:-[a-z0-9]{1,6}){1,3}\b/gi;
const BROADER_SHARE = 0.4;
const RELATED_SHARE = 0.4;
/** Non-zero entries per feature vector (fewer when the vector is smaller). */
const FEATURE_NONZEROS = 32;
const MAX_PHRASE = 4;

const ENGLISH_STOP = new Set(
  (
    "a an the and or but if of in on at to for from by with without into onto about as is are was were be been being am do does did " +
    "i me my mine we us our you your yours he she it its they them their this that these those there here what which who whom whose " +
    "how why where when can could would should will shall may might must have has had having need needs want wants wanted looking look " +
    "please pls plz hi hello hey dear thanks thank thx ok okay yes no not any some something anything thing things one ones get got " +
    "also just only very really much many more most so too than then like such other another each every all both either same own " +
    "let lets show give tell send know see find kindly sir madam good nice best great new up out over via per etc ideal suitable perfect " +
    "anti built grain main cam grade full multi duty stage compliant section behind style made individually suit suits plus saving " +
    "effect facing textured bevelled non edge edges hard low wear sided ball bearing left right now later tear"
  ).split(" "),
);

/** Arabic as normalizeArabic leaves it (ى → ي, ة → ه, أ → ا), article already stripped. */
const ARABIC_STOP = new Set(
  (
    "في من الي علي عن مع او ام ثم و ف ب ل ك هل ما ماذا لماذا كيف اين وين هذا هذه هذي ذلك تلك هاذا هذولا " +
    "تي ذي ذين انا انت انتم نحن هو هي هم عندي عندك عندكم عندنا لدي لديكم لي لك لكم لنا فيه فيها به بها " +
    "ابي ابغي ابغا بغيت اريد نريد نبي نبغي ودي حاب احتاج نحتاج محتاج ممكن لو سمحت رجاء فضلك شكرا مرحبا سلام عليكم هلا اهلا " +
    "شي شيء اي ايش شو وش شنو كم كل بعض جدا وايد كثير قليل حق عشان علشان لان لكن بس يعني اذا ان انه انها قد لقد كان كانت يكون تكون " +
    "قابل قابله قابلين يمكن مثل غير حتي بين عند لها له منها منه عليه عليها ذات ذو تم يتم مثالي مثاليه مناسب مناسبه يناسب تناسب " +
    "لكل بمقدار مقدار نطاق تضم تتكون يصل لما معظم اكثر متعدده متعدد نظام مراحل كامل كامله نقطه خلف استخدام استخدامه سهوله منهما " +
    "مصنوع مصنوعه يحاكي حواف مايله اثار جزء رييسي رييسيه مستقله متقابلين بكريات مضاده مضاد محكمه بدون مقابل"
  ).split(" "),
);

/** One lexicon entry (word or phrase key) resolves to concept features (`c:<id>`) with weights. */
type Weighted = [feature: string, weight: number][];

interface Lexicon {
  words: Map<string, Weighted>;
  phrases: Map<string, Weighted>;
  /** First words of phrases, so most tokens skip the phrase lookup. */
  phraseStarts: Set<string>;
  /** Single-word keys by script, bucketed by length, for fuzzy lookup. */
  latinByLength: Map<number, string[]>;
  arabicByLength: Map<number, string[]>;
  concepts: number;
}

let lexicon: Lexicon | undefined;

/** The lexicon compiled into word and phrase keys, built once on first use. */
function compiledLexicon(): Lexicon {
  if (lexicon) return lexicon;
  const byId = new Map<string, LexiconConcept>(EMBEDDING_LEXICON.map((c) => [c.id, c]));
  const expansion = (concept: LexiconConcept): Weighted => {
    const weight = concept.weight ?? 1;
    const out: Weighted = [[`c:${concept.id}`, weight]];
    for (const id of concept.broader ?? []) if (byId.has(id)) out.push([`c:${id}`, weight * BROADER_SHARE]);
    for (const id of concept.related ?? []) if (byId.has(id)) out.push([`c:${id}`, weight * RELATED_SHARE]);
    return out;
  };
  // A key shared by several concepts (مكتب: desk and office) splits its unit weight among them.
  const weigh = (ids: Set<string>): Weighted => {
    const share = 1 / Math.sqrt(ids.size);
    return [...ids].flatMap((id) => expansion(byId.get(id)!).map(([c, w]): [string, number] => [c, w * share]));
  };
  const collect = (keysOf: (entry: string) => string[] | undefined) => {
    const concepts = new Map<string, Set<string>>();
    for (const concept of EMBEDDING_LEXICON) {
      for (const entry of [...concept.en, ...concept.ar]) {
        const key = keysOf(entry)?.join(" ");
        if (!key) continue;
        if (!concepts.has(key)) concepts.set(key, new Set());
        concepts.get(key)!.add(concept.id);
      }
    }
    return new Map([...concepts].map(([key, ids]) => [key, weigh(ids)]));
  };
  // Words first; phrases are then keyed by how their words resolve, exactly as a text's are.
  const words = collect((entry) => {
    const tokens = rawTokens(entry);
    return tokens.length === 1 ? [tokens[0]!.key] : undefined;
  });
  const phrases = new Map<string, Weighted>();
  const phraseStarts = new Set<string>();
  const latinByLength = new Map<number, string[]>();
  const arabicByLength = new Map<number, string[]>();
  for (const key of words.keys()) {
    if (/\d/.test(key) || key.length < 3) continue;
    const buckets = isArabic(key) ? arabicByLength : latinByLength;
    if (!buckets.has(key.length)) buckets.set(key.length, []);
    buckets.get(key.length)!.push(key);
  }
  for (const list of [...latinByLength.values(), ...arabicByLength.values()]) list.sort();
  lexicon = { words, phrases, phraseStarts, latinByLength, arabicByLength, concepts: EMBEDDING_LEXICON.length };
  const phraseEntries = collect((entry) => {
    const tokens = resolvedTokens(entry);
    return tokens.length > 1 ? tokens.slice(0, MAX_PHRASE).map((t) => t.resolved.key) : undefined;
  });
  for (const [key, weighted] of phraseEntries) {
    phrases.set(key, weighted);
    phraseStarts.add(key.slice(0, key.indexOf(" ")));
  }
  return lexicon;
}

/** Number of concepts in the lexicon (reported by benchmarks). */
export function embeddingLexiconSize(): number {
  return compiledLexicon().concepts;
}

function isArabic(word: string): boolean {
  return /[\u0600-\u06FF]/.test(word);
}

/** A light English stemmer: plural -s/-es/-ies, -ing, -ed; lexicon entries go through it too. */
function stemEnglish(word: string): string {
  if (word.length <= 3 || !/^[a-z]+$/.test(word)) return word;
  let w = word;
  if (w.endsWith("ies") && w.length > 4) return `${w.slice(0, -3)}y`;
  if (w.endsWith("sses")) return w.slice(0, -2);
  if (/(?:ches|shes|xes|zzes)$/.test(w)) return w.slice(0, -2);
  if (w.endsWith("s") && !/(?:ss|us|is)$/.test(w)) w = w.slice(0, -1);
  if (w.endsWith("ing") && w.length > 5) return undouble(w.slice(0, -3));
  if (w.endsWith("ed") && w.length > 4) return undouble(w.slice(0, -2));
  return w;
}

function undouble(stem: string): string {
  return /([b-df-hj-km-np-rtv-z])\1$/.test(stem) && !/(?:ll|ss|zz)$/.test(stem) ? stem.slice(0, -1) : stem;
}

interface RawToken {
  /** The form looked up: stemmed English, article-stripped Arabic, digits as is. */
  key: string;
  stop: boolean;
}

/**
 * Splits text into keys: Arabic normalised and article-stripped (arabicSearchTokens), numbers
 * split from units ("120cm" → 120, cm), English lower-cased and stemmed. Stop words are kept,
 * flagged, because phrases ("cash on delivery", "how much") may contain them.
 */
function rawTokens(text: string): RawToken[] {
  const out: RawToken[] = [];
  for (const word of arabicSearchTokens(text.replace(/ø/gi, " diameter "))) {
    // A particle glued to a number ("و60", "ل4") is dropped; units split off ("120cm").
    const parts = /\d/.test(word) ? word.replace(/^[وفبلك](?=\d)/, "").split(/(?<=\d)(?=\p{L}{2,})|(?<=\p{L}{2,})(?=\d)/u) : [word];
    for (const part of parts) {
      if (!part) continue;
      if (isArabic(part)) out.push({ key: part, stop: ARABIC_STOP.has(part) });
      else if (/^[a-z]+$/.test(part)) out.push({ key: stemEnglish(part), stop: ENGLISH_STOP.has(part) });
      else out.push({ key: part, stop: false });
    }
  }
  return out;
}

interface Resolved {
  /** The lexicon key the token resolved to, or the token itself. */
  key: string;
  concepts?: Weighted;
  /** Set when the concepts came from a near spelling rather than an exact form. */
  fuzzy?: boolean;
  /** A stop word behind a particle ("ويمكن", "لكل"). */
  stop?: boolean;
}

const resolvedCache = new Map<string, Resolved>();

/** Looks a token up: exact, then Arabic prefix/suffix variants, then a near spelling. */
function resolve(key: string): Resolved {
  const cached = resolvedCache.get(key);
  if (cached) return cached;
  const result = lookup(key);
  if (resolvedCache.size > 200_000) resolvedCache.clear();
  resolvedCache.set(key, result);
  return result;
}

function lookup(key: string): Resolved {
  const { words } = compiledLexicon();
  const exact = words.get(key);
  if (exact) return { key, concepts: exact };
  if (isArabic(key)) {
    const variants = arabicVariants(key);
    for (const variant of variants) {
      const hit = words.get(variant);
      if (hit) return { key: variant, concepts: hit };
    }
    if (variants.some((variant) => ARABIC_STOP.has(variant))) return { key, stop: true };
  }
  const near = nearestKey(key);
  if (near) return { key: near, concepts: words.get(near)!, fuzzy: true };
  return { key };
}

/**
 * Forms an Arabic word may hide behind: one or two attached particles (و ف ب ل ك, then an
 * article), and common suffixes (feminine ه/يه, plural ات/ين/ون, dual تين/ين).
 */
function arabicVariants(word: string): string[] {
  const stems = [word];
  // arabicSearchTokens reads a leading "لل" as ل + ال, which eats the first letter of "للوحة".
  if (word.length >= 3) stems.push(`ل${word}`);
  if (/^ال.{3,}/.test(word)) stems.push(word.slice(2));
  let rest = word;
  for (let i = 0; i < 2; i++) {
    const match = /^[وفبلك](.{2,})$/.exec(rest);
    if (!match) break;
    rest = match[1]!.replace(/^(?:ال|لل)(?=.{2,})/, "");
    stems.push(rest);
  }
  const out: string[] = [];
  for (const stem of stems) {
    out.push(stem);
    const suffixes: [RegExp, string][] = [
      [/تين$|تان$|تي$/, "ه"],
      [/يه$/, "ي"],
      [/ات$/, "ه"],
      [/ات$/, ""],
      [/(?:ين|ون|ان)$/, ""],
      [/ه$/, ""],
      [/ها$|هم$|كم$|نا$/, ""],
    ];
    for (const [pattern, replacement] of suffixes) {
      if (!pattern.test(stem)) continue;
      const variant = stem.replace(pattern, replacement);
      if (variant.length >= 3) out.push(variant);
    }
  }
  return out.slice(1);
}

/**
 * The lexicon word within edit distance 1 (2 for words of 8+ letters), for misspellings. Short
 * words must keep their first letter so "dark" does not become "park".
 */
function nearestKey(key: string): string | undefined {
  if (key.length < 4 || /\d/.test(key)) return undefined;
  const arabic = isArabic(key);
  if (!arabic && !/^[a-z]+$/.test(key)) return undefined;
  const { latinByLength, arabicByLength } = compiledLexicon();
  const buckets = arabic ? arabicByLength : latinByLength;
  const maxDistance = key.length >= 8 ? 2 : 1;
  let best: { key: string; score: number } | undefined;
  for (let length = key.length - maxDistance; length <= key.length + maxDistance; length++) {
    for (const candidate of buckets.get(length) ?? []) {
      if (key.length < 5 && candidate[0] !== key[0]) continue;
      const distance = editDistance(key, candidate, maxDistance);
      if (distance > maxDistance) continue;
      // Prefer fewer edits, then a longer shared beginning; ties go to the first in sort order.
      const score = distance * 100 - commonPrefix(key, candidate);
      if (!best || score < best.score) best = { key: candidate, score };
    }
  }
  return best?.key;
}

function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

/** Optimal-string-alignment distance (adjacent swaps count once), giving up beyond `limit`. */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous2: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, previous2[j - 2]! + 1);
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > limit) return limit + 1;
    previous2 = previous;
    previous = current;
  }
  return previous[b.length]!;
}

/** Tokens with their lexicon resolution; stop words keep their own key (phrases may use them). */
function resolvedTokens(text: string): (RawToken & { resolved: Resolved })[] {
  return rawTokens(text).map((token) => {
    const resolved: Resolved = token.stop ? { key: token.key } : resolve(token.key);
    return { ...token, stop: token.stop || Boolean(resolved.stop), resolved: resolved.stop ? { key: token.key } : resolved };
  });
}

/** The weighted features of a text, before they become a vector. Exported for diagnostics. */
export function embeddingFeatures(text: string): Map<string, number> {
  const { phrases, phraseStarts } = compiledLexicon();
  const tokens = resolvedTokens(text);
  const features = new Map<string, number>();
  const add = (key: string, weight: number) => features.set(key, (features.get(key) ?? 0) + weight);
  for (const code of text.match(PRODUCT_CODE) ?? []) {
    if (!/\d/.test(code)) continue;
    const lower = code.toLowerCase();
    add(`s:${lower}`, CODE_WEIGHT);
    add(`s:${lower.slice(0, lower.lastIndexOf("-"))}`, CODE_FAMILY_WEIGHT);
  }
  const addConcepts = (concepts: Weighted, scale: number) => {
    for (const [feature, weight] of concepts) add(feature, weight * scale);
  };
  for (let i = 0; i < tokens.length; i++) {
    // Phrases (two to four words) add their concept on top of their words' own.
    if (phraseStarts.has(tokens[i]!.resolved.key)) {
      let key = tokens[i]!.resolved.key;
      for (let n = 2; n <= MAX_PHRASE && i + n <= tokens.length; n++) {
        key += ` ${tokens[i + n - 1]!.resolved.key}`;
        const phrase = phrases.get(key);
        if (phrase) addConcepts(phrase, 1);
      }
    }
    const token = tokens[i]!;
    if (token.stop) continue;
    const { key, concepts, fuzzy } = token.resolved;
    if (concepts && !fuzzy) {
      addConcepts(concepts, 1);
      continue;
    }
    if (/^\d+(?:\.\d+)?$/.test(key)) {
      add(`n:${key}`, NUMBER_WEIGHT);
      continue;
    }
    if (key.length < 2) continue;
    if (concepts) addConcepts(concepts, 0.8);
    add(`t:${token.key}`, concepts ? UNKNOWN_AFTER_FUZZY_WEIGHT : UNKNOWN_WEIGHT);
    const grams = trigrams(token.key);
    const gramWeight = (concepts ? TRIGRAM_WEIGHT / 2 : TRIGRAM_WEIGHT) / Math.sqrt(grams.length);
    for (const gram of grams) add(`g:${gram}`, gramWeight);
  }
  return features;
}

function trigrams(word: string): string[] {
  const padded = `#${word}#`;
  const out: string[] = [];
  for (let i = 0; i + 3 <= padded.length; i++) out.push(padded.slice(i, i + 3));
  return out;
}

/**
 * Embeds one text into a unit vector of `dimensions` numbers (rounded to 8 decimals, as a wire
 * format would). Pure and deterministic: the same text always gives the same vector, in-process
 * or through the stand-in.
 */
export function embedText(text: string, dimensions = 1024): number[] {
  if (!Number.isInteger(dimensions) || dimensions < 1) throw new RangeError("dimensions must be a positive integer");
  const features = embeddingFeatures(text);
  // A text with nothing to go on (punctuation, stop words) still gets a stable vector of its own.
  if (features.size === 0) features.set(`t:${text.trim().toLowerCase()}`, 1);
  const vector = new Float64Array(dimensions);
  const scale = 1 / Math.sqrt(Math.min(FEATURE_NONZEROS, dimensions));
  for (const [key, raw] of features) {
    // Repeating a word strengthens it less and less, as pooling over a long passage does.
    const weight = (raw > 1 ? 1 + Math.log(raw) : raw) * scale;
    const positions = featureVector(key, dimensions);
    for (let k = 0; k < positions.length; k++) {
      const signed = positions[k]!;
      if (signed > 0) vector[signed - 1]! += weight;
      else vector[-signed - 1]! -= weight;
    }
  }
  let norm = 0;
  for (let i = 0; i < dimensions; i++) norm += vector[i]! * vector[i]!;
  const factor = 1e8 / (Math.sqrt(norm) || 1);
  const out = new Array<number>(dimensions);
  for (let i = 0; i < dimensions; i++) out[i] = Math.round(vector[i]! * factor) / 1e8;
  return out;
}

const featureVectors = new Map<string, Int32Array>();

/**
 * A feature's fixed pseudo-random direction: FEATURE_NONZEROS positions with random signs, seeded
 * by the feature's hash (mulberry32), stored as ±(index + 1). Cached, as concepts recur constantly.
 */
function featureVector(key: string, dimensions: number): Int32Array {
  const cacheKey = `${dimensions}|${key}`;
  const cached = featureVectors.get(cacheKey);
  if (cached) return cached;
  const nonzeros = Math.min(FEATURE_NONZEROS, dimensions);
  const out = new Int32Array(nonzeros);
  let state = fnv1a(key);
  for (let k = 0; k < nonzeros; k++) {
    state = (state + 0x6d2b79f5) | 0;
    let r = Math.imul(state ^ (state >>> 15), 1 | state);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    r = (r ^ (r >>> 14)) >>> 0;
    const index = (r % dimensions) + 1;
    out[k] = r & 0x80000000 ? index : -index;
  }
  if (featureVectors.size > 100_000) featureVectors.clear();
  featureVectors.set(cacheKey, out);
  return out;
}

