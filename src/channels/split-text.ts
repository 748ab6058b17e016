/**
 * Splits a reply into messages of at most `max` characters: on paragraph boundaries first, then
 * lines, then words; a word longer than `max` is cut. Text within the limit comes back whole.
 */
export function splitForChannel(text: string, max: number): string[] {
  if (text.length <= max) return [text];
  const parts: string[] = [];
  let current = "";
  for (const piece of pieces(text, max)) {
    const joined = current ? `${current}${piece.separator}${piece.text}` : piece.text;
    if (joined.length <= max) current = joined;
    else {
      if (current) parts.push(current);
      current = piece.text;
    }
  }
  if (current) parts.push(current);
  return parts;
}

/** The text as pieces no longer than `max`, each with the separator that stood before it. */
function* pieces(text: string, max: number): Generator<{ text: string; separator: string }> {
  for (const [p, paragraph] of text.split("\n\n").entries()) {
    const paragraphSeparator = p === 0 ? "" : "\n\n";
    if (paragraph.length <= max) {
      yield { text: paragraph, separator: paragraphSeparator };
      continue;
    }
    for (const [l, line] of paragraph.split("\n").entries()) {
      const lineSeparator = l === 0 ? paragraphSeparator : "\n";
      if (line.length <= max) {
        yield { text: line, separator: lineSeparator };
        continue;
      }
      for (const [w, word] of line.split(" ").entries()) {
        const wordSeparator = w === 0 ? lineSeparator : " ";
        for (let i = 0; i < word.length; i += max) yield { text: word.slice(i, i + max), separator: i === 0 ? wordSeparator : "" };
      }
    }
  }
}
