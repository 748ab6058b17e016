/** Reciprocal-rank fusion constant (Cormack et al.): dampens the head so agreement between lists wins. */
const RRF_K = 60;

/** Ids ordered by the sum of 1/(k + rank) over the ranked lists they appear in. */
export function reciprocalRankFusion(lists: string[][]): string[] {
  const scores = new Map<string, number>();
  for (const list of lists) list.forEach((id, rank) => scores.set(id, (scores.get(id) ?? 0) + 1 / (RRF_K + rank + 1)));
  return [...scores.entries()].sort((a, b) => b[1] - a[1]).map(([id]) => id);
}
