/**
 * When analytics runs: nightly by the cron (a quiet hour in the UAE), and on demand. Pure.
 */

/** 22:00 UTC is 02:00 in the UAE: the cron starts the nightly run in this hour. */
export const NIGHTLY_HOUR_UTC = 22;
/** Incremental runs read from the previous run's start minus this (clock skew between us and Zoho). */
export const ANALYTICS_WATERMARK_OVERLAP_MS = 10 * 60_000;
const STALE_QUEUED_MS = 2 * 60_000;

/** The nightly run is due in the nightly hour when no run was requested in the last 20 hours. */
export function nightlyRunDue(lastRequestedAt: Date | null, now: Date): boolean {
  if (now.getUTCHours() !== NIGHTLY_HOUR_UTC) return false;
  return lastRequestedAt === null || now.getTime() - lastRequestedAt.getTime() > 20 * 3_600_000;
}

/** An open run nobody is working on: interrupted, its lease expired, or queued long ago (a lost message). */
export function analyticsRunStalled(open: { status: string; leaseUntil: Date | null; requestedAt: Date }, now: number): boolean {
  return (
    open.status === "interrupted" ||
    (open.status === "running" && open.leaseUntil !== null && open.leaseUntil.getTime() < now) ||
    (open.status === "queued" && open.requestedAt.getTime() < now - STALE_QUEUED_MS)
  );
}

/** Incremental from the last successful run's start (less the overlap); full when there is none. */
export function watermark(lastSucceededStartedAt: Date | null | undefined): Date | null {
  return lastSucceededStartedAt ? new Date(lastSucceededStartedAt.getTime() - ANALYTICS_WATERMARK_OVERLAP_MS) : null;
}
