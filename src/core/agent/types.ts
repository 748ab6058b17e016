/**
 * Types the agent, its tools, the quotation desk and the conversation object all speak. This module
 * imports nothing of ours but the catalog's views, so every side can depend on it without a loop.
 */
import { z } from "zod";
import type { ProductView } from "./catalog";

export type { Catalog, KnowledgePassage, ProductSearch, ProductView, StockFigure } from "./catalog";

/** One earlier message of the chat, as the model is shown it. */
export interface HistoryEntry {
  role: "customer" | "agent" | "manager";
  text: string;
}

/** What the agent learns about a customer as the talk goes; the update_customer_profile tool fills it. */
export const customerProfileSchema = z
  .object({
    name: z.string().trim().min(1).max(100),
    company: z.string().trim().min(1).max(150),
    city: z.string().trim().min(1).max(80),
    email: z.string().trim().email().max(200),
    needs: z.string().trim().min(1).max(500).describe("What they are furnishing, quantities, budget"),
  })
  .partial()
  .strict();
export type CustomerProfile = z.infer<typeof customerProfileSchema>;

/** Memory a turn starts with: the profile, a summary of talk older than the recent window, when we last spoke. */
export interface Memory {
  profile: CustomerProfile;
  summary: string | null;
  lastSeenAt: number | null;
}

/** Why a chat went to a human; recorded for quality metrics. */
export const HANDOFF_REASONS = [
  "customer_request",
  "frustration",
  "policy",
  "order_value",
  "missing_knowledge",
  "custom_design",
  "tool_failure",
  "manager_takeover",
  "admin",
] as const;
export type HandoffReason = (typeof HANDOFF_REASONS)[number];

export interface Handoff {
  reason: HandoffReason;
  summary: string;
}

/** What a tool answers the model: data plus, where the wording matters, text to relay. */
export type ToolResult = Record<string, unknown>;

/** The trace entry a turn records when its draft went back to the model once for an unsupported figure (read by the quality checks). */
export const FIGURE_CORRECTION_CALL = "check:figure_correction";

/** One tool call of a turn, for the turn's record. */
export interface ToolCallRecord {
  name: string;
  ok: boolean;
  ms: number;
  /** The arguments the model gave (for the turn's trace), when they were a JSON object. */
  args?: Record<string, unknown>;
  /** The start of what the tool answered the model, for the turn's trace. */
  result?: string;
  /** Run before the model's first round (retrieval before the model), handed to it as its own call. */
  prefetched?: boolean;
}

/** One model call of a turn, as the provider reported it: the turn's trace shows each. */
export interface ModelCallRecord {
  model: string;
  promptTokens: number;
  /** Of `promptTokens`, those read from the provider's prompt cache. */
  cachedTokens: number;
  completionTokens: number;
  costUsd: number;
  ms: number;
}

/**
 * Back-in-stock subscriptions for this chat's customer (`notify_when_back_in_stock`, the offline
 * salesperson). `subscribe` takes a product id or SKU and answers as a tool does: `ok` with
 * `status` ("subscribed" / "already_waiting"), or an `error` (no such product, in stock).
 */
export interface StockAlerts {
  subscribe(productIdOrSku: string): Promise<ToolResult>;
}

/**
 * What the quotation tools may ask of the chat's quotation. `QuotationDesk` implements it; the
 * agent knows only this, so the desk can use the agent's types without the two importing each other.
 */
export interface QuotationTools {
  /** Catalog products the desk read: names, SKUs and prices a reply may state. */
  readonly products: ProductView[];
  /** Figures the desk computed (line totals, VAT, totals, order messages): a reply may state them. */
  readonly licensedText: string[];
  /** Set when show_quotation ran: the reply must carry this text word for word. */
  readonly shownText: string | null;
  readonly shown: { quotationId: string; version: number } | null;
  /** Set when the order is too large for the agent: the turn hands the chat to a manager. */
  readonly handoffSummary: string | null;
  /** Set when the customer confirmed this turn: only then may the reply say the order is confirmed. */
  readonly confirmedNumber: string | null;
  /** The chat's back-in-stock subscriptions, carried with the desk because both are bound to the chat; null where there are none. */
  readonly stockAlerts: StockAlerts | null;
  learn(profile: CustomerProfile): void;
  add(skuOrId: string, quantity: number): Promise<ToolResult>;
  change(skuOrId: string, quantity: number): Promise<ToolResult>;
  remove(skuOrId: string): Promise<ToolResult>;
  show(): Promise<ToolResult>;
  confirm(): Promise<ToolResult>;
  cancel(): Promise<ToolResult>;
}

/** What one turn produced: the reply, how it was made, and what it changed. */
export interface TurnOutcome {
  text: string;
  mode: "llm" | "offline";
  model: string | null;
  promptTokens: number;
  completionTokens: number;
  costUsd: number;
  llmMs: number;
  /** Of `promptTokens`, those the provider read from its prompt cache. */
  cachedTokens?: number;
  /** Every model call the reply cost, a continued turn's included. */
  modelCalls?: ModelCallRecord[];
  /** Customer messages that arrived while the model worked and were answered by this same reply. */
  continuedWith?: number;
  toolCalls: ToolCallRecord[];
  /** Why the turn fell back to the offline reply, when it did. */
  fallbackReason: string | null;
  /** Set when the chat goes to a human; the text then ends with the handoff notice. */
  handoff: Handoff | null;
  /** What the model learned about the customer this turn. */
  profileUpdate?: CustomerProfile;
  /** A quotation version this reply shows, word for word: it counts as seen once the reply is committed. */
  shownQuotation?: { quotationId: string; version: number; text: string } | undefined;
  /** Set when the model call failed this turn: how (the shared model health records it). */
  modelFailure?: "key_refused" | "unreachable" | "failed" | undefined;
}
