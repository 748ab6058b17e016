import { describe, expect, it } from "vitest";
import { FIGURE_CORRECTION_CALL } from "../../src/core/agent/types";
import { groundingCorrection, offlineFallback } from "../../src/app/quality/flags/trace";
import type { ReviewTurn } from "../../src/core/quality/flags/types";
import { at, chat } from "./quality-fixtures";

const turn = (replyId: string, extra: Partial<ReviewTurn>): ReviewTurn => ({ replyId, mode: "llm", fallbackReason: null, toolCalls: [], createdAt: at(5), ...extra });
const conversation = (turns: ReviewTurn[]) =>
  chat([[0, "customer", "chair price?"], [5, "agent", "Part one", "reply-a"], [5, "agent", "Part two", "reply-a#2"], [9, "customer", "ok"], [12, "agent", "Sure", "reply-b"]], { turns });

describe("grounding_correction: a draft corrected or replaced for an unsupported figure", () => {
  it("flags a corrected draft with every part of its reply as evidence", () => {
    const flags = groundingCorrection(conversation([turn("reply-a", { toolCalls: [{ name: "search_products", ok: true }, { name: FIGURE_CORRECTION_CALL, ok: false }] }), turn("reply-b", {})]));
    expect(flags).toEqual([{ flag: "grounding_correction", messageIds: ["m2", "m3"], detail: expect.stringContaining("corrected") }]);
  });

  it("flags a draft replaced by the offline reply", () => {
    const flags = groundingCorrection(conversation([turn("reply-b", { mode: "offline", fallbackReason: "ungrounded price" })]));
    expect(flags).toEqual([{ flag: "grounding_correction", messageIds: ["m5"], detail: expect.stringContaining("replaced") }]);
  });

  it("says nothing for clean turns", () => {
    expect(groundingCorrection(conversation([turn("reply-a", { toolCalls: [{ name: "search_products", ok: true }] })]))).toEqual([]);
  });
});

describe("offline_fallback: a reply made without the model when it should have made it", () => {
  it("flags a model failure and a blocked draft", () => {
    const flags = offlineFallback(conversation([turn("reply-a", { mode: "offline", fallbackReason: "LLM failed" }), turn("reply-b", { mode: "offline", fallbackReason: "blocked: discount" })]));
    expect(flags.map((f) => [f.messageIds, f.detail])).toEqual([
      [["m2", "m3"], "Offline reply: LLM failed."],
      [["m5"], "Offline reply: blocked: discount."],
    ]);
  });

  it("does not flag offline answers by design, model turns, or a replacement the grounding flag already reports", () => {
    const turns = ["off-topic request declined", "media without text", "ungrounded price"].map((reason) => turn("reply-a", { mode: "offline", fallbackReason: reason }));
    expect(offlineFallback(conversation([...turns, turn("reply-b", { mode: "llm", fallbackReason: "LLM failed" }), turn("reply-b", { mode: "offline" })]))).toEqual([]);
  });
});
