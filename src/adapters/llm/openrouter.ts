import OpenAI from "openai";
import type {
  ChatCompletionMessageParam,
  ChatCompletionMessageToolCall,
  ChatCompletionTool,
} from "openai/resources/chat/completions";
import type { Config } from "../../config";

export type { ChatCompletionMessageParam, ChatCompletionTool };

export interface CompletionRequest {
  messages: ChatCompletionMessageParam[];
  tools: ChatCompletionTool[];
}

export interface CompletionResult {
  text: string | null;
  toolCalls: ChatCompletionMessageToolCall[];
  promptTokens: number;
  completionTokens: number;
  /** OpenRouter reports the charge in `usage.cost` (USD); other providers leave it at 0. */
  costUsd: number;
  model: string;
  ms: number;
}

/** The one capability the agent needs from an LLM provider. */
export interface ChatModel {
  readonly model: string;
  complete(request: CompletionRequest): Promise<CompletionResult>;
}

const models = new WeakMap<Config, OpenRouterModel>();

/** OpenRouter through the `openai` SDK (OpenRouter speaks the OpenAI chat-completions wire format). */
export class OpenRouterModel implements ChatModel {
  private readonly client: OpenAI;

  constructor(
    apiKey: string,
    baseURL: string,
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
  static fromConfig(config: Config): OpenRouterModel | null {
    if (!config.OPENROUTER_API_KEY) return null;
    let model = models.get(config);
    if (!model) {
      model = new OpenRouterModel(config.OPENROUTER_API_KEY, config.OPENROUTER_BASE_URL, config.LLM_MODEL, config.LLM_TIMEOUT_MS);
      models.set(config, model);
    }
    return model;
  }

  async complete(request: CompletionRequest): Promise<CompletionResult> {
    const started = Date.now();
    const completion = await this.client.chat.completions.create({
      model: this.model,
      messages: request.messages,
      tools: request.tools,
      temperature: 0.3,
      max_tokens: 700,
      // OpenRouter: include the cost in `usage`.
      ...({ usage: { include: true } } as object),
    });
    const choice = completion.choices[0];
    const usage = completion.usage as (OpenAI.CompletionUsage & { cost?: number }) | undefined;
    return {
      text: choice?.message.content ?? null,
      toolCalls: choice?.message.tool_calls ?? [],
      promptTokens: usage?.prompt_tokens ?? 0,
      completionTokens: usage?.completion_tokens ?? 0,
      costUsd: typeof usage?.cost === "number" ? usage.cost : 0,
      model: completion.model || this.model,
      ms: Date.now() - started,
    };
  }
}
