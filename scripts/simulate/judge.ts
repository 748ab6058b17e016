import type { StaffReader } from "./staff";

/**
 * The judge's view of a simulated conversation: the quality reviewer's overall score and flags
 * (`POST /api/v1/quality/reviews`, then `GET /api/v1/quality/reviews/:id` until it is done). When
 * the stack has no reviewer (404) the result says so; nothing is ever invented in its place.
 */
export type JudgeResult =
  | { available: false; note: string }
  | { available: true; status: string; overall: number | null; flags: string[]; note?: string };

export async function judgeConversation(staff: StaffReader, conversationId: string | null, waitMs = 60_000): Promise<JudgeResult> {
  if (!conversationId) return { available: false, note: "no conversation recorded" };
  const asked = await staff.fetch("/api/v1/quality/reviews", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ conversationId }) }).catch(() => null);
  if (!asked || asked.status === 404 || asked.status === 405) return { available: false, note: "judge: not available" };
  if (!asked.ok) return { available: false, note: `judge: HTTP ${asked.status}` };
  const id = reviewOf(await asked.json())?.id;
  if (typeof id !== "string") return { available: false, note: "judge: no review id in the answer" };
  const deadline = Date.now() + waitMs;
  while (Date.now() < deadline) {
    const read = await staff.fetch(`/api/v1/quality/reviews/${encodeURIComponent(id)}`);
    const review = read.ok ? reviewOf(await read.json()) : null;
    const status = typeof review?.status === "string" ? review.status : "unknown";
    if (review && status !== "queued" && status !== "pending" && status !== "running") {
      return { available: true, status, overall: overallOf(review), flags: flagsOf(review) };
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return { available: true, status: "timeout", overall: null, flags: [], note: `no result within ${waitMs / 1000} s` };
}

type Review = Record<string, unknown>;

function reviewOf(body: unknown): Review | null {
  if (!body || typeof body !== "object") return null;
  const record = body as Record<string, unknown>;
  return (record.review && typeof record.review === "object" ? record.review : record) as Review;
}

function overallOf(review: Review): number | null {
  for (const key of ["overallScore", "overall", "score"]) if (typeof review[key] === "number") return review[key] as number;
  const judge = review.judge as Record<string, unknown> | undefined;
  return typeof judge?.overall === "number" ? judge.overall : null;
}

function flagsOf(review: Review): string[] {
  const flags = Array.isArray(review.flags) ? review.flags : [];
  return flags.map((f) => (typeof f === "string" ? f : String((f as Record<string, unknown>).flag ?? (f as Record<string, unknown>).name ?? (f as Record<string, unknown>).code ?? "?")));
}

export function describeJudge(result: JudgeResult): string {
  if (!result.available) return result.note;
  const score = result.overall === null ? `judge ${result.status}` : `judge ${result.overall}/5`;
  return `${score}${result.flags.length ? `; flags ${result.flags.join(", ")}` : ""}${result.note ? ` (${result.note})` : ""}`;
}
