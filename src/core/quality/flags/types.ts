/**
 * What the code checks read: a conversation as Postgres keeps it (messages, the agent's turn
 * traces, handoffs, quotations) plus the catalog prices and settings they compare against. Every
 * check is a pure function of this, so each can be tested alone and gives the same flags twice.
 */

export const FLAG_NAMES = [
  "wrong_language",
  "slow_first_reply",
  "grounding_correction",
  "offline_fallback",
  "handoff_missed",
  "unanswered_question",
  "repeated_reply",
  "price_mismatch",
  "order_without_confirmation",
] as const;
export type FlagName = (typeof FLAG_NAMES)[number];

/** Flags that alert managers at once, whatever the score. */
export const CRITICAL_FLAGS: readonly FlagName[] = ["order_without_confirmation", "price_mismatch", "handoff_missed"];

/** One finding: which rule, the messages that show it (their Postgres ids), and a line for people. */
export interface QualityFlag {
  flag: FlagName;
  messageIds: string[];
  detail: string;
}

export interface ReviewMessage {
  /** The message's Postgres id: what evidence points at. */
  id: string;
  /** Our own id of an outgoing message (`reply-…`), which the turn trace names. */
  clientMessageId: string | null;
  direction: "in" | "out";
  author: "customer" | "agent" | "manager" | "system";
  text: string | null;
  sentAt: number;
}

export interface ReviewToolCall {
  name: string;
  ok: boolean;
  args?: Record<string, unknown>;
}

/** One agent turn's trace (agent_turns): how the reply `replyId` was made. */
export interface ReviewTurn {
  replyId: string;
  mode: "llm" | "offline";
  fallbackReason: string | null;
  toolCalls: ReviewToolCall[];
  createdAt: number;
}

export interface ReviewHandoff {
  reason: string;
  createdAt: number;
  /** When the bot took the chat back; null while a manager has it. */
  resolvedAt: number | null;
}

/** A quotation that became an order (or was confirmed), and when the customer saw it. */
export interface ReviewQuotation {
  id: string;
  number: string;
  state: string;
  shownAt: number | null;
  confirmedAt: number | null;
  /** Who moved it to confirmed (agent, customer, manager), from its transitions. */
  confirmedBy: string | null;
}

/** A catalog price as known at a time: `knownSince` is the last change of the product's row. */
export interface CatalogPrice {
  sku: string;
  name: string;
  priceAed: number;
  knownSince: number;
}

export interface ReviewSettings {
  slowFirstReplySeconds: number;
  maxDiscountPercent: number;
  vatPercent: number;
}

export interface ReviewInput {
  messages: ReviewMessage[];
  turns: ReviewTurn[];
  handoffs: ReviewHandoff[];
  quotations: ReviewQuotation[];
  catalog: CatalogPrice[];
  settings: ReviewSettings;
}

/** The Postgres id of the outgoing message our id `clientMessageId` names, if it was mirrored. */
export function messageIdFor(input: Pick<ReviewInput, "messages">, clientMessageId: string): string | null {
  return input.messages.find((m) => m.clientMessageId === clientMessageId)?.id ?? null;
}

/** The agent's own replies (not managers', not system notices). */
export function agentReplies(input: Pick<ReviewInput, "messages">): ReviewMessage[] {
  return input.messages.filter((m) => m.direction === "out" && m.author === "agent" && m.text);
}

/** How far the customer's clock (the channel's timestamp on their message) may run ahead of ours. */
export const CLOCK_SLACK_MS = 60_000;

/** Whether a manager had the chat at `at` or took it afterwards (a handoff then or later). */
export function handedOffSince(input: Pick<ReviewInput, "handoffs">, at: number): boolean {
  const since = at - CLOCK_SLACK_MS;
  return input.handoffs.some((h) => h.createdAt >= since || h.resolvedAt === null || h.resolvedAt >= since);
}
