import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { newChatId, postWebhook, query, textMessage, waitUntilIdle, write } from "./helpers";
import { finishedReview, reviewsOf } from "./quality-helpers";
import { asToken, json, staffFetch, staffUser, staffForSuite } from "./staff-helpers";

interface ReviewView {
  id: string;
  conversationId: string;
  messagesVersion: number;
  status: string;
  overallScore: number | null;
  flags: { flag: string; messageIds: string[] }[];
  scores: { criterion: string; messageIds: string[] }[];
  promptVersion: number | null;
  channel: string;
  language: string;
}

/** A handed-off English chat, reviewed at once. */
async function reviewedChat(): Promise<{ chatId: string; conversationId: string; reviewId: string }> {
  const chatId = newChatId();
  await write(chatId, "hello, do you have mesh office chairs?");
  await write(chatId, "I'd like to talk to a real person please");
  const review = await finishedReview(chatId);
  return { chatId, conversationId: review.conversationId, reviewId: review.id };
}

describe("quality API: reviews, evidence, verdicts and reports", () => {
  const staff = staffForSuite({ manager: "quality-manager", viewer: "quality-viewer" });

  it("lists reviews with filters and gives one with the messages its evidence cites", async () => {
    const { conversationId, reviewId } = await reviewedChat();
    const listed = (path: string) => json<{ reviews: ReviewView[] }>(staffFetch(`/api/v1/quality/reviews${path}`, { session: staff.viewer.session })).then((b) => b.reviews.map((r) => r.id));
    const mine = await json<{ review: ReviewView; evidence: { id: string; text: string }[]; verdicts: unknown[] }>(await staffFetch(`/api/v1/quality/reviews/${reviewId}`, { session: staff.viewer.session }));
    expect(mine.review).toMatchObject({ id: reviewId, conversationId, status: "done", channel: "whatsapp", language: "en" });
    const cited = new Set([...mine.review.flags.flatMap((f) => f.messageIds), ...mine.review.scores.flatMap((s) => s.messageIds)]);
    expect(cited.size).toBeGreaterThan(0);
    expect(new Set(mine.evidence.map((m) => m.id))).toEqual(cited);
    const score = mine.review.overallScore!;
    const since = new Date(Date.now() - 60_000).toISOString();
    expect(await listed(`?minScore=${score}&maxScore=${score}&from=${since}&channel=whatsapp&language=en&promptVersion=${mine.review.promptVersion}&limit=200`)).toContain(reviewId);
    expect(await listed(`?minScore=${Math.min(5, score + 1)}&from=${since}&limit=200`)).not.toContain(reviewId);
    expect(await listed(`?language=ar&from=${since}&limit=200`)).not.toContain(reviewId);
    expect(await listed(`?channel=telegram&from=${since}&limit=200`)).not.toContain(reviewId);
    expect(await listed(`?to=${new Date(Date.now() - 3_600_000).toISOString()}&limit=200`)).not.toContain(reviewId);
    expect(await listed(`?flag=order_without_confirmation&from=${since}&limit=200`)).not.toContain(reviewId);
  });

  it("refuses bad filters with a 400 that names the field, and an unknown review with 404", async () => {
    const bad = await staffFetch("/api/v1/quality/reviews?minScore=4&maxScore=2", { session: staff.viewer.session });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("minScore");
    expect((await staffFetch("/api/v1/quality/reviews?flag=made_up", { session: staff.viewer.session })).status).toBe(400);
    expect((await staffFetch(`/api/v1/quality/reviews/${crypto.randomUUID()}`, { session: staff.viewer.session })).status).toBe(404);
    expect((await staffFetch("/api/v1/quality/reviews", { method: "POST", session: staff.manager.session, body: { conversationId: crypto.randomUUID() } })).status).toBe(404);
  });

  it("asking again for the same messages returns the review it has: one review per conversation and version", async () => {
    const { chatId, conversationId, reviewId } = await reviewedChat();
    const again = await json<{ queued: boolean; version: number; review: ReviewView }>(await staffFetch("/api/v1/quality/reviews", { method: "POST", session: staff.manager.session, body: { conversationId } }), 202);
    expect(again).toMatchObject({ queued: false, review: { id: reviewId } });
    expect((await reviewsOf(chatId)).length).toBe(1);
    // The conversation continues (the manager writes): a new version, a new review on request.
    expect((await postWebhook({ messages: [textMessage(chatId, "Hello, Sara here from sales", { isEcho: true, authorName: "Sara" })] })).status).toBe(200);
    await waitUntilIdle(chatId);
    const next = await json<{ queued: boolean; version: number }>(await staffFetch("/api/v1/quality/reviews", { method: "POST", session: staff.manager.session, body: { conversationId } }), 202);
    expect(next).toMatchObject({ queued: true, version: again.version + 1 });
    const second = await finishedReview(chatId, (r) => r.messagesVersion === next.version);
    expect(second.trigger).toBe("manual");
    const viewerAsks = await staffFetch("/api/v1/quality/reviews", { method: "POST", session: staff.viewer.session, body: { conversationId } });
    expect(viewerAsks.status).toBe(403);
  });

  it("records managers' verdicts (audited, one per manager) and reports how often they agree with the judge", async () => {
    const { reviewId } = await reviewedChat();
    const other = await staffUser("manager", "quality-manager-2");
    const from = new Date(Date.now() - 3_600_000).toISOString();
    const to = new Date(Date.now() + 3_600_000).toISOString();
    const before = await json<{ agreement: { verdicts: number; agree: number } }>(await asToken(`/api/v1/quality/reports?from=${from}&to=${to}`));
    const path = `/api/v1/quality/reviews/${reviewId}/verdict`;
    await json(await staffFetch(path, { method: "POST", session: staff.manager.session, body: { verdict: "disagree", note: "too harsh" } }));
    await json(await staffFetch(path, { method: "POST", session: staff.manager.session, body: { verdict: "agree" } }));
    await json(await staffFetch(path, { method: "POST", session: other.session, body: { verdict: "disagree", note: "missed the upsell" } }));
    expect((await staffFetch(path, { method: "POST", session: staff.viewer.session, body: { verdict: "agree" } })).status).toBe(403);
    expect((await staffFetch(path, { method: "POST", session: staff.manager.session, body: { verdict: "maybe" } })).status).toBe(400);
    const detail = await json<{ verdicts: { verdict: string; actorLabel: string }[] }>(await staffFetch(`/api/v1/quality/reviews/${reviewId}`, { session: staff.viewer.session }));
    expect(detail.verdicts.map((v) => [v.actorLabel, v.verdict]).sort()).toEqual([[staff.manager.email, "agree"], [other.email, "disagree"]].sort());
    const report = await json<{ agreement: { verdicts: number; agree: number; rate: number }; byCriterion: { criterion: string }[]; byDay: unknown[]; byPromptVersion: unknown[]; totals: { reviews: number; judgeCostUsd: number } }>(await asToken(`/api/v1/quality/reports?from=${from}&to=${to}`));
    const { review: reviewed } = await json<{ review: { judgeCostUsd: number } }>(await staffFetch(`/api/v1/quality/reviews/${reviewId}`, { session: staff.viewer.session }));
    expect(reviewed.judgeCostUsd).toBeGreaterThan(0);
    expect(report.totals.judgeCostUsd).toBeGreaterThanOrEqual(reviewed.judgeCostUsd);
    expect(report.agreement.verdicts - before.agreement.verdicts).toBe(2);
    expect(report.agreement.agree - before.agreement.agree).toBe(1);
    expect(report.agreement.rate).toBeCloseTo(report.agreement.agree / report.agreement.verdicts, 3);
    expect(report.byCriterion.map((c) => c.criterion)).toEqual(expect.arrayContaining(["accuracy", "handoff", "needs_discovery", "next_step", "product_fit", "tone_language"]));
    expect(report.byDay.length).toBeGreaterThan(0);
    expect(report.byPromptVersion.length).toBeGreaterThan(0);
    const audit = await query((db) => db.execute(sql`select actor_label, action, before, after from audit_log where target_type = 'quality_review' and target_id = ${reviewId} order by id`));
    expect(audit.rows.map((r) => [r.actor_label, r.action])).toEqual([[staff.manager.email, "quality.verdict"], [staff.manager.email, "quality.verdict"], [other.email, "quality.verdict"]]);
    expect(audit.rows[1]).toMatchObject({ before: { verdict: "disagree", note: "too harsh" }, after: { verdict: "agree", note: null } });
  });

  it("reports default to the last 30 days without from/to", async () => {
    const { reviewId } = await reviewedChat();
    const report = await json<{ from: string; to: string; totals: { reviews: number } }>(await asToken("/api/v1/quality/reports"));
    expect(Math.abs(Date.parse(report.to) - Date.now())).toBeLessThan(60_000);
    expect(Date.parse(report.to) - Date.parse(report.from)).toBe(30 * 86_400_000);
    expect(report.totals.reviews).toBeGreaterThan(0);
    const { review } = await json<{ review: { completedAt: string } }>(await staffFetch(`/api/v1/quality/reviews/${reviewId}`, { session: staff.viewer.session }));
    expect(Date.parse(review.completedAt)).toBeGreaterThan(Date.parse(report.from));
    expect((await asToken("/api/v1/quality/reports?from=2026-02-01T00:00:00Z&extra=1")).status).toBe(400);
  });

  it("lists one conversation's reviews with conversationId", async () => {
    const first = await reviewedChat();
    const second = await reviewedChat();
    const of = async (id: string) => (await json<{ reviews: ReviewView[] }>(staffFetch(`/api/v1/quality/reviews?conversationId=${id}`, { session: staff.viewer.session }))).reviews;
    const mine = await of(first.conversationId);
    expect(mine.map((r) => r.id)).toContain(first.reviewId);
    expect(mine.every((r) => r.conversationId === first.conversationId)).toBe(true);
    expect((await of(second.conversationId)).map((r) => r.id)).toEqual([second.reviewId]);
    expect(await of(crypto.randomUUID())).toEqual([]);
    const bad = await staffFetch("/api/v1/quality/reviews?conversationId=not-a-uuid", { session: staff.viewer.session });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("conversationId");
  });

  it("reports refuse an inverted range", async () => {
    expect((await asToken("/api/v1/quality/reports?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z")).status).toBe(400);
  });
});
