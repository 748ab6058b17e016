import { describe, expect, it } from "vitest";
import { judgeComparison, summarise, type PersonaRun } from "../../src/core/quality/findings/comparison";
import { lineDiff } from "../../src/core/quality/findings/diff";
import { groupFindings, proposable, type ReviewSignal } from "../../src/core/quality/findings/grouping";
import { proposalAnswerSchema, scriptedDraft, withoutPersonalNumbers } from "../../src/core/quality/findings/proposal";
import { CRITERIA } from "../../src/core/quality/rubric";

function review(conversationId: string, over: Partial<ReviewSignal> = {}): ReviewSignal {
  const scores = CRITERIA.map((criterion) => ({ criterion, score: 4, reason: "ok", messageIds: [] as string[] }));
  return { reviewId: `r-${conversationId}`, conversationId, overallScore: 4, scores, flags: [], verdicts: [], ...over };
}

function lowOn(conversationId: string, criterion: (typeof CRITERIA)[number], messageIds: string[], score = 2): ReviewSignal {
  const base = review(conversationId);
  return { ...base, overallScore: 2, scores: base.scores.map((s) => (s.criterion === criterion ? { ...s, score, messageIds } : s)) };
}

describe("groupFindings", () => {
  it("groups a low criterion shared by conversations into one finding citing their messages", () => {
    const findings = groupFindings([lowOn("c1", "needs_discovery", ["m1", "m2"]), lowOn("c2", "needs_discovery", ["m3"]), review("c3")]);
    expect(findings).toEqual([
      { key: "criterion:needs_discovery", pattern: expect.stringContaining("quantity"), cause: "prompt", conversations: 2, conversationIds: ["c1", "c2"], exampleMessageIds: ["m1", "m2", "m3"] },
    ]);
  });

  it("counts conversations, not reviews, and needs the minimum number of conversations", () => {
    const twiceOneChat = [lowOn("c1", "accuracy", ["m1"]), lowOn("c1", "accuracy", ["m2"])];
    expect(groupFindings(twiceOneChat)).toEqual([]);
    expect(groupFindings(twiceOneChat, { minConversations: 1 })).toEqual([expect.objectContaining({ key: "criterion:accuracy", conversations: 1, cause: "knowledge", exampleMessageIds: ["m1", "m2"] })]);
  });

  it("takes a score at the threshold as low and one above it as fine", () => {
    expect(groupFindings([lowOn("c1", "next_step", ["m1"], 2), lowOn("c2", "next_step", ["m2"], 2)])).toHaveLength(1);
    expect(groupFindings([lowOn("c1", "next_step", ["m1"], 3), lowOn("c2", "next_step", ["m2"], 3)])).toEqual([]);
    expect(groupFindings([lowOn("c1", "next_step", ["m1"], 3), lowOn("c2", "next_step", ["m2"], 3)], { lowScore: 3 })).toHaveLength(1);
  });

  it("makes findings of code flags with their cause, and of managers' disagreements", () => {
    const flagged = (c: string, m: string): ReviewSignal => review(c, { flags: [{ flag: "price_mismatch", messageIds: [m], detail: "x" }], verdicts: [{ verdict: "disagree" }] });
    const findings = groupFindings([flagged("c2", "m1"), flagged("c1", "m2"), review("c3", { verdicts: [{ verdict: "agree" }] })]);
    expect(findings[0]).toMatchObject({ pattern: "Managers disagree with the judge's review", conversationIds: ["c1", "c2"] });
    expect(findings.map((f) => [f.key, f.cause, f.conversations, f.exampleMessageIds])).toEqual([
      ["disagreement", "code", 2, ["m1", "m2"]],
      ["flag:price_mismatch", "catalog", 2, ["m1", "m2"]],
    ]);
  });

  it("puts the most widespread finding first and keeps at most maxExamples distinct examples", () => {
    const reviews = [lowOn("c1", "handoff", ["a", "a", "b"]), lowOn("c2", "handoff", ["c", "d"]), lowOn("c3", "handoff", ["e"]), lowOn("c1", "tone_language", ["x"]), lowOn("c2", "tone_language", ["y"])];
    const findings = groupFindings(reviews, { maxExamples: 3 });
    expect(findings.map((f) => f.key)).toEqual(["criterion:handoff", "criterion:tone_language"]);
    expect(findings[0]!.exampleMessageIds).toEqual(["a", "b", "c"]);
  });

  it("drafts changes only for prompt and knowledge causes", () => {
    expect(["prompt", "knowledge", "catalog", "code"].filter((c) => proposable(c as never))).toEqual(["prompt", "knowledge"]);
  });
});

function run(persona: string, overall: number | null, failing: boolean): PersonaRun {
  return {
    persona,
    scores: [],
    overall,
    flags: [],
    codeCriteria: [
      { criterion: "no_invented_figure", passed: !failing, detail: failing ? "1,234 AED not in any tool result" : "ok" },
      { criterion: "replies_in_customer_language", passed: true, detail: "en" },
    ],
  };
}

