import { z } from "zod";
import { CHANNEL_NAMES } from "../../channels/registry";
import { FLAG_NAMES } from "../../quality/flags/types";
import { CRITERIA } from "../../quality/rubric";
import { contracts, DEFAULT_RANGE_DAYS, defaultRange, idParams, int32, isoTime, plainText, timestamp, visibleText, rangeIssues } from "./types";

const flag = z.object({ flag: z.enum(FLAG_NAMES), messageIds: z.array(z.string()), detail: z.string() });
const score = z.object({ criterion: z.enum(CRITERIA), score: z.number().int(), reason: z.string(), messageIds: z.array(z.string()) });

const review = z.object({
  id: z.uuid(),
  conversationId: z.uuid(),
  messagesVersion: z.number().int().describe("how many messages the conversation had when reviewed"),
  trigger: z.enum(["quiet", "handoff", "order", "manual"]),
  status: z.enum(["queued", "done", "failed"]).describe("failed: the judge could not give a valid judgment (see error); flags are still there"),
  judgeStatus: z.enum(["pending", "done", "skipped", "failed"]),
  judgeNote: z.string().nullable().describe("why the judge was skipped"),
  flags: z.array(flag),
  scores: z.array(score),
  reasoning: z.string().nullable(),
  overallScore: z.number().nullable(),
  rubricVersion: z.number().int().nullable(),
  promptVersion: z.number().int().nullable(),
  model: z.string().nullable(),
  judgePromptTokens: z.number().int(),
  judgeCompletionTokens: z.number().int(),
  judgeCostUsd: z.number().describe("what the judge's calls for this review cost (USD, as OpenRouter reports it)"),
  error: z.string().nullable(),
  channel: z.string().nullable(),
  language: z.string().nullable(),
  createdAt: timestamp,
  completedAt: timestamp.nullable(),
});

const verdict = z.object({ id: z.uuid(), reviewId: z.uuid(), verdict: z.enum(["agree", "disagree"]), note: z.string().nullable(), actorLabel: z.string(), createdAt: timestamp });
const evidenceMessage = z.object({ id: z.uuid(), direction: z.enum(["in", "out"]), author: z.string(), text: z.string().nullable(), sentAt: timestamp });
const rubric = z.object({ version: z.number().int(), content: z.string(), note: z.string().nullable(), createdBy: z.string(), createdAt: timestamp.nullable() });

const score1to5 = z.coerce.number().min(1).max(5);
export const reviewFilter = z
  .object({
    minScore: score1to5.optional(),
    maxScore: score1to5.optional(),
    flag: z.enum(FLAG_NAMES).optional(),
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    promptVersion: int32().min(0).optional(),
    channel: z.enum(CHANNEL_NAMES).optional(),
    language: z.enum(["en", "ar"]).optional(),
    status: z.enum(["queued", "done", "failed"]).optional(),
    conversationId: z.uuid().optional().describe("only this conversation's reviews"),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  })
  .strict()
  .refine((q) => q.minScore === undefined || q.maxScore === undefined || q.minScore <= q.maxScore, { message: "minScore must not exceed maxScore", path: ["minScore"] });
export type ReviewFilter = z.infer<typeof reviewFilter>;

export const reportQuery = z
  .object({ from: isoTime.optional().describe(`start of the range; default ${DEFAULT_RANGE_DAYS} days before to`), to: isoTime.optional().describe("end of the range; default now") })
  .strict()
  .transform((q) => defaultRange(q))
  .superRefine((q, ctx) => {
    for (const issue of rangeIssues(q)) ctx.addIssue({ code: "custom", ...issue });
  });

const avg = z.number().nullable();
const count = z.number().int();
export const qualityReport = z.object({
  from: z.string(),
  to: z.string(),
  totals: z.object({ reviews: count, judged: count, failed: count, averageScore: avg, alerted: count, judgeCostUsd: z.number().describe("what the judge cost over the range (USD)") }),
  byDay: z.array(z.object({ day: z.string(), reviews: count, averageScore: avg, flagged: count })),
  byCriterion: z.array(z.object({ criterion: z.string(), averageScore: avg, scored: count })),
  byPromptVersion: z.array(z.object({ promptVersion: z.number().int().nullable(), reviews: count, averageScore: avg })),
  byFlag: z.array(z.object({ flag: z.string(), reviews: count })),
  agreement: z.object({ verdicts: count, agree: count, disagree: count, rate: avg.describe("share of manager verdicts that agree with the judge") }),
});

export const qualityContract = contracts({
  listQualityReviews: {
    method: "get", path: "/api/v1/quality/reviews", tag: "quality", permission: "staff.read", summary: "Quality reviews, newest first, filtered",
    query: reviewFilter, response: z.object({ reviews: z.array(review) }),
  },
  getQualityReview: {
    method: "get", path: "/api/v1/quality/reviews/:id", tag: "quality", permission: "staff.read", summary: "One review with the messages its flags and scores cite, and managers' verdicts",
    params: idParams, response: z.object({ review, evidence: z.array(evidenceMessage), verdicts: z.array(verdict) }),
  },
  requestQualityReview: {
    method: "post", path: "/api/v1/quality/reviews", tag: "quality", permission: "quality.review", status: 202, summary: "Review a conversation now (queued; one review per conversation and message count)",
    body: z.object({ conversationId: z.uuid() }).strict(),
    response: z.object({ conversationId: z.uuid(), version: z.number().int(), queued: z.boolean(), review: review.nullable().describe("the existing review of this version, when there is one") }),
  },
  qualityVerdict: {
    method: "post", path: "/api/v1/quality/reviews/:id/verdict", tag: "quality", permission: "quality.review", summary: "Agree or disagree with a review (one verdict per staff member; a new one replaces it)",
    params: idParams, body: z.object({ verdict: z.enum(["agree", "disagree"]), note: plainText(2000).optional() }).strict(), response: z.object({ verdict }),
  },
  qualityReports: {
    method: "get", path: "/api/v1/quality/reports", tag: "quality", permission: "staff.read", summary: "Trends by day, criterion, prompt version and flag; how often managers agree with the judge",
    query: reportQuery, response: qualityReport,
  },
  getQualityRubric: {
    method: "get", path: "/api/v1/quality/rubric", tag: "quality", permission: "staff.read", summary: "The judge's rubric in force and every version",
    response: z.object({ current: rubric, versions: z.array(rubric) }),
  },
  putQualityRubric: {
    method: "put", path: "/api/v1/quality/rubric", tag: "quality", permission: "quality.rubric", maxBodyBytes: 64 * 1024, summary: "A new rubric version (in force at once)",
    body: z.object({ content: visibleText(50, 20_000).pipe(z.string().trim()), note: plainText(500).optional() }).strict(), response: z.object({ rubric }),
  },
});
