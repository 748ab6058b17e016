import { describe, expect, it } from "vitest";
import { handoffMissed } from "../../src/app/quality/flags/handoff";
import { at, chat } from "./quality-fixtures";

describe("handoff_missed: a handoff rule fired and no handoff followed", () => {
  it("flags a request for a person the agent answered itself, with the request and the reply", () => {
    const flags = handoffMissed(chat([[0, "customer", "I want to speak to a manager"], [4, "agent", "I can help you with anything!"]]));
    expect(flags).toEqual([{ flag: "handoff_missed", messageIds: ["m1", "m2"], detail: expect.stringContaining("customer_request") }]);
  });

  it("flags a discount beyond policy and frustration in Arabic too", () => {
    const input = chat([[0, "customer", "can you give me 30% discount"], [4, "agent", "Sorry, no."], [9, "customer", "هذا غير مفيد"]]);
    expect(handoffMissed(input).map((f) => [f.messageIds, f.detail.match(/\((\w+)\)/)![1]])).toEqual([
      [["m1", "m2"], "policy"],
      [["m3"], "frustration"],
    ]);
  });

  it("accepts a discount within the policy the settings allow", () => {
    const input = chat([[0, "customer", "any discount? 5% off would be nice"], [4, "agent", "We can offer 5%."]]);
    expect(handoffMissed(input)).toHaveLength(1);
    expect(handoffMissed({ ...input, settings: { ...input.settings, maxDiscountPercent: 10 } })).toEqual([]);
  });

  it("accepts a handoff that followed, a manager who already had the chat, or a manager who wrote after", () => {
    const asked = chat([[0, "customer", "let me talk to a human please"], [4, "agent", "Passing you to a manager."]]);
    expect(handoffMissed({ ...asked, handoffs: [{ reason: "customer_request", createdAt: at(3), resolvedAt: null }] })).toEqual([]);
    expect(handoffMissed({ ...asked, handoffs: [{ reason: "admin", createdAt: at(-100), resolvedAt: at(50) }] })).toEqual([]);
    expect(handoffMissed(chat([[0, "customer", "let me talk to a human please"], [60, "manager", "Hi, Sara here"]]))).toEqual([]);
  });

  it("flags when the only handoff ended before the request", () => {
    const asked = chat([[0, "customer", "let me talk to a human please"]]);
    expect(handoffMissed({ ...asked, handoffs: [{ reason: "admin", createdAt: at(-500), resolvedAt: at(-61) }] })).toEqual([expect.objectContaining({ messageIds: ["m1"] })]);
  });

  it("allows a minute of clock difference: a handoff recorded just before the customer's timestamp followed it", () => {
    const asked = chat([[0, "customer", "let me talk to a human please"]]);
    expect(handoffMissed({ ...asked, handoffs: [{ reason: "customer_request", createdAt: at(-59), resolvedAt: at(-59) }] })).toEqual([]);
  });

  it("reads only the customer's messages, counts only a manager who wrote after, and cites the agent's reply", () => {
    expect(handoffMissed(chat([[0, "agent", "You can talk to a human any time."]]))).toEqual([]);
    const managerBefore = chat([[0, "manager", "Hello"], [10, "customer", "let me talk to a human please"], [11, "system", "notice"], [12, "agent", "I can help!"]]);
    expect(handoffMissed(managerBefore)).toEqual([expect.objectContaining({ messageIds: ["m2", "m4"] })]);
  });

  it("does not fire on ordinary questions", () => {
    expect(handoffMissed(chat([[0, "customer", "Are you a real person?"], [0, "customer", "need an executive desk"], [4, "agent", "Sure"]]))).toEqual([]);
  });
});
