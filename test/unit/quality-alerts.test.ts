import { describe, expect, it } from "vitest";
import { alertFor } from "../../src/core/quality/alerts";
import type { QualityFlag } from "../../src/core/quality/flags/types";

const flag = (name: QualityFlag["flag"]): QualityFlag => ({ flag: name, messageIds: ["m1"], detail: "" });

describe("quality alerts: a low score or a critical flag tells the managers", () => {
  it("alerts below the threshold, not at it", () => {
    expect(alertFor({ id: "r1", overallScore: "2.00", flags: [] }, "971500000009", 3)).toBe("Quality alert: the conversation with 971500000009 needs a look: judge score 2/5 (alert below 3). Review r1.");
    expect(alertFor({ id: "r1", overallScore: "3.00", flags: [] }, "9715", 3)).toBeNull();
  });

  it("alerts on each critical flag whatever the score, naming each once", () => {
    for (const name of ["order_without_confirmation", "price_mismatch", "handoff_missed"] as const) {
      expect(alertFor({ id: "r2", overallScore: "5.00", flags: [flag(name), flag(name)] }, "9715", 3)).toBe(`Quality alert: the conversation with 9715 needs a look: critical: ${name}. Review r2.`);
    }
    expect(alertFor({ id: "r3", overallScore: null, flags: [flag("handoff_missed")] }, "9715", 3)).toContain("critical: handoff_missed");
  });

  it("does not alert on other flags or an unjudged review", () => {
    expect(alertFor({ id: "r4", overallScore: null, flags: [flag("wrong_language"), flag("repeated_reply"), flag("slow_first_reply")] }, "9715", 3)).toBeNull();
  });

  it("says both reasons when both hold", () => {
    expect(alertFor({ id: "r5", overallScore: "1.00", flags: [flag("price_mismatch")] }, "9715", 2)).toContain("judge score 1/5 (alert below 2); critical: price_mismatch");
  });
});
