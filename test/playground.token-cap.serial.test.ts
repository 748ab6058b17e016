import { describe, expect, it } from "vitest";
import { DEFAULT_SALES_PROMPT } from "../src/core/agent/prompt";
import { asToken, staffFetch, staffUser } from "./staff-helpers";

/**
 * In the "serial" project (never run beside the others): it lowers the global daily token cap and
 * restores it. The playground's own tokens count in the cap, and past it the playground answers
 * offline as a chat would.
 */
const patch = (body: unknown) => asToken("/api/v1/admin/settings", { method: "PATCH", body });
const tryPrompt = (session: string) => staffFetch("/api/v1/admin/prompts/playground", { method: "POST", session, body: { prompt: DEFAULT_SALES_PROMPT, message: "need a mesh chair" } });

describe("the prompt playground and the daily token cap", () => {
  it("answers offline once the day's tokens, its own included, reach the cap", async () => {
    const manager = await staffUser("manager", "cap");
    try {
      const first = (await (await tryPrompt(manager.session)).json()) as { mode: string; promptTokens: number };
      expect(first.mode).toBe("llm");
      expect(first.promptTokens).toBeGreaterThan(0);
      expect((await patch({ dailyTokenCap: 1 })).status).toBe(200);
      const capped = await tryPrompt(manager.session);
      expect(capped.status).toBe(200);
      expect(await capped.json()).toMatchObject({ mode: "offline", model: null, fallbackReason: "daily LLM token cap reached", promptTokens: 0 });
    } finally {
      expect((await patch({ dailyTokenCap: 20_000_000 })).status).toBe(200);
    }
    expect(((await (await tryPrompt(manager.session)).json()) as { mode: string }).mode).toBe("llm");
  });
});
