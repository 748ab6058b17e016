/**
 * Rows the API passes through from the database (`row()` in the contract) type their extra fields as
 * unknown; these read them for display without pretending to know more.
 */
export function str(value: unknown): string {
  if (value === null || value === undefined) return "—";
  return typeof value === "string" ? value : typeof value === "number" || typeof value === "boolean" ? String(value) : JSON.stringify(value);
}

export function num(value: unknown): number {
  const n = typeof value === "number" ? value : Number(value);
  return Number.isFinite(n) ? n : 0;
}

export function isoOrNull(value: unknown): string | null {
  return typeof value === "string" ? value : null;
}

/** The tone of a status badge: done is good, waiting is neutral, trouble is bad. */
export function statusTone(status: string): "good" | "warn" | "bad" | "neutral" {
  if (/^(succeeded|ordered|created|synced|ready|indexed|active)$/.test(status)) return "good";
  if (/^(dead|failed|error|cancelled|interrupted)$/.test(status)) return "bad";
  if (/^(queued|running|pending|confirmed|shown|waiting_for_human|handed_off)$/.test(status)) return "warn";
  return "neutral";
}
