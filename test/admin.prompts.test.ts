import { describe, expect, it } from "vitest";
import { DEFAULT_SALES_PROMPT } from "../src/core/agent/prompt";
import { adminFetch, modelRequests, newChatId, postWebhook, sentTo, textMessage, waitUntilIdle } from "./helpers";

const json = (body: unknown) => ({ method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

describe("admin prompts API: versioned system prompt, one active version", () => {
  it("creates, activates and rolls back versions; the next turn uses the active one", async () => {
    const marker = `policy-${crypto.randomUUID().slice(0, 8)}`;
    const content = `${DEFAULT_SALES_PROMPT}\nHouse rule ${marker}: greet customers warmly.`;
    const created = await adminFetch("/api/v1/admin/prompts", json({ content, note: "warmer greeting", activate: true }));
    expect(created.status).toBe(201);
    const { prompt } = (await created.json()) as { prompt: { version: number; active: boolean } };
    expect(prompt.active).toBe(true);

    const listing = (await (await adminFetch("/api/v1/admin/prompts")).json()) as { active: { version: number }; versions: { version: number; active: boolean }[] };
    expect(listing.active.version).toBe(prompt.version);
    expect(listing.versions.filter((v) => v.active)).toHaveLength(1);

    const chatId = newChatId();
    const message = `need a bookcase ${marker}`;
    await postWebhook({ messages: [textMessage(chatId, message)] });
    await waitUntilIdle(chatId);
    expect(await sentTo(chatId)).toHaveLength(1);
    const requests = await modelRequests(marker);
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.every((r) => r.systemText.includes(`House rule ${marker}`))).toBe(true);

    // Roll back to the built-in text as a new version, so other tests keep the default rules.
    const back = await adminFetch("/api/v1/admin/prompts", json({ content: DEFAULT_SALES_PROMPT, note: "back to default", activate: true }));
    expect(back.status).toBe(201);
    const old = await adminFetch(`/api/v1/admin/prompts/${prompt.version}/activate`, { method: "POST" });
    expect(old.status).toBe(200);
    const again = (await (await adminFetch("/api/v1/admin/prompts")).json()) as { active: { version: number } };
    expect(again.active.version).toBe(prompt.version);
    const { prompt: restored } = (await back.json()) as { prompt: { version: number } };
    expect((await adminFetch(`/api/v1/admin/prompts/${restored.version}/activate`, { method: "POST" })).status).toBe(200);
  });

  it("refuses a too-short prompt, unknown fields and unknown versions", async () => {
    expect((await adminFetch("/api/v1/admin/prompts", json({ content: "be nice" }))).status).toBe(400);
    expect((await adminFetch("/api/v1/admin/prompts", json({ content: DEFAULT_SALES_PROMPT, owner: "me" }))).status).toBe(400);
    expect((await adminFetch("/api/v1/admin/prompts/999999/activate", { method: "POST" })).status).toBe(404);
    expect((await adminFetch("/api/v1/admin/prompts/abc/activate", { method: "POST" })).status).toBe(400);
  });
});
