import type { AnalyticsProblem } from "../adapters/db/analytics-schema";
import type { CustomerAnalyticsRow } from "../adapters/db/analytics-repo";
import { customerOrders } from "./model/features";
import { trainAndScore, type TrainResult } from "./model/train";
import { rfmOf, segmentOf, type OrderFact, type SegmentThresholds } from "./segments";

/**
 * Everything after the history sync, free of I/O: RFM and segment for every customer, the
 * model trained on the history (or the reason there is none), and each customer's scores.
 */
export function analyseCustomers(histories: ReadonlyMap<string, OrderFact[]>, today: number, thresholds: SegmentThresholds): { rows: CustomerAnalyticsRow[]; result: TrainResult; problems: AnalyticsProblem[] } {
  const ordered = [...histories].map(([id, orders]) => customerOrders(id, orders));
  const result = trainAndScore(ordered, today);
  const rows: CustomerAnalyticsRow[] = [];
  for (const [customerId, orders] of histories) {
    const rfm = rfmOf(orders, today);
    const score = result.status === "trained" ? result.scores.get(customerId) : undefined;
    rows.push({
      customerId,
      segment: segmentOf(rfm, thresholds),
      recencyDays: rfm.recencyDays,
      frequency: rfm.frequency,
      monetaryAed: rfm.monetaryAed,
      lastOrderAt: rfm.lastOrderDate,
      purchaseProbability30d: score?.purchaseProbability30d ?? null,
      churnRisk: score?.churnRisk ?? null,
      expectedValue12mAed: score?.expectedValue12mAed ?? null,
    });
  }
  const problems: AnalyticsProblem[] = result.status === "insufficient" ? [{ at: new Date().toISOString(), kind: "internal", message: `no model: ${result.reason}` }] : [];
  return { rows, result, problems };
}
