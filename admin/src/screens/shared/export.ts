/** The export kinds the API serves at `/api/v1/export/<kind>.csv`. */
export type ExportKind = "customers" | "conversations" | "quotations" | "orders";

/**
 * The download link for an export. Dates from the form's date inputs (YYYY-MM-DD) are whole days
 * in UTC: `from` includes its day, `to` includes its day too (the API's `to` is exclusive, so it
 * gets the next midnight). Empty dates leave the range open.
 */
export function exportUrl(kind: ExportKind, from: string, to: string): string {
  const params = new URLSearchParams();
  if (/^\d{4}-\d{2}-\d{2}$/.test(from)) params.set("from", `${from}T00:00:00Z`);
  if (/^\d{4}-\d{2}-\d{2}$/.test(to)) {
    const next = new Date(`${to}T00:00:00Z`);
    next.setUTCDate(next.getUTCDate() + 1);
    params.set("to", next.toISOString().replace(".000Z", "Z"));
  }
  const query = params.toString();
  return `/api/v1/export/${kind}.csv${query ? `?${query}` : ""}`;
}
