/** One line of a two-version comparison: kept in both, only in the old one, or only in the new one. */
export interface DiffLine {
  kind: "same" | "removed" | "added";
  text: string;
  /** 1-based line number in the old text (same, removed) and in the new text (same, added). */
  oldLine: number | null;
  newLine: number | null;
}

/** Beyond this many lines on each side the table of common subsequences is too large for a browser tab. */
const MAX_LINES = 4000;

/**
 * A line diff of two texts by the longest common subsequence: the smallest set of removed and added
 * lines that turns `before` into `after`, in reading order, removals before additions where lines
 * changed. Prompts are a few hundred lines at most, so the quadratic table is cheap; above
 * MAX_LINES the texts are shown as wholly replaced rather than freezing the page.
 */
export function diffLines(before: string, after: string): DiffLine[] {
  const a = splitLines(before);
  const b = splitLines(after);
  if (a.length > MAX_LINES || b.length > MAX_LINES) {
    return [...a.map((text, i) => line("removed", text, i + 1, null)), ...b.map((text, j) => line("added", text, null, j + 1))];
  }
  // common[i][j]: length of the longest common subsequence of a[i..] and b[j..].
  const common: Uint32Array[] = Array.from({ length: a.length + 1 }, () => new Uint32Array(b.length + 1));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      common[i]![j] = a[i] === b[j] ? common[i + 1]![j + 1]! + 1 : Math.max(common[i + 1]![j]!, common[i]![j + 1]!);
    }
  }
  const result: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      result.push(line("same", a[i]!, i + 1, j + 1));
      i++;
      j++;
    } else if (common[i + 1]![j]! >= common[i]![j + 1]!) {
      result.push(line("removed", a[i]!, i + 1, null));
      i++;
    } else {
      result.push(line("added", b[j]!, null, j + 1));
      j++;
    }
  }
  for (; i < a.length; i++) result.push(line("removed", a[i]!, i + 1, null));
  for (; j < b.length; j++) result.push(line("added", b[j]!, null, j + 1));
  return result;
}

/** How many lines were added and removed. */
export function diffStats(lines: readonly DiffLine[]): { added: number; removed: number } {
  return { added: lines.filter((l) => l.kind === "added").length, removed: lines.filter((l) => l.kind === "removed").length };
}

function splitLines(text: string): string[] {
  if (text === "") return [];
  return text.replace(/\r\n?/g, "\n").replace(/\n$/, "").split("\n");
}

function line(kind: DiffLine["kind"], text: string, oldLine: number | null, newLine: number | null): DiffLine {
  return { kind, text, oldLine, newLine };
}
