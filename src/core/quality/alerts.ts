import { CRITICAL_FLAGS, type QualityFlag } from "./flags/types";

/**
 * The managers' notice for a finished review, or null when it needs none: a judged score below
 * the threshold, or a critical flag (an order without confirmation, a wrong price, a missed
 * handoff), whatever the score.
 */
export function alertFor(review: { id: string; overallScore: string | null; flags: QualityFlag[] }, chatId: string, belowScore: number): string | null {
  const critical = [...new Set(review.flags.filter((f) => CRITICAL_FLAGS.includes(f.flag)).map((f) => f.flag))];
  const score = review.overallScore === null ? null : Number(review.overallScore);
  const low = score !== null && score < belowScore;
  if (!low && critical.length === 0) return null;
  const reasons = [...(low ? [`judge score ${score}/5 (alert below ${belowScore})`] : []), ...(critical.length ? [`critical: ${critical.join(", ")}`] : [])];
  return `Quality alert: the conversation with ${chatId} needs a look: ${reasons.join("; ")}. Review ${review.id}.`;
}
