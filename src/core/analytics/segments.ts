import { z } from "zod";
import { orderStands } from "./contact-match";

/**
 * RFM and a labelled segment for furniture buyers, who buy rarely: a year without an order is
 * normal for a small office, so the clocks run in months, not weeks. Pure; thresholds come from
 * the `segment*` settings (defaults below, documented in docs/analytics.md).
 */
export const SEGMENTS = ["prospect", "new", "active", "loyal", "big_account", "at_risk", "lost"] as const;
export type Segment = (typeof SEGMENTS)[number];

/** Each threshold's bounds; settings hold them as `segmentNewDays`, `segmentAtRiskDays`, ... */
export const segmentThresholdFields = {
  /** A first order at most this many days ago makes a customer `new`. */
  newDays: z.number().int().min(1).max(3650),
  /** No standing order for more than this many days: `at_risk`. */
  atRiskDays: z.number().int().min(1).max(3650),
  /** No standing order for more than this many days: `lost` (checked first, so at_risk needs atRiskDays < lostDays). */
  lostDays: z.number().int().min(1).max(3650),
  /** This many standing orders or more (and not at risk): `loyal`. */
  loyalOrders: z.number().int().min(2).max(1000),
  /** Standing orders worth at least this much over the last 365 days: `big_account`. */
  bigAccountAed: z.number().min(0).max(1_000_000_000),
};
export const segmentThresholdsSchema = z.object(segmentThresholdFields).strict();
export type SegmentThresholds = z.infer<typeof segmentThresholdsSchema>;

/** The thresholds as the settings hold them. */
export function thresholdsFromSettings(settings: { segmentNewDays: number; segmentAtRiskDays: number; segmentLostDays: number; segmentLoyalOrders: number; segmentBigAccountAed: number }): SegmentThresholds {
  return { newDays: settings.segmentNewDays, atRiskDays: settings.segmentAtRiskDays, lostDays: settings.segmentLostDays, loyalOrders: settings.segmentLoyalOrders, bigAccountAed: settings.segmentBigAccountAed };
}

export const DEFAULT_SEGMENT_THRESHOLDS: SegmentThresholds = { newDays: 90, atRiskDays: 240, lostDays: 540, loyalOrders: 4, bigAccountAed: 50_000 };

export interface OrderFact {
  /** YYYY-MM-DD. */
  date: string;
  status: string;
  totalAed: number;
}

export interface Rfm {
  /** Days since the last standing order; null for a customer who never ordered. */
  recencyDays: number | null;
  /** Standing orders. */
  frequency: number;
  /** Sum of standing orders, AED. */
  monetaryAed: number;
  /** Days since the first standing order; null without one. */
  tenureDays: number | null;
  /** Standing orders' worth over the last 365 days. */
  last365Aed: number;
  lastOrderDate: string | null;
}

const DAY_MS = 86_400_000;

export function dayNumber(date: string): number {
  return Math.floor(Date.parse(`${date.slice(0, 10)}T00:00:00Z`) / DAY_MS);
}

/** RFM as of `asOf` (a day number): orders after it do not exist yet, void and draft ones never count. */
export function rfmOf(orders: readonly OrderFact[], asOf: number): Rfm {
  let frequency = 0;
  let monetaryAed = 0;
  let last365Aed = 0;
  let first: number | null = null;
  let last: number | null = null;
  let lastOrderDate: string | null = null;
  for (const order of orders) {
    if (!orderStands(order.status)) continue;
    const day = dayNumber(order.date);
    if (day > asOf) continue;
    frequency++;
    monetaryAed += order.totalAed;
    if (asOf - day < 365) last365Aed += order.totalAed;
    if (first === null || day < first) first = day;
    if (last === null || day > last) {
      last = day;
      lastOrderDate = order.date.slice(0, 10);
    }
  }
  return {
    recencyDays: last === null ? null : asOf - last,
    frequency,
    monetaryAed: Math.round(monetaryAed * 100) / 100,
    tenureDays: first === null ? null : asOf - first,
    last365Aed: Math.round(last365Aed * 100) / 100,
    lastOrderDate,
  };
}

/**
 * The segment, first rule that applies: never ordered → prospect; silent past `lostDays` → lost;
 * past `atRiskDays` → at_risk (a big account slipping is exactly whom to call); then big_account,
 * loyal, new (first order recent), and active for everyone else who bought within `atRiskDays`.
 */
export function segmentOf(rfm: Rfm, thresholds: SegmentThresholds = DEFAULT_SEGMENT_THRESHOLDS): Segment {
  if (rfm.frequency === 0 || rfm.recencyDays === null) return "prospect";
  if (rfm.recencyDays > thresholds.lostDays) return "lost";
  if (rfm.recencyDays > thresholds.atRiskDays) return "at_risk";
  if (rfm.last365Aed >= thresholds.bigAccountAed) return "big_account";
  if (rfm.frequency >= thresholds.loyalOrders) return "loyal";
  if (rfm.tenureDays !== null && rfm.tenureDays <= thresholds.newDays) return "new";
  return "active";
}

/** How staff may sort customers: recent activity, or a score highest first. */
export const CUSTOMER_SORTS = ["recent", "purchaseProbability30d", "churnRisk", "expectedValue12mAed", "leadScore"] as const;
export type CustomerSort = (typeof CUSTOMER_SORTS)[number];
