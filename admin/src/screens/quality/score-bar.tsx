import { Badge } from "../../ui";

/** A review's or criterion's score out of 5, toned good (4+), warn (3+) or bad; a dash when not scored. */
export function ScoreBar({ score }: { score: number | null }) {
  if (score === null) return <span className="muted">—</span>;
  const tone = score >= 4 ? "good" : score >= 3 ? "warn" : "bad";
  return <Badge tone={tone}>{score.toFixed(1)}</Badge>;
}
