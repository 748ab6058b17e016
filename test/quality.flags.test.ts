import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { getConfig } from "../src/core/config";
import { reviewConversation } from "../src/app/quality/review";
import { CRITERIA } from "../src/core/quality/rubric";
import { newChatId, query, scriptModel, sentTo, until, write } from "./helpers";
import { conversationIdOf, finishedReview, scriptJudge, type StoredReview } from "./quality-helpers";
import { asToken } from "./staff-helpers";

const MANAGER_PHONE = "971500000001";

/** A marker that is one unique word to the scripts and no content word to the checks (letters and digits mixed). */
const marker = () => `k${Math.floor(Math.random() * 1e9)}`;

/** Asks for a review of the chat now, as a manager would, and waits for it. */
async function reviewNow(chatId: string): Promise<StoredReview> {
  const conversationId = await conversationIdOf(chatId);
  const response = await asToken("/api/v1/quality/reviews", { method: "POST", body: { conversationId } });
  expect(response.status).toBe(202);
  const { version } = (await response.json()) as { version: number };
  return finishedReview(chatId, (r) => r.messagesVersion === version);
}

const flagsOf = (review: StoredReview, name: string) => review.flags.filter((f) => f.flag === name);

describe("each code check provoked by a real conversation", () => {
  it("wrong_language: an English reply to an Arabic customer", async () => {
    const chatId = newChatId();
    const tag = marker();
    await scriptModel(tag, [{ text: "Hello! We have many office chairs for you." }]);
    await write(chatId, `مرحبا، أحتاج كراسي مكتب ${tag}`);
    const review = await reviewNow(chatId);
    const [flag] = flagsOf(review, "wrong_language");
    expect(flag!.detail).toContain("Arabic");
    const [reply] = await query((db) => db.query.messages.findMany({ where: (m, { eq }) => eq(m.id, flag!.messageIds[0]!) }));
    expect(reply!.text).toBe("Hello! We have many office chairs for you.");
  });

  it("repeated_reply and unanswered_question: the same off-point answer twice", async () => {
    const chatId = newChatId();
    const tag = marker();
    const offPoint = "Our ergonomic chairs are very popular this season.";
    await scriptModel(tag, [{ text: offPoint }, { text: offPoint }]);
    await write(chatId, `Do you deliver to Sharjah? ${tag}`);
    await write(chatId, `Is delivery to Sharjah free? ${tag}`);
    const review = await reviewNow(chatId);
    expect(flagsOf(review, "repeated_reply")).toHaveLength(1);
    expect(flagsOf(review, "unanswered_question")).toHaveLength(2);
    expect(review.judgeStatus).toBe("done");
  });

  it("grounding_correction: a draft with an invented price sent back once", async () => {
    const chatId = newChatId();
    const tag = marker();
    await scriptModel(tag, [{ text: "That chair costs only 123 AED today!" }, { text: "Let me check the exact price for you first." }]);
    await write(chatId, `how much is your cheapest mesh chair ${tag}`);
    const review = await reviewNow(chatId);
    expect(flagsOf(review, "grounding_correction")).toEqual([expect.objectContaining({ detail: expect.stringContaining("corrected") })]);
    expect(review.scores.find((s) => s.criterion === "accuracy")!.score).toBeLessThan(5);
  });

  it("offline_fallback: the model fails and the offline salesperson answers (and the chat is handed off, reviewed at once)", async () => {
    const chatId = newChatId();
    const tag = marker();
    await scriptModel(tag, [{ status: 500 }, { status: 500 }, { status: 500 }, { status: 500 }]);
    await write(chatId, `I need an executive desk ${tag}`);
    const review = await finishedReview(chatId);
    expect(review.trigger).toBe("handoff");
    expect(flagsOf(review, "offline_fallback")).toEqual([expect.objectContaining({ detail: "Offline reply: LLM failed." })]);
  });

  it("a clean conversation has no flags and scores better than a troubled one", async () => {
    const chatId = newChatId();
    await write(chatId, "hi, I need ergonomic mesh chairs for my office");
    const review = await reviewNow(chatId);
    expect(review.flags).toEqual([]);
    expect(review.judgeStatus).toBe("done");
    const troubled = newChatId();
    const tag = marker();
    await scriptModel(tag, [{ text: "Hello! We have many office chairs for you." }]);
    await write(troubled, `مرحبا، أحتاج كراسي مكتب ${tag}`);
    const bad = await reviewNow(troubled);
    expect(Number(bad.overallScore)).toBeLessThan(Number(review.overallScore));
  });
});

describe("alerts and the judge's absence", () => {
  it("a judged score under the threshold alerts the managers once, through the conversation's notices", async () => {
    const chatId = newChatId();
    const tag = marker();
    const judgment = { reasoning: "The assistant ignored the customer.", criteria: CRITERIA.map((criterion) => ({ criterion, reason: "poor", messageIds: [], score: 1 })), overall: 1 };
    await scriptJudge(tag, [{ text: JSON.stringify(judgment) }]);
    await write(chatId, `hello, I need chairs ${tag}`);
    const review = await reviewNow(chatId);
    expect(review).toMatchObject({ status: "done", overallScore: "1.00", reasoning: "The assistant ignored the customer." });
    const alerts = await until("the managers' alert", async () => {
      const sent = (await sentTo(MANAGER_PHONE)).filter((m) => m.text?.includes(review.id));
      return sent.length > 0 ? sent : null;
    });
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.text).toContain("judge score 1/5");
    expect((await finishedReview(chatId, (r) => r.id === review.id && r.alertedAt !== null)).alertedAt).not.toBeNull();
  });

  it("with no model configured the review keeps its code checks and says the judge was skipped", async () => {
    const chatId = newChatId();
    const tag = marker();
    await scriptModel(tag, [{ text: "Hello! We have many office chairs for you." }]);
    await write(chatId, `مرحبا، أحتاج كراسي ${tag}`);
    const conversationId = await conversationIdOf(chatId);
    const notices: string[] = [];
    const review = await query((db) =>
      reviewConversation({ config: getConfig(env), db, judge: null, notifyManagers: async (_c, _id, text) => void notices.push(text) }, { conversationId, version: 999, trigger: "manual", promptVersion: null }),
    );
    expect(review).toMatchObject({ status: "done", judgeStatus: "skipped", judgeNote: expect.stringContaining("no model configured"), scores: [], overallScore: null, judgeAttempts: 0 });
    expect(review!.flags.map((f) => f.flag)).toContain("wrong_language");
    expect(notices).toEqual([]);
  });
});
