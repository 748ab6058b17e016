/**
 * Splits a reply into parts of at most `max` UTF-16 code units (String length; a conservative
 * count for providers that count characters) for channels that limit one message's length.
 *
 * Each part is as full as it can be, cut at the last paragraph break that fits, else the last
 * line break, else the last space; a word is cut only when it alone is longer than `max` (and
 * then never inside a surrogate pair). The whitespace at a cut (and around the whole text) is
 * dropped, nothing else: joining the parts with the separators gives the text back. A text within
 * the limit comes back whole and untouched; whether a blank one is sent is the caller's choice.
 */
export function splitForChannel(text: string, max: number): string[] {
  if (!Number.isInteger(max) || max < 2) throw new RangeError(`max must be an integer of at least 2, got ${max}`);
  if (text.length <= max) return [text];
  const parts: string[] = [];
  let rest = text.trim();
  while (rest.length > max) {
    const cut = cutPoint(rest, max);
    parts.push(rest.slice(0, cut.end).trimEnd());
    rest = rest.slice(cut.next).trimStart();
  }
  if (rest !== "") parts.push(rest);
  return parts;
}

interface Cut {
  /** Where the part ends (exclusive). */
  end: number;
  /** Where the next part starts. */
  next: number;
}

const BOUNDARIES = [/\n[^\S\n]*\n\s*/g, /\n\s*/g, /\s+/g];

function cutPoint(text: string, max: number): Cut {
  for (const boundary of BOUNDARIES) {
    const cut = lastBoundary(text, boundary, max);
    if (cut) return cut;
  }
  // One word longer than the limit: cut it, keeping a surrogate pair (an emoji, say) whole.
  const end = isHighSurrogate(text.charCodeAt(max - 1)) ? max - 1 : max;
  return { end, next: end };
}

/** The last boundary starting at `max` at the latest (the part before it then fills the limit exactly). */
function lastBoundary(text: string, boundary: RegExp, max: number): Cut | null {
  let found: Cut | null = null;
  boundary.lastIndex = 0;
  for (let match = boundary.exec(text); match && match.index <= max; match = boundary.exec(text)) {
    // The text is trimmed at both ends, so a boundary after index 0 always leaves words before it.
    if (match.index > 0) found = { end: match.index, next: match.index + match[0].length };
  }
  return found;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
