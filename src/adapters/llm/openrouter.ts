import OpenAI from "openai";
import type { ChatModel, CompletionRequest, CompletionResult } from "../../core/agent/model";
import type { Config } from "../../core/config";
import { modelKeyRefused } from "../../core/agent/model";
import { openRouterFailure } from "./openrouter-errors";

// The port lives with the agent that needs it; re-exported for the callers that build a model.
export type { ChatCompletionMessageParam, ChatCompletionTool, ChatModel, CompletionRequest, CompletionResult } from "../../core/agent/model";

const models = new WeakMap<Config, ChatModel>();
const judges = new WeakMap<Config, ChatModel>();

/** OpenRouter through the `openai` SDK (OpenRouter speaks the OpenAI chat-completions wire format). */
export class OpenRouterModel implements ChatModel {
  private readonly client: OpenAI;

  constructor(
    apiKey: string,
    private readonly baseURL: string,
    readonly model: string,
    timeoutMs: number,
  ) {
    this.client = new OpenAI({
      apiKey,
      baseURL,
      timeout: timeoutMs,
      maxRetries: 1,
      defaultHeaders: { "X-Title": "WhatsApp sales agent" },
    });
  }

  /**
   * The model for this configuration, built once per isolate; null when no key is configured:
   * the agent then runs in its labelled offline mode.
   */
  static fromConfig(config: Config): ChatModel | null {
    if (!config.OPENROUTER_API_KEY) return null;
    let model = models.get(config);
    if (!model) {
      const build = (id: string) => new OpenRouterModel(config.OPENROUTER_API_KEY!, config.OPENROUTER_BASE_URL, id, config.LLM_TIMEOUT_MS);
      model = config.LLM_FALLBACK_MODEL ? new FallbackModel(build(config.LLM_MODEL), build(config.LLM_FALLBACK_MODEL)) : build(config.LLM_MODEL);
      models.set(config, model);
    }
    return model;
  }

  /** The quality judge's model (QUALITY_MODEL, else LLM_MODEL); null without a key. No fallback model: a failed judgment is recorded, not made by another judge. */
  static judgeFromConfig(config: Config): ChatModel | null {
    if (!config.OPENROUTER_API_KEY) return null;
    let model = judges.get(config);
    if (!model) {
      model = new OpenRouterModel(config.OPENROUTER_API_KEY, config.OPENROUTER_BASE_URL, config.QUALITY_MODEL ?? config.LLM_MODEL, config.LLM_TIMEOUT_MS);
      judges.set(config, model);
    }
    return model;
  }

  async complete(request: CompletionRequest): Promise<CompletionResult> {
    const started = Date.now();
    let completion: OpenAI.ChatCompletion;
    try {
      completion = await this.client.chat.completions.create({
        model: this.model,
        messages: request.messages,
        // An empty tools array is refused by OpenAI-compatible APIs; omit it instead.
        ...(request.tools.length > 0 ? { tools: request.tools } : {}),
        temperature: request.temperature ?? 0.3,
        max_tokens: request.maxTokens ?? 700,
        ...(request.responseFormat ? { response_format: request.responseFormat } : {}),
        // OpenRouter: include the cost in `usage`.
        ...({ usage: { include: true } } as object),
      });
    } catch (error) {
      // One sentence naming OpenRouter and its host, classified (a 401 is the key refused).
      throw openRouterFailure(error, this.baseURL);
    }
    const choice = completion.choices[0];
    // OpenRouter's usage accounting: `cost` in credits (USD) and the prompt tokens read from the provider's cache.
    const usage = completion.usage as (OpenAI.CompletionUsage & { cost?: number }) | undefined;
    return {
      text: choice?.message.content ?? null,
      toolCalls: choice?.message.tool_calls ?? [],
      promptTokens: usage?.prompt_tokens ?? 0,
      cachedTokens: usage?.prompt_tokens_details?.cached_tokens ?? 0,
      completionTokens: usage?.completion_tokens ?? 0,
      costUsd: typeof usage?.cost === "number" ? usage.cost : 0,
      model: completion.model || this.model,
      ms: Date.now() - started,
    };
  }
}

/**
 * Tries the primary model (the SDK already retried timeouts, 429 and 5xx once with backoff) and,
 * when it still fails, the fallback model. The caller falls back to offline mode after that.
 */
export class FallbackModel implements ChatModel {
  constructor(
    private readonly primary: ChatModel,
    private readonly fallback: ChatModel,
  ) {}

  get model(): string {
    return this.primary.model;
  }

  async complete(request: CompletionRequest): Promise<CompletionResult> {
    try {
      return await this.primary.complete(request);
    } catch (error) {
      // The same key would be refused again: a refused key is not a reason to try another model.
      if (modelKeyRefused(error)) throw error;
      return await this.fallback.complete(request);
    }
  }
}