describe("the comparison's veto rule", () => {
  it("fails a draft with a failing code-checked criterion even when the judge scores it 5 against 2", () => {
    const verdict = judgeComparison(summarise(2, [run("omar", 5, true), run("khalid", 5, false)]), summarise(1, [run("omar", 2, false)]));
    expect(verdict.status).toBe("failing");
    expect(verdict.reasons).toEqual(["omar: no_invented_figure failed (1,234 AED not in any tool result)"]);
  });

  it("passes a clean draft scored as well as the active version, and fails one scored clearly lower", () => {
    expect(judgeComparison(summarise(2, [run("a", 4, false)]), summarise(1, [run("a", 4, false)]))).toEqual({ status: "passing", reasons: [] });
    expect(judgeComparison(summarise(2, [run("a", 3.8, false)]), summarise(1, [run("a", 4, false)])).status).toBe("passing");
    expect(judgeComparison(summarise(2, [run("a", 3, false)]), summarise(1, [run("a", 4, false)])).reasons).toEqual(["the judge scores the draft 3 against 4 for the active version"]);
  });

  it("passes a draft exactly at the tolerance, and gives each reason once", () => {
    expect(judgeComparison(summarise(2, [run("a", 3.75, false)]), summarise(1, [run("a", 4, false)]))).toEqual({ status: "passing", reasons: [] });
    expect(judgeComparison(summarise(2, []), summarise(1, [run("a", 4, false)])).reasons).toEqual(["no persona was simulated"]);
    expect(judgeComparison(summarise(2, [run("a", null, false)]), summarise(1, [run("a", 4, false)])).reasons).toEqual(["the judge scored no simulated conversation of the draft"]);
  });

  it("fails when nothing was simulated or the judge scored nothing", () => {
    expect(judgeComparison(summarise(2, []), summarise(1, [])).reasons).toEqual(["no persona was simulated"]);
    expect(judgeComparison(summarise(2, [run("a", null, false)]), summarise(1, [run("a", 4, false)])).status).toBe("failing");
    // No judge at all (no model key): the code-checked criteria decide alone.
    expect(judgeComparison(summarise(2, [run("a", null, false)]), summarise(1, [run("a", null, false)]))).toEqual({ status: "passing", reasons: [] });
    expect(judgeComparison(summarise(2, [run("a", null, true)]), summarise(1, [run("a", null, false)])).status).toBe("failing");
  });

  it("summarises the mean judge score and counts code failures", () => {
    expect(summarise(3, [run("a", 4, true), run("b", 3, false), run("c", null, true)])).toMatchObject({ promptVersion: 3, averageScore: 3.5, codeFailures: 2 });
  });
});

describe("lineDiff", () => {
  it("keeps the unchanged lines and marks the added and removed ones", () => {
    expect(lineDiff("a\nb\nc", "a\nx\nc\nd")).toEqual([
      { op: "same", text: "a" },
      { op: "remove", text: "b" },
      { op: "add", text: "x" },
      { op: "same", text: "c" },
      { op: "add", text: "d" },
    ]);
    expect(lineDiff("same", "same")).toEqual([{ op: "same", text: "same" }]);
  });
});

describe("the scripted proposal (no model key)", () => {
  const base = { findingKey: "criterion:needs_discovery", pattern: "Quotes before asking", conversations: 3, examples: [{ id: "m1", speaker: "customer", text: "how much for chairs, call me on +971 50 123 4567" }], activePrompt: "You are a salesperson.\n" };

  it("adds one rule to the active prompt and says it is scripted", () => {
    const draft = scriptedDraft({ ...base, cause: "prompt" });
    expect(draft).toMatchObject({ scripted: true, model: null, costUsd: 0, error: null });
    expect(draft.answer!.prompt).toBe("You are a salesperson.\n\nBefore recommending products or quoting, ask for whatever is still missing of: how many pieces, what they are for, and the budget. Ask at most two questions at once.");
    expect(draft.answer!.reasoning).toMatch(/^Scripted proposal: no model key is set/);
    expect(proposalAnswerSchema.safeParse(draft.answer).success).toBe(true);
  });

  it("drafts a knowledge document from the customers' questions without their numbers", () => {
    const draft = scriptedDraft({ ...base, findingKey: "flag:unanswered_question", cause: "knowledge", examples: [{ id: "m1", speaker: "customer", text: withoutPersonalNumbers(base.examples[0]!.text) }] });
    expect(draft.answer!.knowledge).toMatchObject({ slug: "finding-flag-unanswered-question", topic: "other", language: "en" });
    expect(draft.answer!.knowledge!.body).toContain("- how much for chairs, call me on [number]");
    expect(proposalAnswerSchema.safeParse(draft.answer).success).toBe(true);
  });

  it("refuses an answer whose kind lacks its content", () => {
    expect(proposalAnswerSchema.safeParse({ reasoning: "x", kind: "prompt", prompt: null, knowledge: null }).success).toBe(false);
    expect(withoutPersonalNumbers("mail a.b@example.com or 0501234567")).toBe("mail [email] or [number]");
  });
});
