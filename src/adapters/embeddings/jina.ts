import { z } from "zod";
import type { Config } from "../../core/config";

export type EmbeddingTask = "passage" | "query";

/** Turns texts into vectors. `requests` counts HTTP calls so syncs can report (and tests assert) them. */
export interface Embedder {
  readonly dimensions: number;
  requests: number;
  embed(texts: string[], task: EmbeddingTask): Promise<number[][]>;
}

export class EmbeddingsError extends Error {
  override name = "EmbeddingsError";
}

const responseSchema = z.object({
  data: z.array(z.object({ index: z.number().int().nonnegative(), embedding: z.array(z.number()) })),
});

/** Inputs per request: Jina accepts more, but smaller batches keep a retry cheap. */
const BATCH_SIZE = 64;
const MAX_ATTEMPTS = 4;

/**
 * Jina embeddings v3 through its OpenAI-style `/embeddings` endpoint: `retrieval.passage` for
 * what we index, `retrieval.query` for what customers ask (Jina's asymmetric tasks), batched,
 * retried with backoff on 429/5xx and network failures, and checked for the configured size.
 */
export class JinaEmbedder implements Embedder {
  requests = 0;
  readonly dimensions: number;
  private readonly fetchFn: typeof fetch;

  constructor(
    private readonly config: Pick<Config, "EMBEDDINGS_BASE_URL" | "EMBEDDINGS_API_KEY" | "EMBEDDINGS_MODEL" | "EMBEDDINGS_DIMENSIONS">,
    options: { fetch?: typeof fetch; retryBaseMs?: number } = {},
  ) {
    this.dimensions = config.EMBEDDINGS_DIMENSIONS;
    this.fetchFn = options.fetch ?? ((input, init) => fetch(input, init));
    this.retryBaseMs = options.retryBaseMs ?? 500;
  }
  private readonly retryBaseMs: number;

  async embed(texts: string[], task: EmbeddingTask): Promise<number[][]> {
    const vectors: number[][] = [];
    for (let i = 0; i < texts.length; i += BATCH_SIZE) vectors.push(...(await this.batch(texts.slice(i, i + BATCH_SIZE), task)));
    return vectors;
  }

  private async batch(input: string[], task: EmbeddingTask): Promise<number[][]> {
    const body = JSON.stringify({
      model: this.config.EMBEDDINGS_MODEL,
      task: task === "query" ? "retrieval.query" : "retrieval.passage",
      dimensions: this.dimensions,
      embedding_type: "float",
      normalized: true,
      input: input.map((text) => text.slice(0, 8000)),
    });
    let lastError = "";
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      if (attempt > 1) await new Promise((resolve) => setTimeout(resolve, this.retryBaseMs * 2 ** (attempt - 2)));
      this.requests++;
      let response: Response;
      try {
        response = await this.fetchFn(`${this.config.EMBEDDINGS_BASE_URL.replace(/\/$/, "")}/embeddings`, {
          method: "POST",
          headers: { "content-type": "application/json", ...(this.config.EMBEDDINGS_API_KEY ? { authorization: `Bearer ${this.config.EMBEDDINGS_API_KEY}` } : {}) },
          body,
        });
      } catch (error) {
        lastError = `unreachable: ${error instanceof Error ? error.message : String(error)}`;
        continue;
      }
      if (response.status === 429 || response.status >= 500) {
        lastError = `HTTP ${response.status}`;
        await response.body?.cancel();
        continue;
      }
      const text = await response.text();
      if (!response.ok) throw new EmbeddingsError(`Embeddings endpoint answered HTTP ${response.status}: ${text.slice(0, 200)}`);
      const parsed = responseSchema.safeParse(safeJson(text));
      if (!parsed.success) throw new EmbeddingsError("Embeddings endpoint answered an unexpected shape");
      const vectors = parsed.data.data.sort((a, b) => a.index - b.index).map((d) => d.embedding);
      if (vectors.length !== input.length || vectors.some((v) => v.length !== this.dimensions)) {
        throw new EmbeddingsError(`Embeddings endpoint answered ${vectors.length} vectors of size ${vectors[0]?.length}; expected ${input.length} of ${this.dimensions}`);
      }
      return vectors;
    }
    throw new EmbeddingsError(`Embeddings endpoint failed after ${MAX_ATTEMPTS} attempts (${lastError})`);
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
