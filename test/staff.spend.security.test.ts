import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Database } from "../src/adapters/db/client";
import { tokensUsedToday } from "../src/adapters/db/settings-repo";
import { DEFAULT_SALES_PROMPT } from "../src/core/agent/prompt";
import { query } from "./helpers";
import { asToken, staffFetch, staffUser } from "./staff-helpers";

const tryPrompt = (session: string, message: string) => staffFetch("/api/v1/admin/prompts/playground", { method: "POST", session, body: { prompt: DEFAULT_SALES_PROMPT, message } });

describe("the prompt playground's spend", () => {
  it("is rate-limited per user: twelve at once, ten run, two get 429 with Retry-After; another user still runs", async () => {
    const [manager, other] = await Promise.all([staffUser("manager", "spender"), staffUser("manager", "bystander")]);
    const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => tryPrompt(manager.session, `hello number ${"x".repeat(i)}`)));
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 200).length).toBe(10);
    const refused = answers.filter((r) => r.status === 429);
    expect(refused.length).toBe(2);
    expect(Number(refused[0]!.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(((await refused[0]!.json()) as { error: { message: string } }).error.message).toMatch(/prompt playground/);
    expect((await tryPrompt(other.session, "hello there")).status).toBe(200);
    const [runs] = (await query((db) => db.execute(sql`select count(*)::int as n from playground_runs where user_id = ${manager.id}`))).rows;
    expect(Number(runs?.n)).toBe(10);
  });

  it("records each run's tokens, which count in the daily token cap", async () => {
    const manager = await staffUser("manager", "tokens");
    const response = await tryPrompt(manager.session, "need a mesh chair");
    expect(response.status).toBe(200);
    const result = (await response.json()) as { promptTokens: number; completionTokens: number; mode: string };
    expect(result.mode).toBe("llm");
    expect(result.promptTokens).toBeGreaterThan(0);
    const [run] = (await query((db) => db.execute(sql`select prompt_tokens, completion_tokens, mode from playground_runs where user_id = ${manager.id}`))).rows;
    expect(run).toMatchObject({ prompt_tokens: result.promptTokens, completion_tokens: result.completionTokens, mode: "llm" });
    // In a transaction rolled back afterwards, a huge run today moves the day's count by exactly its size.
    const moved = await query((db) =>
      db
        .transaction(async (tx) => {
          const before = await tokensUsedToday(tx as unknown as Database, new Date());
          await tx.execute(sql`insert into playground_runs (mode, prompt_tokens, completion_tokens) values ('llm', 700000000, 1)`);
          const after = await tokensUsedToday(tx as unknown as Database, new Date());
          throw Object.assign(new Error("rollback"), { moved: after - before });
        })
        .catch((error: { moved?: number }) => error.moved),
    );
    expect(moved).toBe(700_000_001);
  });

  it("shows in the metrics as its own line, apart from the chats' models", async () => {
    // A day of its own in the past, so nothing else in the suite lands in it.
    const day = new Date(Date.UTC(1990, 0, 1) + Math.floor(Math.random() * 3000) * 86_400_000);
    const at = (h: number) => new Date(day.getTime() + h * 3_600_000).toISOString();
    await query((db) =>
      db.execute(sql`insert into playground_runs (at, model, mode, prompt_tokens, completion_tokens, cost_usd) values
        (${at(1)}, 'test/primary-model', 'llm', 1200, 300, 0.0015), (${at(2)}, 'test/primary-model', 'llm', 800, 200, 0.001), (${at(3)}, null, 'offline', 0, 0, 0)`),
    );
    const response = await asToken(`/api/v1/admin/metrics?from=${encodeURIComponent(at(0))}&to=${encodeURIComponent(at(24))}&bucket=day`);
    expect(response.status).toBe(200);
    const metrics = (await response.json()) as { totals: { llm: { calls: number; byModel: unknown[]; playground: unknown } } };
    expect(metrics.totals.llm.playground).toEqual({ calls: 2, promptTokens: 2000, completionTokens: 500, costUsd: 0.0025 });
    expect(metrics.totals.llm.calls).toBe(0);
    expect(metrics.totals.llm.byModel).toEqual([]);
  });
});

describe("endpoints that spend a shared budget are rate-limited per user", () => {
  it("live stock: a viewer's 31st read in a minute gets 429, before Zoho is asked", async () => {
    const viewer = await staffUser("viewer", "stock");
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) statuses.push((await staffFetch(`/api/v1/inventory/stock?sku=NO-SUCH-SKU-${i}`, { session: viewer.session })).status);
    expect(statuses.slice(0, 30).every((s) => s === 404)).toBe(true);
    expect(statuses[30]).toBe(429);
  });

  it("searches with a query (one embeddings call each) share one allowance; browsing without one is free", async () => {
    const viewer = await staffUser("viewer", "search");
    const statuses: number[] = [];
    for (let batch = 0; batch < 6; batch++) {
      const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => staffFetch(i % 2 ? `/api/v1/products/search?q=mesh+chair` : `/api/v1/admin/knowledge/search?q=delivery+time`, { session: viewer.session })));
      statuses.push(...answers.map((r) => r.status));
    }
    expect(statuses.every((s) => s === 200)).toBe(true);
    const over = await staffFetch("/api/v1/products/search?q=mesh+chair", { session: viewer.session });
    expect(over.status).toBe(429);
    expect(Number(over.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await staffFetch("/api/v1/products?category=Chairs", { session: viewer.session })).status).toBe(200);
  });
});
