import { sql } from "drizzle-orm";
import { index, integer, jsonb, numeric, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import type { QualityFlag } from "../../core/quality/flags/types";
import type { CriterionScore } from "../../core/quality/rubric";
import { conversations } from "./schema";

/**
 * One review of a conversation as it stood at `messagesVersion` (its message count when the
 * review was asked for). The unique key makes a repeated job (a redelivered queue message, the
 * quiet alarm and a manual request at once) one review; a conversation that continued gets a new one.
 * Code checks always run (`flags`); the judge may be skipped (no model, not sampled, over budget).
 */
export const qualityReviews = pgTable(
  "quality_reviews",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    conversationId: uuid("conversation_id")
      .notNull()
      .references(() => conversations.id),
    messagesVersion: integer("messages_version").notNull(),
    /** What asked for it: the quiet timer, a handoff, a sale order, or staff. */
    trigger: text("trigger", { enum: ["quiet", "handoff", "order", "manual"] }).notNull(),
    /** queued until the consumer finishes; failed only when the review itself could not be made. */
    status: text("status", { enum: ["queued", "done", "failed"] }).notNull().default("queued"),
    /** done, skipped (no model, not sampled, over the daily budget: `judgeNote` says which) or failed (`error`). */
    judgeStatus: text("judge_status", { enum: ["pending", "done", "skipped", "failed"] }).notNull().default("pending"),
    judgeNote: text("judge_note"),
    flags: jsonb("flags").$type<QualityFlag[]>().notNull().default([]),
    scores: jsonb("scores").$type<CriterionScore[]>().notNull().default([]),
    /** The judge's reasoning, written before its scores. */
    reasoning: text("reasoning"),
    overallScore: numeric("overall_score", { precision: 3, scale: 2 }),
    rubricVersion: integer("rubric_version"),
    /** The system prompt version the conversation's agent ran with (0: the built-in default). */
    promptVersion: integer("prompt_version"),
    model: text("model"),
    error: text("error"),
    judgeAttempts: integer("judge_attempts").notNull().default(0),
    /** When a consumer took the review on: two deliveries at once (the quiet alarm and a manual request) judge once. */
    claimedAt: timestamp("claimed_at", { withTimezone: true }),
    /** What the judge's calls for this review used and cost, all attempts together (0 when skipped). */
    judgePromptTokens: integer("judge_prompt_tokens").notNull().default(0),
    judgeCompletionTokens: integer("judge_completion_tokens").notNull().default(0),
    judgeCostUsd: numeric("judge_cost_usd", { precision: 12, scale: 6 }).notNull().default("0"),
    channel: text("channel"),
    language: text("language"),
    alertedAt: timestamp("alerted_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    completedAt: timestamp("completed_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("quality_reviews_conversation_version_uq").on(t.conversationId, t.messagesVersion),
    index("quality_reviews_created_idx").on(t.createdAt),
    index("quality_reviews_flags_idx").using("gin", t.flags),
  ],
);

/** The judge's rubric; the highest version is in force. Admins add versions; nothing is edited in place. */
export const qualityRubrics = pgTable("quality_rubrics", {
  version: integer("version").primaryKey(),
  content: text("content").notNull(),
  note: text("note"),
  createdBy: text("created_by").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

/** A manager's agreement with a review; one per staff member and review (a second one replaces the first). */
export const qualityVerdicts = pgTable(
  "quality_verdicts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    reviewId: uuid("review_id")
      .notNull()
      .references(() => qualityReviews.id),
    verdict: text("verdict", { enum: ["agree", "disagree"] }).notNull(),
    note: text("note"),
    actorLabel: text("actor_label").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("quality_verdicts_review_actor_uq").on(t.reviewId, t.actorLabel), index("quality_verdicts_created_idx").on(sql`${t.createdAt}`)],
);
