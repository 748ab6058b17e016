import { describe, expect, it } from "vitest";
import { wrongLanguage } from "../../src/core/quality/flags/language";
import { slowFirstReply } from "../../src/core/quality/flags/timing";
import { chat } from "./quality-fixtures";

describe("wrong_language: a reply not in the customer's language", () => {
  it("flags an English reply to an Arabic customer, with the reply as evidence", () => {
    const flags = wrongLanguage(chat([[0, "customer", "أحتاج 12 كرسي مكتب"], [5, "agent", "Here are our best chairs for you."]]));
    expect(flags).toEqual([expect.objectContaining({ flag: "wrong_language", messageIds: ["m2"] })]);
    expect(flags[0]!.detail).toContain("Arabic");
  });

  it("accepts an Arabic reply that names products and SKUs in Latin letters", () => {
    expect(wrongLanguage(chat([[0, "customer", "أحتاج كرسي"], [5, "agent", "• Ergonomic Mesh Chair Pro Max (CH-ERGO-001) بسعر 450 درهم"]]))).toEqual([]);
  });

  it("flags an Arabic reply to an English customer and follows a switch of language", () => {
    const flags = wrongLanguage(
      chat([
        [0, "customer", "I need a desk"],
        [5, "agent", "لدينا مكاتب كثيرة"],
        [10, "customer", "هل لديكم كراسي؟"],
        [15, "agent", "نعم لدينا كراسي"],
      ]),
    );
    expect(flags.map((f) => f.messageIds)).toEqual([["m2"]]);
    expect(flags[0]!.detail).toContain("English");
  });

  it("keeps the earlier language when the latest message has no letters, and ignores managers", () => {
    const input = chat([[0, "customer", "أحتاج كرسي"], [2, "customer", "12"], [5, "agent", "How many?"], [6, "manager", "Hello from a manager"]]);
    expect(wrongLanguage(input).map((f) => f.messageIds)).toEqual([["m3"]]);
  });

  it("says nothing before the customer wrote anything with letters", () => {
    expect(wrongLanguage(chat([[0, "customer", "👍"], [5, "agent", "Hello!"]]))).toEqual([]);
  });
});

describe("slow_first_reply: the first answer later than the threshold", () => {
  it("flags a first reply after the threshold with the customer message and the reply", () => {
    const flags = slowFirstReply(chat([[0, "customer", "hi"], [61, "agent", "Hello!"]]));
    expect(flags).toEqual([{ flag: "slow_first_reply", messageIds: ["m1", "m2"], detail: "First reply after 61 s (threshold 60 s)." }]);
  });

  it("accepts a reply exactly at the threshold, and only the first reply counts", () => {
    expect(slowFirstReply(chat([[0, "customer", "hi"], [60, "agent", "Hello!"], [100, "customer", "x"], [900, "agent", "late"]]))).toEqual([]);
  });

  it("does not count a notice to managers as the answer, but a manager's reply does", () => {
    const input = chat([[0, "customer", "hi"], [1, "system", "Handoff needed: ..."], [30, "manager", "Hello, I am Sara"]]);
    expect(slowFirstReply(input)).toEqual([]);
    expect(slowFirstReply({ ...input, settings: { ...input.settings, slowFirstReplySeconds: 10 } })[0]!.messageIds).toEqual(["m1", "m3"]);
  });

  it("says nothing without a customer message or without any answer", () => {
    expect(slowFirstReply(chat([[0, "agent", "Hello"]]))).toEqual([]);
    expect(slowFirstReply(chat([[0, "customer", "hi"]]))).toEqual([]);
  });
});
