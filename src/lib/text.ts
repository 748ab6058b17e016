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
