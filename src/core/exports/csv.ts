/**
 * CSV for spreadsheets: RFC 4180 (CRLF line ends; a field with a comma, quote, CR or LF in double
 * quotes, quotes doubled), UTF-8 with a byte-order mark so Excel shows Arabic, and every text cell
 * that a spreadsheet could take for a formula (starting with `=`, `+`, `-`, `@`, tab or carriage
 * return; OWASP "CSV injection") neutralised with a leading apostrophe. Numbers we produce are
 * written as numbers; text from customers (names, messages) is text.
 */
export const BOM = "\uFEFF";

const FORMULA_START = /^[=+\-@\t\r]/;

export type CsvValue = string | number | boolean | Date | null | undefined;

export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  if (typeof value === "boolean") return value ? "true" : "false";
  if (value instanceof Date) return value.toISOString();
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(values: readonly CsvValue[]): string {
  return `${values.map(csvCell).join(",")}\r\n`;
}
