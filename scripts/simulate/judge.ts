import { z } from "zod";
import type { StaffReader } from "./staff";

/**
 * The judge's view of a simulated conversation: the quality reviewer's overall score and flags.
 * `POST /api/v1/quality/reviews` src/shell/queues a review of the conversation as it is now (its message
 * count is the review's version); the review is then read from `GET /api/v1/quality/reviews`
 * until it is no longer queued. When the stack has no reviewer (404) the result says so; nothing
 * is ever invented in its place.
 */
export type JudgeResult =
  | { available: false; note: string }
  | { available: true; status: string; overall: number | null; flags: string[]; note?: string };

const review = z.looseObject({
  id: z.string(),
  conversationId: z.string(),
  messagesVersion: z.number().int(),
  status: z.string(),
  judgeStatus: z.string().optional(),
  judgeNote: z.string().nullable().optional(),
  flags: z.array(z.looseObject({ flag: z.string() })),
  overallScore: z.number().nullable(),
});
type Review = z.infer<typeof review>;
const requested = z.looseObject({ version: z.number().int(), queued: z.boolean(), review: review.nullable() });
const listed = z.looseObject({ reviews: z.array(review) });

export async function judgeConversation(staff: StaffReader, conversationId: string | null, waitMs = 90_000): Promise<JudgeResult> {
  if (!conversationId) return { available: false, note: "no conversation recorded" };
  const asked = await staff.fetch("/api/v1/quality/reviews", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ conversationId }) }).catch(() => null);
  if (!asked || asked.status === 404 || asked.status === 405) return { available: false, note: "judge: not available" };
  if (!asked.ok) return { available: false, note: `judge: HTTP ${asked.status}` };
  const answer = requested.safeParse(await asked.json());
  if (!answer.success) return { available: false, note: "judge: unexpected answer" };
  if (answer.data.review && answer.data.review.status !== "queued") return resultOf(answer.data.review);
  const deadline = Date.now() + waitMs;
  while (Date.now() < deadline) {
    const read = await staff.fetch("/api/v1/quality/reviews?limit=200");
    const reviews = read.ok ? listed.safeParse(await read.json()) : null;
    const found = reviews?.success ? reviews.data.reviews.find((r) => r.conversationId === conversationId && r.messagesVersion === answer.data.version) : undefined;
    if (found && found.status !== "queued") return resultOf(found);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return { available: true, status: "queued", overall: null, flags: [], note: `not reviewed within ${waitMs / 1000} s` };
}

function resultOf(found: Review): JudgeResult {
  const note = found.judgeStatus === "skipped" || found.judgeStatus === "failed" ? `judge ${found.judgeStatus}${found.judgeNote ? `: ${found.judgeNote}` : ""}` : undefined;
  return { available: true, status: found.status, overall: found.overallScore, flags: found.flags.map((f) => f.flag), ...(note ? { note } : {}) };
}

export function describeJudge(result: JudgeResult): string {
  if (!result.available) return result.note;
  const score = result.overall === null ? `review ${result.status}` : `judge ${result.overall}/5`;
  const counts = new Map<string, number>();
  for (const flag of result.flags) counts.set(flag, (counts.get(flag) ?? 0) + 1);
  const flags = [...counts].map(([flag, n]) => (n > 1 ? `${flag} ×${n}` : flag)).join(", ");
  return `${score}${flags ? `; flags ${flags}` : ""}${result.note ? ` (${result.note})` : ""}`;
}
