import type { FlagName, QualityFlag } from "../flags/types";
import type { Criterion, CriterionScore } from "../rubric";

/** Where a fault most likely comes from: what a fix would change. */
export const FINDING_CAUSES = ["prompt", "knowledge", "catalog", "code"] as const;
export type FindingCause = (typeof FINDING_CAUSES)[number];

/** What the grouping reads of one review: its scores, its flags and the managers' verdicts on it. */
export interface ReviewSignal {
  reviewId: string;
  conversationId: string;
  overallScore: number | null;
  scores: CriterionScore[];
  flags: QualityFlag[];
  verdicts: { verdict: "agree" | "disagree" }[];
}

export interface Finding {
  /** Stable across runs (`flag:<name>`, `criterion:<name>`, `disagreement`): a run refreshes the finding with the same key. */
  key: string;
  pattern: string;
  cause: FindingCause;
  conversations: number;
  conversationIds: string[];
  exampleMessageIds: string[];
}

export interface GroupingOptions {
  /** A criterion scored at or below this is a fault (default 2 of 5). */
  lowScore?: number;
  /** A pattern seen in fewer conversations is not a finding (default 2). */
  minConversations?: number;
  /** Message ids kept as examples per finding (default 5). */
  maxExamples?: number;
}

const FLAG_FINDINGS: Record<FlagName, { pattern: string; cause: FindingCause }> = {
  wrong_language: { pattern: "Replies in a language other than the customer's", cause: "prompt" },
  slow_first_reply: { pattern: "The first reply comes late", cause: "code" },
  grounding_correction: { pattern: "Replies state figures the tools did not give, so the code corrects them", cause: "prompt" },
  offline_fallback: { pattern: "The model failed and the offline salesperson answered", cause: "code" },
  handoff_missed: { pattern: "A customer who needed a manager was not handed off", cause: "prompt" },
  unanswered_question: { pattern: "Customers' questions go unanswered", cause: "knowledge" },
  repeated_reply: { pattern: "The assistant repeats the same reply", cause: "prompt" },
  price_mismatch: { pattern: "A price in a reply differs from the catalog", cause: "catalog" },
  order_without_confirmation: { pattern: "An order was placed without the customer's confirmation", cause: "code" },
};

const CRITERION_FINDINGS: Record<Criterion, { pattern: string; cause: FindingCause }> = {
  needs_discovery: { pattern: "Quotes or recommends before learning the customer's needs (quantity, use, budget)", cause: "prompt" },
  product_fit: { pattern: "Recommended products do not fit what the customer asked for", cause: "catalog" },
  accuracy: { pattern: "Product, price or stock facts in replies are wrong or unsupported", cause: "knowledge" },
  tone_language: { pattern: "Tone or language does not suit the customer", cause: "prompt" },
  next_step: { pattern: "The sale is not moved on (quotation, order, visit) at the right time", cause: "prompt" },
  handoff: { pattern: "Handoffs to a manager are missed or needless", cause: "prompt" },
};

interface Group {
  key: string;
  pattern: string;
  cause: FindingCause;
  conversations: Set<string>;
  examples: string[];
}

/**
 * Groups recent reviews into findings: every code flag, every criterion the judge scored low and
 * every review a manager disagreed with is a signal; signals with the same key across at least
 * `minConversations` conversations make a finding, citing the messages the flags and scores cite.
 * The most widespread findings come first (ties by key, so the order is stable).
 */
export function groupFindings(reviews: readonly ReviewSignal[], options: GroupingOptions = {}): Finding[] {
  const lowScore = options.lowScore ?? 2;
  const minConversations = options.minConversations ?? 2;
  const maxExamples = options.maxExamples ?? 5;
  const groups = new Map<string, Group>();
  const add = (key: string, pattern: string, cause: FindingCause, conversationId: string, messageIds: readonly string[]) => {
    let group = groups.get(key);
    if (!group) {
      group = { key, pattern, cause, conversations: new Set(), examples: [] };
      groups.set(key, group);
    }
    group.conversations.add(conversationId);
    for (const id of messageIds) if (group.examples.length < maxExamples && !group.examples.includes(id)) group.examples.push(id);
  };
  for (const review of reviews) {
    for (const flag of review.flags) add(`flag:${flag.flag}`, FLAG_FINDINGS[flag.flag].pattern, FLAG_FINDINGS[flag.flag].cause, review.conversationId, flag.messageIds);
    for (const score of review.scores) {
      if (score.score > lowScore) continue;
      const known = CRITERION_FINDINGS[score.criterion];
      add(`criterion:${score.criterion}`, known.pattern, known.cause, review.conversationId, score.messageIds);
    }
    if (review.verdicts.some((v) => v.verdict === "disagree")) {
      const cited = [...review.flags.flatMap((f) => f.messageIds), ...review.scores.flatMap((s) => s.messageIds)];
      add("disagreement", "Managers disagree with the judge's review", "code", review.conversationId, cited);
    }
  }
  return [...groups.values()]
    .filter((g) => g.conversations.size >= minConversations)
    .map((g) => ({ key: g.key, pattern: g.pattern, cause: g.cause, conversations: g.conversations.size, conversationIds: [...g.conversations].sort(), exampleMessageIds: g.examples }))
    .sort((a, b) => b.conversations - a.conversations || a.key.localeCompare(b.key));
}

/** Whether the product drafts a change for this cause (the prompt or the knowledge base); catalog data and code rules go to people. */
export function proposable(cause: FindingCause): cause is "prompt" | "knowledge" {
  return cause === "prompt" || cause === "knowledge";
}
