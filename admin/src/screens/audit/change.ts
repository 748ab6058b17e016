/**
 * An audit row's change as staff read it: one line per field that differs (or was set), values
 * as text (dates for epoch milliseconds and ISO times, secrets already redacted by the API), never raw JSON.
 */
export interface FieldChange {
  field: string;
  before: string | null;
  after: string | null;
}

/** Epoch milliseconds from 2001 to 2100: numbers in that range under a time-like name are dates. */
const EPOCH_MS = { min: 978_307_200_000, max: 4_102_444_800_000 };
const TIME_NAME = /(at|time|date|until|since|expires|ms)$/i;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

export function formatValue(value: unknown, field = ""): string {
  if (value === null || value === undefined) return "—";
  if (typeof value === "number") {
    if (TIME_NAME.test(field) && value >= EPOCH_MS.min && value <= EPOCH_MS.max) return formatDate(new Date(value));
    return value.toLocaleString("en-GB");
  }
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (typeof value === "string") return ISO.test(value) && !Number.isNaN(Date.parse(value)) ? formatDate(new Date(value)) : value.length > 200 ? `${value.slice(0, 200)}…` : value;
  if (Array.isArray(value)) return value.length === 0 ? "none" : value.map((v) => formatValue(v, field)).join(", ");
  return Object.entries(value as Record<string, unknown>)
    .map(([key, v]) => `${key}: ${formatValue(v, key)}`)
    .join("; ");
}

function formatDate(date: Date): string {
  return date.toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }) + " UTC";
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

export function describeChange(before: unknown, after: unknown): FieldChange[] {
  if (!isRecord(before) && !isRecord(after)) {
    if ((before === null || before === undefined) && (after === null || after === undefined)) return [];
    return [{ field: "", before: before === null || before === undefined ? null : formatValue(before), after: after === null || after === undefined ? null : formatValue(after) }];
  }
  const b = isRecord(before) ? before : {};
  const a = isRecord(after) ? after : {};
  const fields = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  return fields
    .filter((field) => JSON.stringify(b[field]) !== JSON.stringify(a[field]))
    .map((field) => ({ field, before: field in b ? formatValue(b[field], field) : null, after: field in a ? formatValue(a[field], field) : null }));
}
