import { z } from "zod";
import type { Database } from "../../adapters/db/client";
import { activePrompt } from "../../adapters/db/prompts-repo";
import {
  claimReview,
  claimReviewWork,
  conversationForReview,
  currentRubric,
  finishReview,
  judgeCallsToday,
  loadReviewInput,
  catalogPrices,
  markAlerted,
  type ReviewResult,
  type ReviewRow,
} from "../../adapters/db/quality-repo";
import { loadAgentSettingOverrides } from "../../adapters/db/settings-repo";
import type { ChatModel } from "../../core/agent/model";
import { defaultSettings, effectiveSettings, type AgentSettings } from "../../core/domain/settings";
import type { Config } from "../../core/config";
import { runChecks, type ReviewInput } from "./flags";
import { judgeConversation } from "../../core/quality/judge";
import { alertFor } from "../../core/quality/alerts";
import { DEFAULT_RUBRIC } from "../../core/quality/rubric";
import { skusNamedInReplies } from "../../core/quality/named-skus";

/** A review job on the quality-reviews queue: the conversation as it stood at `version` messages. */
export const qualityJobSchema = z
  .object({
    conversationId: z.uuid(),
    version: z.number().int().min(0).max(2_147_483_647),
    trigger: z.enum(["quiet", "handoff", "order", "manual"]).default("quiet"),
    /** The system prompt version the conversation ran with, as its object knew it. */
    promptVersion: z.number().int().min(0).nullable().default(null),
  })
  .strict();
export type QualityJob = z.input<typeof qualityJobSchema>;

/** What the reviewer reaches: Postgres, the judge model, and the managers of the conversation. */
export interface ReviewDeps {
  config: Config;
  db: Database;
  judge: ChatModel | null;
  notifyManagers(conversation: NonNullable<Awaited<ReturnType<typeof conversationForReview>>>, idPrefix: string, text: string): Promise<void>;
  now?: () => Date;
}

/** Another delivery is reviewing this version right now: try again later, it will be done. */
export class ReviewInProgress extends Error {
  constructor(reviewId: string) {
    super(`review ${reviewId} is being made by another delivery`);
    this.name = "ReviewInProgress";
  }
}

/**
 * Reviews one conversation at one version, once: the row claimed first makes a repeated job find
 * the finished review and stop. Code checks always run; the judge runs when a model is
 * configured, the review is sampled and the day's budget allows, and its failure is recorded as
 * a failed review (flags kept, no scores). Managers are alerted once per review.
 */
export async function reviewConversation(deps: ReviewDeps, job: z.output<typeof qualityJobSchema>): Promise<ReviewRow | null> {
  const { db } = deps;
  const conversation = await conversationForReview(db, job.conversationId);
  if (!conversation) return null;
  const settings = effectiveSettings(defaultSettings(deps.config), await loadAgentSettingOverrides(db));
  const promptVersion = job.promptVersion ?? (await activePrompt(db, "system"))?.version ?? 0;
  const { review } = await claimReview(db, { conversationId: conversation.id, messagesVersion: job.version, trigger: job.trigger, promptVersion, channel: conversation.channel, language: conversation.language });
  let finished = review;
  if (review.status === "queued") {
    if (!(await claimReviewWork(db, review.id))) throw new ReviewInProgress(review.id);
    const stored = await loadReviewInput(db, conversation.id, {
      slowFirstReplySeconds: settings.qualitySlowFirstReplySeconds,
      maxDiscountPercent: settings.maxDiscountPercent,
      vatPercent: settings.vatPercent,
    });
    const input = { ...stored, catalog: await catalogPrices(db, skusNamedInReplies(stored.messages)) };
    const flags = runChecks(input);
    finished = await finishReview(db, review.id, { flags, ...(await judged(deps, settings, review, input)) });
  }
  if (!finished.alertedAt) {
    const alert = alertFor(finished, conversation.chatId, settings.qualityAlertBelowScore);
    if (alert) {
      await deps.notifyManagers(conversation, `quality-${finished.id}`, alert);
      await markAlerted(db, finished.id);
    }
  }
  return finished;
}

type JudgePart = Omit<ReviewResult, "flags">;

async function judged(deps: ReviewDeps, settings: AgentSettings, review: ReviewRow, input: ReviewInput): Promise<JudgePart> {
  const skipped = (note: string): JudgePart => ({ status: "done", judgeStatus: "skipped", judgeNote: note, scores: [], reasoning: null, overallScore: null, rubricVersion: null, model: null, error: null, judgeAttempts: 0, judgeUsage: null });
  if (!deps.judge) return skipped("no model configured (offline mode): code checks only");
  if (!input.messages.some((m) => m.direction === "in")) return skipped("no customer message to judge");
  if (!sampled(`${review.conversationId}:${review.messagesVersion}`, settings.qualityJudgeSampleRate)) return skipped(`not sampled (rate ${settings.qualityJudgeSampleRate})`);
  if ((await judgeCallsToday(deps.db, (deps.now ?? (() => new Date()))())) >= settings.qualityJudgeDailyBudget) return skipped(`daily judge budget of ${settings.qualityJudgeDailyBudget} reached`);
  const rubric = (await currentRubric(deps.db)) ?? { version: 0, content: DEFAULT_RUBRIC };
  const outcome = await judgeConversation(deps.judge, rubric.content, input);
  const common = { rubricVersion: rubric.version, model: outcome.model, judgeAttempts: outcome.attempts, judgeNote: null, judgeUsage: outcome.usage };
  if (!outcome.ok || !outcome.judgment) {
    return { ...common, status: "failed", judgeStatus: "failed", scores: [], reasoning: null, overallScore: null, error: outcome.error };
  }
  return { ...common, status: "done", judgeStatus: "done", scores: outcome.judgment.criteria, reasoning: outcome.judgment.reasoning, overallScore: outcome.judgment.overall, error: null };
}

/** Deterministic sampling: the same conversation version is always in or out (FNV-1a of the key). */
export function sampled(key: string, rate: number): boolean {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193) >>> 0;
  return hash / 2 ** 32 < rate;
}
