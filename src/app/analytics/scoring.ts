import type { AnalyticsProblem } from "../../adapters/db/analytics-schema";
import type { CustomerAnalyticsRow } from "../../adapters/db/analytics-repo";
import { customerOrders } from "../../core/analytics/model/features";
import { trainAndScore, type TrainResult } from "../../core/analytics/model/train";
import { rfmOf, segmentOf, type OrderFact, type SegmentThresholds } from "../../core/analytics/segments";

/**
 * Everything after the history sync, free of I/O: RFM and segment for every customer, the
 * model trained on the history (or the reason there is none), and each customer's scores.
 * `createdDays` (customer id → the day their Zoho contact was created) lets the prospects' rate
 * count a customer only from that day; a customer missing from it counts at every cutoff.
 */
export function analyseCustomers(
  histories: ReadonlyMap<string, OrderFact[]>,
  today: number,
  thresholds: SegmentThresholds,
  createdDays: ReadonlyMap<string, string> = new Map(),
): { rows: CustomerAnalyticsRow[]; result: TrainResult; problems: AnalyticsProblem[] } {
  const ordered = [...histories].map(([id, orders]) => customerOrders(id, orders, createdDays.get(id)));
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
