import { orderStands } from "../contact-match";
import { dayNumber, type OrderFact } from "../segments";

/**
 * Features of a customer's standing orders as of a day: what was known then, nothing after.
 * A customer's orders are given once as sorted day numbers and amounts, so many cutoffs are cheap.
 */
export const FEATURES = [
  "log_recency_days",
  "log_frequency",
  "log_tenure_days",
  "log_orders_per_year",
  "overdue_ratio",
  "log_mean_order_aed",
  "log_orders_last_365d",
] as const;

export interface CustomerOrders {
  id: string;
  /** Standing orders only, oldest first. */
  days: number[];
  amounts: number[];
  /** The day the customer came to exist (Zoho contact creation), when known: before it they were no one's prospect. */
  createdDay?: number;
}

/**
 * Sorted standing orders of one customer; void and draft orders are left out here. `created` is
 * the day (`YYYY-MM-DD…`) the customer's Zoho contact was created, when known.
 */
export function customerOrders(id: string, orders: readonly OrderFact[], created?: string): CustomerOrders {
  const standing = orders.filter((o) => orderStands(o.status)).map((o) => ({ day: dayNumber(o.date), amount: o.totalAed }));
  standing.sort((a, b) => a.day - b.day);
  const customer: CustomerOrders = { id, days: standing.map((o) => o.day), amounts: standing.map((o) => o.amount) };
  if (created !== undefined) customer.createdDay = dayNumber(created);
  return customer;
}

/** How many of the sorted days are at or before `day`. */
export function countUpTo(days: readonly number[], day: number): number {
  let lo = 0;
  let hi = days.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (days[mid]! <= day) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export interface Snapshot {
  /** Standing orders up to the cutoff. */
  frequency: number;
  recencyDays: number;
  tenureDays: number;
  meanOrderAed: number;
  features: number[];
}

/** The customer as of `cutoff` (a day number), or null when they had not ordered yet. */
export function snapshot(customer: CustomerOrders, cutoff: number): Snapshot | null {
  const n = countUpTo(customer.days, cutoff);
  if (n === 0) return null;
  const first = customer.days[0]!;
  const last = customer.days[n - 1]!;
  const recencyDays = cutoff - last;
  const tenureDays = cutoff - first;
  let total = 0;
  for (let i = 0; i < n; i++) total += customer.amounts[i]!;
  const lastYear = n - countUpTo(customer.days, cutoff - 365);
  const perYear = (n / (tenureDays + 30)) * 365;
  // Days silent against the customer's own usual gap: a quarterly buyer silent 200 days is overdue, a yearly one is not.
  const overdue = Math.min(recencyDays / (365 / perYear), 20);
  const meanOrderAed = total / n;
  return {
    frequency: n,
    recencyDays,
    tenureDays,
    meanOrderAed,
    features: [Math.log1p(recencyDays), Math.log1p(n), Math.log1p(tenureDays), Math.log1p(perYear), overdue, Math.log1p(meanOrderAed), Math.log1p(lastYear)],
  };
}

/** Whether the customer placed a standing order in the `horizon` days after `cutoff`. */
export function boughtWithin(customer: CustomerOrders, cutoff: number, horizon: number): boolean {
  return countUpTo(customer.days, cutoff + horizon) > countUpTo(customer.days, cutoff);
}
