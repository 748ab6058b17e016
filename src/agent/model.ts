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
