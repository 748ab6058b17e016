/**
 * Text from outside as Postgres, JSON and the model can take it: NUL and other control
 * characters (except tab and line breaks) removed, unpaired surrogates replaced. Applied where
 * messages enter, so one bad character can never stop a chat.
 */
export function cleanText(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFE\uFFFF]/g, "")
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD");
}

export function cleanOptionalText(text: string | null | undefined): string | null {
  return text === null || text === undefined ? null : cleanText(text);
}

/**
 * A JSON value (a turn's tool calls: the model's arguments, the tools' results) with every string
 * and key cleaned as `cleanText` does: Postgres' jsonb refuses "\u0000", so a model that put a NUL
 * in a tool argument would otherwise fail the turn's record on every retry.
 */
export function cleanJson<T>(value: T): T {
  if (typeof value === "string") return cleanText(value) as T;
  if (Array.isArray(value)) return value.map(cleanJson) as T;
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [cleanText(key), cleanJson(item)])) as T;
  }
  return value;
}
