import { countUpTo, type CustomerOrders } from "./features";

/**
 * Prospects (no standing order yet) have no features for the logistic model, so they are scored
 * from the history itself: the observed rate, over the model's own training cutoffs, at which
 * customers with no standing order on or before a cutoff placed their first one in the `horizon`
 * days after it. Pure.
 *
 * Who counts at a cutoff: a customer with a `createdDay` (their Zoho contact's `created_time`, kept
 * by the history sync) counts only from that day on; without one (a chat customer with no Zoho
 * contact, or a link synced before the column existed) the customer is assumed to have existed at
 * every cutoff, which dilutes early windows with people who were not customers yet (docs/analytics.md).
 */
export interface FirstPurchaseRate {
  /** First buyers / customers without a standing order, pooled over the cutoffs. */
  rate: number;
  /** Customer-windows counted (the denominator) and first purchases among them. */
  rows: number;
  buyers: number;
}

/** Whether the customer could have been a prospect at `cutoff`: no standing order by then, and existing. */
function prospectAt(customer: CustomerOrders, cutoff: number): boolean {
  if (customer.createdDay !== undefined && customer.createdDay > cutoff) return false;
  return countUpTo(customer.days, cutoff) === 0;
}

/** The pooled first-purchase rate over `cutoffs`, or null when no one was a prospect at any of them. */
export function firstPurchaseRate(customers: readonly CustomerOrders[], cutoffs: readonly number[], horizon: number): FirstPurchaseRate | null {
  let rows = 0;
  let buyers = 0;
  for (const cutoff of cutoffs) {
    for (const customer of customers) {
      if (!prospectAt(customer, cutoff)) continue;
      rows++;
      if (countUpTo(customer.days, cutoff + horizon) > 0) buyers++;
    }
  }
  return rows === 0 ? null : { rate: buyers / rows, rows, buyers };
}

/**
 * The chance of a first order within twelve 30-day periods at a constant monthly chance `rate`:
 * `1 − (1 − rate)^12` (the same constant-pace reading as `churnRisk = (1 − p)^6`).
 */
export function twelveMonthChance(rate: number): number {
  return 1 - (1 - rate) ** 12;
}

/** The mean value of customers' first standing order (the order a prospect would place), or null with none. */
export function meanFirstOrderAed(customers: readonly CustomerOrders[]): number | null {
  let total = 0;
  let n = 0;
  for (const c of customers) {
    if (c.days.length === 0) continue;
    total += c.amounts[0]!;
    n++;
  }
  return n === 0 ? null : total / n;
}

/** What the model's evaluation says about prospects (`evaluation.prospects`). */
export interface ProspectEvaluation {
  /** The 30-day first-purchase rate from the training windows: every prospect's `purchaseProbability30d`. */
  rate: number;
  /** The observed first-purchase rate on the held-back window (calibration: compare with `rate`). */
  heldOutRate: number | null;
  /** Prospects at the held-back window's cutoff, and how many of them placed a first order in it. */
  customers: number;
  buyers: number;
  trainingRows: number;
  /** `1 − (1 − rate)^12` and the mean first order: `expectedValue12mAed = rate12m × firstOrderMeanAed`. */
  rate12m: number;
  firstOrderMeanAed: number;
}

export function evaluateProspects(customers: readonly CustomerOrders[], trainingCutoffs: readonly number[], heldCutoff: number, horizon: number): ProspectEvaluation | null {
  const trained = firstPurchaseRate(customers, trainingCutoffs, horizon);
  const firstOrder = meanFirstOrderAed(customers);
  if (!trained || firstOrder === null) return null;
  const held = firstPurchaseRate(customers, [heldCutoff], horizon);
  return {
    rate: trained.rate,
    heldOutRate: held?.rate ?? null,
    customers: held?.rows ?? 0,
    buyers: held?.buyers ?? 0,
    trainingRows: trained.rows,
    rate12m: twelveMonthChance(trained.rate),
    firstOrderMeanAed: firstOrder,
  };
}
