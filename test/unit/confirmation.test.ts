import { describe, expect, it } from "vitest";
import { confirmationVerdict } from "../../src/core/domain/quotation";

/** The quotation reply was committed at t=1000; the customer's messages of this turn follow. */
const SEEN = 1000;
const said = (...texts: string[]) => texts.map((text, i) => ({ text, receivedAt: SEEN + 10 * (i + 1) }));

describe("the confirmation rule: only an explicit yes to the quotation itself orders", () => {
  it("confirms when every message of the burst is a yes to the quotation just shown", () => {
    expect(confirmationVerdict({ seenAt: SEEN, lastReplyAt: SEEN, messages: said("yes") })).toBe("confirmed");
    expect(confirmationVerdict({ seenAt: SEEN, lastReplyAt: SEEN, messages: said("yes", "نعم أؤكد") })).toBe("confirmed");
  });

  it("refuses a burst where only some messages say yes ('yes' then 'make it 10 instead')", () => {
    expect(confirmationVerdict({ seenAt: SEEN, lastReplyAt: SEEN, messages: said("yes", "wait, make it 10 instead") })).toBe("not_confirmed");
    expect(confirmationVerdict({ seenAt: SEEN, lastReplyAt: SEEN, messages: said("what colours?", "yes") })).toBe("not_confirmed");
  });

  it("refuses when this version was never shown, or a message predates it, or there is no message", () => {
    expect(confirmationVerdict({ seenAt: undefined, lastReplyAt: SEEN, messages: said("yes") })).toBe("not_shown");
    expect(confirmationVerdict({ seenAt: SEEN, lastReplyAt: SEEN, messages: [] })).toBe("not_shown");
    // Sent at the very moment the quotation was committed: it cannot have answered it.
    expect(confirmationVerdict({ seenAt: SEEN, lastReplyAt: SEEN, messages: [{ text: "yes", receivedAt: SEEN }] })).toBe("not_shown");
    expect(confirmationVerdict({ seenAt: SEEN, lastReplyAt: SEEN, messages: [{ text: "yes", receivedAt: SEEN - 5 }, ...said("yes")] })).toBe("not_shown");
    expect(confirmationVerdict({ seenAt: SEEN, lastReplyAt: SEEN, messages: [{ text: "yes", receivedAt: SEEN + 1 }] })).toBe("confirmed");
  });

  it("refuses a yes that answers a later reply of ours, not the quotation", () => {
    expect(confirmationVerdict({ seenAt: SEEN, lastReplyAt: SEEN + 5, messages: said("yes").map((m) => ({ ...m, receivedAt: SEEN + 50 })) })).toBe("not_answering_quotation");
    expect(confirmationVerdict({ seenAt: SEEN, lastReplyAt: null, messages: said("yes") })).toBe("not_answering_quotation");
  });
});
