import { describe, expect, it } from "vitest";
import { applyOptCommand, optCommand, optConfirmation } from "../../src/core/outreach/opt-out";

describe("opt-out commands", () => {
  it("reads STOP and its variants in both languages as an opt-out", () => {
    for (const text of ["STOP", "stop", " Stop! ", "Unsubscribe", "unsubscribe please", "please stop", "STOP 🛑", "opt out", "إلغاء", "الغاء", "إلغاء الاشتراك", "توقف", "أوقف", "إلغاء من فضلك", "ستوب"]) {
      expect(optCommand(text), text).toBe("stop");
    }
  });

  it("reads START and its variants as an opt-in", () => {
    for (const text of ["START", "start", "Start.", "subscribe", "opt in", "ابدأ", "اشتراك"]) expect(optCommand(text), text).toBe("start");
  });

  it("never takes a question or a sentence for a command", () => {
    for (const text of [
      "stop, how much is the chair?",
      "when does the sale stop?",
      "can I cancel my order",
      "I want to start an order",
      "إلغاء الطلب رقم 5",
      "stopwatch",
      "restart",
      "",
      "   ",
      null,
      undefined,
      "where is the bus stop near your showroom",
    ]) {
      expect(optCommand(text), String(text)).toBeNull();
    }
  });

  it("confirms a change once and a repeat not at all", () => {
    expect(applyOptCommand({ optedOut: false }, "stop")).toEqual({ optedOut: true, confirm: true });
    expect(applyOptCommand({ optedOut: true }, "stop")).toEqual({ optedOut: true, confirm: false });
    expect(applyOptCommand({ optedOut: true }, "start")).toEqual({ optedOut: false, confirm: true });
    expect(applyOptCommand({ optedOut: false }, "start")).toEqual({ optedOut: false, confirm: false });
  });

  it("confirms in the customer's language and tells how to undo it", () => {
    expect(optConfirmation("stop", "en")).toMatch(/START/);
    expect(optConfirmation("stop", "ar")).toMatch(/[\u0600-\u06FF]/);
    expect(optConfirmation("start", "en")).toMatch(/STOP/);
    expect(optConfirmation("start", "ar")).toMatch(/STOP/);
  });
});
