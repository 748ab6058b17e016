import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_SALES_PROMPT } from "../src/core/agent/prompt";
import { wazzupSent } from "./harness/wazzup";
import { modelRequests, query, scriptModel, worker } from "./helpers";
import { asToken, staffFetch, staffUser, type TestStaff } from "./staff-helpers";

interface PlaygroundResult {
  reply: string;
  language: string;
  mode: string;
  model: string | null;
  costUsd: number;
  latencyMs: number;
  toolCalls: { name: string; ok: boolean; args?: Record<string, unknown>; result?: string; prefetched?: boolean }[];
  products: { sku: string; name: string; priceAed: number }[];
  fallbackReason: string | null;
  handoff: unknown;
}

/** Letters only: a marker with digits could be read as a figure by the reply checks. */
function marker(): string {
  return `pg${Array.from(crypto.getRandomValues(new Uint8Array(8)), (b) => String.fromCharCode(97 + (b % 26))).join("")}`;
}

const draft = (rule: string) => `${DEFAULT_SALES_PROMPT}\nHouse rule ${rule}: mention our showroom when it helps.\nSign every reply with: Team ${rule}`;

async function tryPrompt(session: string, body: unknown) {
  return staffFetch("/api/v1/admin/prompts/playground", { method: "POST", session, body });
}

/** Everything the Wazzup stand-in was asked to send, to any chat. */
const allWazzupSends = () => wazzupSent(worker);

describe("prompt playground: a draft prompt tried once, nothing sent, nothing written", () => {
  let manager: TestStaff;
  beforeAll(async () => {
    manager = await staffUser("manager", "playground");
  });

  it("answers with the draft prompt and the live catalog tools and returns the reply's trace", async () => {
    const rule = marker();
    const word = marker();
    const response = await tryPrompt(manager.session, { prompt: draft(rule), message: `need a mesh chair ${word}` });
    expect(response.status).toBe(200);
    const result = (await response.json()) as PlaygroundResult;
    // The model was asked with the draft, not the active prompt.
    const requests = await modelRequests(word);
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.every((r) => r.systemText.includes(`House rule ${rule}`))).toBe(true);
    expect(result).toMatchObject({ language: "en", mode: "llm", model: "test/primary-model", fallbackReason: null, handoff: null });
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
    // The stand-in model follows the draft's sign-off instruction: the reply came from the draft.
    expect(result.reply.endsWith(`Team ${rule}`)).toBe(true);
    // The live catalog tool ran; its trace keeps the arguments and what it answered.
    // A chat's turn searches before the model (setting preRetrieval) and so does the draft's.
    const search = result.toolCalls.find((call) => call.name === "search_products")!;
    expect(search).toMatchObject({ name: "search_products", ok: true });
    expect(String(search.args?.query)).toContain("mesh chair");
    expect(result.products.length).toBeGreaterThan(0);
    for (const product of result.products) {
      expect(result.reply).toContain(product.sku);
      expect(search.result).toContain(product.sku);
    }
  });

  it("sends nothing to any customer and writes no conversation, only an audit row", async () => {
    const word = marker();
    const reply = `Our showroom team can help you choose (${word}).`;
    await scriptModel(word, [{ toolCall: { name: "search_products", arguments: { query: "meeting table" } } }, { text: reply }]);
    const response = await tryPrompt(manager.session, { prompt: draft(marker()), message: `a table for eight people ${word}` });
    expect(response.status).toBe(200);
    const result = (await response.json()) as PlaygroundResult;
    expect(result.reply).toBe(reply);
    expect(result.toolCalls.filter((c) => !c.prefetched).map((c) => c.name)).toEqual(["search_products"]);

    expect((await allWazzupSends()).filter((m) => m.text?.includes(word))).toEqual([]);
    // Other tests write conversations meanwhile: the proof is that no stored message holds this test's words.
    const written = await query((db) => db.execute<{ n: number }>(sql`select count(*)::int as n from messages where text like ${`%${word}%`}`));
    expect(written.rows[0]!.n).toBe(0);

    const audit = await asToken(`/api/v1/admin/audit?action=prompt.playground&actor=${manager.email}`);
    const entries = ((await audit.json()) as { entries: { role: string; targetId: string; after: { mode: string; model: string } }[] }).entries;
    expect(entries[0]).toMatchObject({ role: "manager", targetId: "system:draft", after: { mode: "llm", model: "test/primary-model" } });
  });

  it("detects an Arabic message and answers in Arabic", async () => {
    const response = await tryPrompt(manager.session, { prompt: draft(marker()), message: "أحتاج كرسي مكتب شبكي" });
    expect(response.status).toBe(200);
    const result = (await response.json()) as PlaygroundResult;
    expect(result.language).toBe("ar");
    expect(result.reply).toMatch(/[\u0600-\u06FF]/);
  });

  it("refuses a viewer, a too-short prompt, an empty message and unknown fields", async () => {
    const viewer = await staffUser("viewer", "playground-viewer");
    const forbidden = await tryPrompt(viewer.session, { prompt: draft(marker()), message: "hello" });
    expect(forbidden.status).toBe(403);
    expect(((await forbidden.json()) as { error: { message: string } }).error.message).toMatch(/prompts\.try/);
    expect((await tryPrompt(manager.session, { prompt: "be nice", message: "hello" })).status).toBe(400);
    expect((await tryPrompt(manager.session, { prompt: draft(marker()), message: "   " })).status).toBe(400);
    expect((await tryPrompt(manager.session, { prompt: draft(marker()), message: "hello", chatId: "123" })).status).toBe(400);
    expect((await tryPrompt(manager.session, { prompt: draft(marker()), message: "hello", language: "fr" })).status).toBe(400);
  });
});
