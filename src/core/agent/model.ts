/**
 * The chat-model port: the one capability the agent needs from an LLM provider. The OpenRouter
 * adapter implements it; the agent, the summariser and the tools depend only on this file.
 */
import type {
  ChatCompletionMessageParam,
  ChatCompletionMessageToolCall,
  ChatCompletionTool,
} from "openai/resources/chat/completions";

export type { ChatCompletionMessageParam, ChatCompletionMessageToolCall, ChatCompletionTool };

export interface CompletionRequest {
  messages: ChatCompletionMessageParam[];
  tools: ChatCompletionTool[];
  /** Structured output (the quality judge): the answer must match this JSON schema. */
  responseFormat?: { type: "json_schema"; json_schema: { name: string; strict: true; schema: Record<string, unknown> } };
  maxTokens?: number;
  temperature?: number;
}

export interface CompletionResult {
  text: string | null;
  toolCalls: ChatCompletionMessageToolCall[];
  promptTokens: number;
  /** Prompt tokens the provider read from its prompt cache (`usage.prompt_tokens_details.cached_tokens`); part of `promptTokens`. */
  cachedTokens?: number;
  completionTokens: number;
  /** OpenRouter reports the charge in `usage.cost` (USD); other providers leave it at 0. */
  costUsd: number;
  model: string;
  ms: number;
}

export interface ChatModel {
  readonly model: string;
  complete(request: CompletionRequest): Promise<CompletionResult>;
}

/**
 * Why a model call failed, as the adapter classified it: `key_refused` (the provider answered 401:
 * permanent until someone fixes the key, so never a reason to hand a chat to a person),
 * `unreachable` (no answer at all: DNS, connection) or `failed` (anything else).
 */
export type ModelFailureKind = "key_refused" | "unreachable" | "failed";

/** A failed model call; its message names the provider and its host, never the key. */
export class ModelCallFailed extends Error {
  override name = "ModelCallFailed";
  constructor(
    message: string,
    readonly kind: ModelFailureKind,
    readonly status: number | null,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The turn's `fallbackReason` when the model's key was refused. */
export const MODEL_KEY_REFUSED = "LLM key refused";

/** True when the model's key was refused (HTTP 401): the chat continues with the offline salesperson. */
export function modelKeyRefused(error: unknown): boolean {
  return error instanceof ModelCallFailed && error.kind === "key_refused";
}
