import { describe, expect, it } from "vitest";
import { aiHealthBanner } from "../src/screens/shared/ai-health";

describe("the AI health banner", () => {
  it("says nothing while the model answers, runs offline by design, or the health is not an answer", () => {
    expect(aiHealthBanner({ ok: true, database: { ok: true }, ai: { ok: true, state: "answering" } })).toBeNull();
    expect(aiHealthBanner({ ok: true, ai: { ok: true, state: "offline" } })).toBeNull();
    expect(aiHealthBanner({ ok: true })).toBeNull();
    expect(aiHealthBanner(undefined)).toBeNull();
    expect(aiHealthBanner({ ai: "broken" })).toBeNull();
  });

  it("names OpenRouter's refusal of the key, says the offline salesperson keeps selling, and what to fix", () => {
    const text = aiHealthBanner({ ok: true, ai: { ok: false, state: "key_refused", since: "2026-12-07T14:27:00.000Z" } })!;
    expect(text).toMatch(/^The AI model is failing since 7 Dec 2026, \d\d:\d\d: OpenRouter refuses the API key \(HTTP 401\)/);
    expect(text).toContain("The offline salesperson is answering customers");
    expect(text).toContain("no chat is handed over");
    expect(text).toContain("Fix OPENROUTER_API_KEY");
  });

  it("tells an unreachable OpenRouter apart, and still shows a state it does not know", () => {
    expect(aiHealthBanner({ ai: { ok: false, state: "unreachable", since: null } })).toBe(
      "The AI model is failing: OpenRouter cannot be reached. Customers get the offline catalog reply and their chats are handed to managers until it answers again.",
    );
    expect(aiHealthBanner({ ai: { ok: false, state: "quota" } })).toBe("The AI model is failing (quota). Customers get the offline salesperson's answers.");
  });
});
