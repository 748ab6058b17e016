/**
 * A Postgres uuid[] literal for `= ANY(${uuidArray(ids)}::uuid[])`: drizzle would expand a JS
 * array into a tuple of parameters. Anything but hex digits and hyphens is dropped, so the
 * literal cannot be broken out of.
 */
export function uuidArray(ids: string[]): string {
  return `{${ids.map((id) => id.replace(/[^0-9a-fA-F-]/g, "")).join(",")}}`;
}
