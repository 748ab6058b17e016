import { z } from "zod";
import { SEGMENTS } from "../../analytics/segments";
import { contracts, row, timestamp } from "./types";

const run = row({
  id: z.uuid(),
  status: z.enum(["queued", "running", "interrupted", "succeeded", "failed"]),
  mode: z.enum(["full", "incremental"]),
  checkpoint: z.object({ phase: z.enum(["contacts", "orders", "score"]), page: z.number().int() }),
  contactsSeen: z.number().int(),
  customersCreated: z.number().int(),
  customersMatched: z.number().int(),
  ordersSeen: z.number().int(),
  scored: z.number().int(),
});

export const evaluationSchema = row({
  auc: z.number().describe("area under the ROC curve of purchaseProbability30d on the held-back window"),
  baselineAuc: z.number().describe("the same for recency alone"),
  brier: z.number(),
  baselineBrier: z.number(),
  window: z.object({ from: z.string(), to: z.string() }).describe("features as of `from`, purchases until `to`"),
  positives: z.number().int().describe("customers who bought in the window"),
  customers: z.number().int().describe("customers scored in the window"),
  scoredWith: z.enum(["model", "recency"]).optional().describe("recency when the model did not beat it on the window (customers are then scored by recency alone)"),
  prospects: row({
    rate: z.number().describe("30-day first-purchase rate of customers with no standing order, pooled over the training windows: every prospect's purchaseProbability30d"),
    heldOutRate: z.number().nullable().describe("the same rate observed on the held-back window (calibration)"),
    customers: z.number().int().describe("customers without a standing order at the held-back window's start"),
  })
    .nullable()
    .optional()
    .describe("how prospects are scored, or null when the history has no one to learn it from"),
});

export const analyticsContract = contracts({
  startAnalyticsRun: {
    method: "post", path: "/api/v1/analytics/run", tag: "analytics", permission: "analytics.run", status: 202,
    summary: "Sync the Zoho order history, then segments, training and scoring (or join the open run: 200)",
    body: z.object({}).strict(),
    response: z.object({ run, created: z.boolean() }),
  },
  getAnalyticsModel: {
    method: "get", path: "/api/v1/analytics/model", tag: "analytics", permission: "staff.read",
    summary: "The latest purchase model: when it was trained, its features and its held-back evaluation against recency alone, or why there is none",
    response: z.object({
      status: z.enum(["trained", "insufficient", "none"]),
      trainedAt: timestamp.nullable(),
      features: z.array(z.string()),
      evaluation: evaluationSchema.nullable(),
      reason: z.string().nullable().describe("why there is no model"),
      lastRun: run.nullable(),
    }),
  },
  getAnalyticsSegments: {
    method: "get", path: "/api/v1/analytics/segments", tag: "analytics", permission: "staff.read", summary: "Customers and standing revenue per segment",
    response: z.object({ segments: z.array(z.object({ segment: z.enum(SEGMENTS), customers: z.number().int(), revenueAed: z.number() })) }),
  },
});
