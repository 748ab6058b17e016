import { boolean, index, integer, jsonb, numeric, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import type { Comparison } from "../../core/quality/findings/comparison";
import type { FindingCause } from "../../core/quality/findings/grouping";

/** One run of the findings job (on demand or weekly): the window it read, what it found and drafted, what it cost. */
export const qualityFindingRuns = pgTable("quality_finding_runs", {
  id: uuid("id").primaryKey().defaultRandom(),
  fromAt: timestamp("from_at", { withTimezone: true }).notNull(),
  toAt: timestamp("to_at", { withTimezone: true }).notNull(),
  trigger: text("trigger", { enum: ["manual", "weekly"] }).notNull(),
  status: text("status", { enum: ["running", "done", "budget_spent", "failed"] }).notNull().default("running"),
  reviews: integer("reviews").notNull().default(0),
  findings: integer("findings").notNull().default(0),
  proposals: integer("proposals").notNull().default(0),
  budgetUsd: numeric("budget_usd", { precision: 12, scale: 6 }).notNull(),
  costUsd: numeric("cost_usd", { precision: 12, scale: 6 }).notNull().default("0"),
  /** What people should know: the budget ran out, the proposals are scripted (no model key). */
  note: text("note"),
  createdBy: text("created_by").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  completedAt: timestamp("completed_at", { withTimezone: true }),
});

/** A recurring fault, one row per pattern (`key`), refreshed by every run that sees it again. */
export const qualityFindings = pgTable(
  "quality_findings",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    key: text("key").notNull(),
    pattern: text("pattern").notNull(),
    cause: text("cause").$type<FindingCause>().notNull(),
    conversations: integer("conversations").notNull(),
    conversationIds: jsonb("conversation_ids").$type<string[]>().notNull().default([]),
    exampleMessageIds: jsonb("example_message_ids").$type<string[]>().notNull().default([]),
    lastRunId: uuid("last_run_id")
      .notNull()
      .references(() => qualityFindingRuns.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("quality_findings_key_uq").on(t.key)],
);

export interface KnowledgeEdit {
  slug: string;
  topic: "delivery" | "warranty" | "payment" | "showroom" | "advantages" | "returns" | "other";
  language: "en" | "ar";
  title: string;
  body: string;
}

/**
 * A drafted change for a finding: a whole prompt version (`content`, diffed against
 * `basePromptVersion`) or a knowledge document (`knowledge`). Drafts are never activated by
 * themselves: only an admin's activation after a passing comparison applies them.
 */
export const qualityProposals = pgTable(
  "quality_proposals",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    findingId: uuid("finding_id")
      .notNull()
      .references(() => qualityFindings.id),
    runId: uuid("run_id")
      .notNull()
      .references(() => qualityFindingRuns.id),
    kind: text("kind", { enum: ["prompt", "knowledge"] }).notNull(),
    status: text("status", { enum: ["draft", "dismissed", "activated"] }).notNull().default("draft"),
    basePromptVersion: integer("base_prompt_version"),
    content: text("content").notNull(),
    knowledge: jsonb("knowledge").$type<KnowledgeEdit>(),
    reasoning: text("reasoning").notNull(),
    /** True when no model key was set and the stand-in path drafted it from a script. */
    scripted: boolean("scripted").notNull(),
    model: text("model"),
    costUsd: numeric("cost_usd", { precision: 12, scale: 6 }).notNull().default("0"),
    comparison: jsonb("comparison").$type<Comparison>(),
    comparisonStatus: text("comparison_status", { enum: ["missing", "passing", "failing"] }).notNull().default("missing"),
    dismissReason: text("dismiss_reason"),
    activatedVersion: integer("activated_version"),
    decidedBy: text("decided_by"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
  },
  (t) => [index("quality_proposals_finding_idx").on(t.findingId)],
);
