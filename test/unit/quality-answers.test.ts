import { describe, expect, it } from "vitest";
import { isQuestion, repeatedReply, unansweredQuestion } from "../../src/core/quality/flags/answers";
import { at, chat } from "./quality-fixtures";

describe("unanswered_question: a question followed by a reply that does not address it", () => {
  it("flags a reply that shares nothing with the question", () => {
    const flags = unansweredQuestion(chat([[0, "customer", "Do you deliver to Sharjah?"], [4, "agent", "Our ergonomic chairs are very popular."]]));
    expect(flags).toEqual([{ flag: "unanswered_question", messageIds: ["m1", "m2"], detail: "The reply does not address the customer's question." }]);
  });

  it("accepts a reply on the same subject, a figure for a figure, or a clarifying question", () => {
    expect(unansweredQuestion(chat([[0, "customer", "Do you deliver to Sharjah?"], [4, "agent", "Yes, delivery to Sharjah is free."]]))).toEqual([]);
    expect(unansweredQuestion(chat([[0, "customer", "how much is it?"], [4, "agent", "It is 450 AED."]]))).toEqual([]);
    expect(unansweredQuestion(chat([[0, "customer", "which one is best?"], [4, "agent", "Mesh or leather?"]]))).toEqual([]);
    expect(unansweredQuestion(chat([[0, "customer", "هل لديكم كراسي؟"], [4, "agent", "نعم، لدينا الكراسي التالية"]]))).toEqual([]);
  });

  it("reads a burst: the reply after the customer's next message answers the question", () => {
    expect(unansweredQuestion(chat([[0, "customer", "what chairs do you have?"], [1, "customer", "for 12 people"], [4, "agent", "These chairs fit 12 people."]]))).toEqual([]);
  });

  it("flags a question never answered unless a manager has or takes the chat", () => {
    const input = chat([[0, "customer", "what is the warranty?"]]);
    expect(unansweredQuestion(input)).toEqual([{ flag: "unanswered_question", messageIds: ["m1"], detail: "A customer question got no reply." }]);
    expect(unansweredQuestion({ ...input, handoffs: [{ reason: "admin", createdAt: at(1), resolvedAt: null }] })).toEqual([]);
    expect(unansweredQuestion(chat([[0, "customer", "what is the warranty?"], [50, "manager", "Two years."]]))).toEqual([]);
  });

  it("judges the first answer after the question, skipping notices to managers, never one before it", () => {
    const input = chat([[0, "agent", "Hello! Delivery to Sharjah is free."], [5, "customer", "Do you deliver to Sharjah?"], [6, "system", "Delivery to Sharjah: notice"], [9, "agent", "Our chairs are popular."]]);
    expect(unansweredQuestion(input)).toEqual([expect.objectContaining({ messageIds: ["m2", "m4"] })]);
    expect(unansweredQuestion(chat([[0, "agent", "Delivery to Sharjah is free."], [5, "customer", "Do you deliver to Sharjah?"]]))[0]!.messageIds).toEqual(["m2"]);
  });

  it("counts only content words of four letters or more, cut to five letters, one shared word being enough", () => {
    // "it", "is", "in", "red" are too short to count as shared subject.
    expect(unansweredQuestion(chat([[0, "customer", "Is it in red?"], [4, "agent", "It is blue only."]]))).toHaveLength(1);
    expect(unansweredQuestion(chat([[0, "customer", "Is the oak desk in stock"], [4, "agent", "That desk ships from Dubai."]]))).toEqual([]);
    expect(unansweredQuestion(chat([[0, "customer", "Do you sell chairs?"], [4, "agent", "Yes, every chair is on sale."]]))).toEqual([]);
    expect(unansweredQuestion(chat([[0, "customer", "Do you deliver to Sharjah?"], [4, "agent", "Yes, we deliver."]]))).toEqual([]);
  });

  it("tells questions from statements", () => {
    expect(isQuestion("   what is this")).toBe(true);
    expect(isQuestion("what is this")).toBe(true);
    expect(isQuestion("كم السعر")).toBe(true);
    expect(isQuestion("price؟")).toBe(true);
    expect(isQuestion("I need 12 chairs")).toBe(false);
    expect(isQuestion("ok thanks")).toBe(false);
  });
});

describe("repeated_reply: the same reply sent twice", () => {
  it("flags the repeat with the first and the repeated message", () => {
    const flags = repeatedReply(chat([[0, "customer", "hi"], [2, "agent", "Sorry, something went wrong on our side."], [5, "customer", "?"], [7, "agent", "sorry,  something went WRONG on our side."]]));
    expect(flags).toEqual([{ flag: "repeated_reply", messageIds: ["m2", "m4"], detail: "The agent sent the same reply again." }]);
  });

  it("compares words, not spacing: a reply of exactly 15 characters counts, words run together do not match", () => {
    expect(repeatedReply(chat([[0, "agent", "Thank you again"], [1, "agent", "  thank  you again "]]))).toHaveLength(1);
    expect(repeatedReply(chat([[0, "agent", "Here are two chairs"], [1, "agent", "Hereare two chairs"]]))).toEqual([]);
  });

  it("ignores short acknowledgements, different replies and managers", () => {
    expect(repeatedReply(chat([[0, "agent", "Sure!"], [1, "agent", "Sure!"], [2, "agent", "Here are two chairs."], [3, "agent", "Here are two desks."], [4, "manager", "Here are two desks."]]))).toEqual([]);
  });
});
