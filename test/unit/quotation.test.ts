import { describe, expect, it } from "vitest";
import { assertTransition, canTransition, isConfirmation, isOpen, QuotationStateError } from "../../src/core/domain/quotation";

describe("the quotation state machine", () => {
  it("throws a named error for a move that does not exist, and lets allowed moves pass", () => {
    expect(() => assertTransition("shown", "confirmed")).not.toThrow();
    const refused = (() => {
      try {
        assertTransition("draft", "confirmed");
      } catch (error) {
        return error;
      }
      return null;
    })();
    expect(refused).toBeInstanceOf(QuotationStateError);
    expect(refused).toMatchObject({ name: "QuotationStateError", from: "draft", to: "confirmed", message: "a quotation cannot go from draft to confirmed" });
    expect(canTransition("ordered", "ordered")).toBe(false);
  });

  it("keeps lines editable only while the quotation is open", () => {
    expect(["draft", "shown", "confirmed", "ordered", "failed", "cancelled"].filter((s) => isOpen(s as never))).toEqual(["draft", "shown"]);
  });
});

describe("what counts as a confirmation", () => {
  it("ignores punctuation, emoji and bidi marks around the words", () => {
    expect(isConfirmation("Yes!!! 👍")).toBe(true);
    expect(isConfirmation("\u200fنعم\u200f")).toBe(true);
    expect(isConfirmation("yes, please.")).toBe(true);
    expect(isConfirmation("yes,confirm")).toBe(true);
  });

  it("reads Arabic with and without diacritics, hamza forms and tatweel", () => {
    expect(isConfirmation("أؤكد")).toBe(true);
    expect(isConfirmation("إعتماد")).toBe(true);
    expect(isConfirmation("آكد")).toBe(true);
    expect(isConfirmation("نَعَم")).toBe(true);
    expect(isConfirmation("نعـــم")).toBe(true);
    expect(isConfirmation("موافقة")).toBe(true);
    expect(isConfirmation("موافق على العرض")).toBe(false);
  });

  it("needs a strong word, allows at most eight words, and refuses a question in either script", () => {
    expect(isConfirmation("ok please")).toBe(false);
    expect(isConfirmation("ok fine")).toBe(false);
    expect(isConfirmation("yes please go ahead and place the order")).toBe(true);
    expect(isConfirmation("yes please go ahead and place the order now")).toBe(false);
    expect(isConfirmation("yes yes yes yes yes yes yes yes")).toBe(true);
    expect(isConfirmation("yes yes yes yes yes yes yes yes yes")).toBe(false);
    expect(isConfirmation("نعم؟")).toBe(false);
    expect(isConfirmation("   ")).toBe(false);
    expect(isConfirmation("!!!")).toBe(false);
  });
});
