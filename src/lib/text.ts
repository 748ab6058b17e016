/**
 * Bidirectional formatting characters: the embeddings and overrides (U+202A-U+202E), the isolates
 * (U+2066-U+2069) and the direction marks (LRM, RLM, Arabic letter mark). They change only how
 * text is displayed, so a name or message can show staff something else than what it says
 * ("\u202Eexe.doc" shows as "cod.exe"); Arabic and English display correctly without them.
 */
export const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

/**
 * Text from outside as Postgres, JSON and the model can take it: NUL and other control
 * characters (except tab and line breaks) and bidirectional formatting characters removed,
 * unpaired surrogates replaced. Applied where messages enter, so one bad character can never
 * stop a chat or disguise what it says.
 */
export function cleanText(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFE\uFFFF]/g, "")
    .replace(BIDI_CONTROLS, "")
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
