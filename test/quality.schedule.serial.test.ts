import { runDurableObjectAlarm } from "cloudflare:test";
import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { adminFetch, conversation, newChatId, query, scriptModel, write } from "./helpers";
import { conversationIdOf, finishedReview, judgeRequests, reviewsOf } from "./quality-helpers";
import { staffFetch, staffUser } from "./staff-helpers";

/**
 * Global quality settings and the rubric change here, in the serial project (never at the same
 * time as other tests); the settings are restored at the end.
 */
const patch = async (body: unknown) => {
  const response = await adminFetch("/api/v1/admin/settings", { method: "PATCH", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  expect(response.status).toBe(200);
};
const DEFAULTS = { qualityReviewQuietMinutes: 30, qualityJudgeSampleRate: 1, qualityJudgeDailyBudget: 500, qualitySlowFirstReplySeconds: 60 };
afterAll(() => patch(DEFAULTS));

describe("a conversation that goes quiet is reviewed after qualityReviewQuietMinutes, once per version", () => {
  it("waits out the quiet period on the object's one alarm, reviews, and reviews again only after it continued", async () => {
    await patch({ qualityReviewQuietMinutes: 1, qualitySlowFirstReplySeconds: 1 });
    const chatId = newChatId();
    const tag = `k${Math.floor(Math.random() * 1e9)}`;
    // A model that takes 1.5 s: over the 1 s slow_first_reply threshold set above.
    await scriptModel(tag, [{ delayMs: 1500, then: { text: "Hello! Which chairs are you looking for?" } }]);
    const started = Date.now();
    await write(chatId, `hi, I need chairs ${tag}`);
    const stub = conversation(chatId);
    const { alarmAt } = await stub.snapshot();
    expect(alarmAt).toBeGreaterThan(started + 30_000);
    expect(alarmAt).toBeLessThanOrEqual(Date.now() + 60_000);
    // Run early, the alarm reviews nothing and keeps the same due time.
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect((await stub.snapshot()).alarmAt).toBe(alarmAt);
    expect(await reviewsOf(chatId)).toEqual([]);

    await stub.ageMessages(61_000);
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    const first = await finishedReview(chatId);
    expect(first).toMatchObject({ trigger: "quiet", messagesVersion: 2, status: "done" });
    expect(first.flags.map((f) => f.flag)).toEqual(["slow_first_reply"]);
    // Nothing new: no alarm is left for the review, and another run sends nothing.
    expect((await stub.snapshot()).alarmAt).toBeNull();

    await write(chatId, "mesh, with armrests");
    await stub.ageMessages(61_000);
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    const second = await finishedReview(chatId, (r) => r.messagesVersion === 4);
    expect(second.trigger).toBe("quiet");
    expect((await reviewsOf(chatId)).map((r) => r.messagesVersion)).toEqual([2, 4]);
  });
});

describe("the judge's bounds: sampling and the daily budget", () => {
  it("skips the judge when not sampled or over budget, keeping the code checks", async () => {
    await patch({ qualityJudgeSampleRate: 0 });
    const unsampled = newChatId();
    await write(unsampled, "can I speak to a manager");
    expect(await finishedReview(unsampled)).toMatchObject({ status: "done", judgeStatus: "skipped", judgeNote: "not sampled (rate 0)", scores: [] });

    const [{ calls }] = (await query((db) => db.execute(sql`select coalesce(sum(judge_attempts), 0)::int as calls from quality_reviews where completed_at >= date_trunc('day', now() at time zone 'UTC') at time zone 'UTC'`))).rows as [{ calls: number }];
    await patch({ qualityJudgeSampleRate: 1, qualityJudgeDailyBudget: calls });
    const overBudget = newChatId();
    await write(overBudget, "can I speak to a manager");
    expect(await finishedReview(overBudget)).toMatchObject({ judgeStatus: "skipped", judgeNote: `daily judge budget of ${calls} reached` });
    await patch({ qualityJudgeDailyBudget: 500 });
  });
});

describe("the rubric: versioned, admin-only, audited, recorded with each review", () => {
  it("an admin's new rubric is in force for the next review; a manager may not write one", async () => {
    const admin = await staffUser("admin", "rubric-admin");
    const manager = await staffUser("manager", "rubric-manager");
    const content = `Rubric ${crypto.randomUUID()}: score needs discovery, product fit, accuracy, tone and language, next step and handoff from 1 to 5.`;
    expect((await staffFetch("/api/v1/quality/rubric", { method: "PUT", session: manager.session, body: { content } })).status).toBe(403);
    expect((await staffFetch("/api/v1/quality/rubric", { method: "PUT", session: admin.session, body: { content: "too short" } })).status).toBe(400);
    const saved = await staffFetch("/api/v1/quality/rubric", { method: "PUT", session: admin.session, body: { content, note: "stricter" } });
    expect(saved.status).toBe(200);
    const { rubric } = (await saved.json()) as { rubric: { version: number; createdBy: string } };
    expect(rubric.createdBy).toBe(admin.email);
    const current = (await (await staffFetch("/api/v1/quality/rubric", { session: manager.session })).json()) as { current: { version: number; content: string }; versions: unknown[] };
    expect(current.current).toMatchObject({ version: rubric.version, content });

    const chatId = newChatId();
    await write(chatId, "I want to talk to a human");
    const review = await finishedReview(chatId);
    expect(review.rubricVersion).toBe(rubric.version);
    const [request] = await judgeRequests("I want to talk to a human").then((all) => all.filter((r) => r.systemText === content));
    expect(request).toBeDefined();
    const audit = await query((db) => db.execute(sql`select actor_label, action, after from audit_log where target_type = 'quality_rubric' and target_id = ${String(rubric.version)}`));
    expect(audit.rows).toEqual([{ actor_label: admin.email, action: "quality.rubric_update", after: { version: rubric.version, note: "stricter", content } }]);
    expect(await conversationIdOf(chatId)).toBe(review.conversationId);
  });
});
