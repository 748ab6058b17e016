import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import worker from "../src/shell/index";
import { adminFetch, control, newChatId, postWebhook, query, sentTo, textMessage, waitUntilIdle } from "./helpers";

/** The knowledge base: admin CRUD, chunking and indexing, search, and the agent's search_knowledge tool. */
interface Doc {
  id: string;
  slug: string;
  topic: string;
  language: string;
  title: string;
  indexStatus: string;
}
interface Saved {
  document: Doc;
  chunks: { id: string; ordinal: number; text: string }[];
  indexWarning?: string;
}
interface Passage {
  slug: string;
  topic: string;
  text: string;
}

const json = (body: unknown, method = "POST"): RequestInit => ({ method, headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
const unique = () => Math.random().toString(36).slice(2, 8);

function document(overrides: Partial<Record<string, string>> = {}) {
  return {
    slug: `test-${unique()}`,
    topic: "delivery",
    language: "en",
    title: "Express courier to Fujairah",
    body: "Orders for Fujairah travel with our partner courier Zephyr Logistics on Tuesdays.\n\nThe Zephyr courier fee for Fujairah is a flat rate agreed per order by the sales manager.",
    ...overrides,
  };
}

async function knowledgePoints(): Promise<number> {
  const stats = await control<{ collections: Record<string, { points: number }> }>("qdrantUrl", "/__control/stats");
  return stats.collections.knowledge?.points ?? 0;
}

async function searchKnowledge(q: string, extra = ""): Promise<{ passages: Passage[]; mode: string }> {
  const response = await adminFetch(`/api/v1/admin/knowledge/search?q=${encodeURIComponent(q)}${extra}`);
  expect(response.status).toBe(200);
  return (await response.json()) as { passages: Passage[]; mode: string };
}

describe("knowledge base", () => {
  it("ships a realistic demo set covering every topic in English and Arabic", async () => {
    const { documents } = (await (await adminFetch("/api/v1/admin/knowledge")).json()) as { documents: Doc[] };
    for (const topic of ["delivery", "warranty", "payment", "showroom", "advantages", "returns"]) {
      for (const language of ["en", "ar"]) expect(documents.some((d) => d.topic === topic && d.language === language), `${topic}/${language}`).toBe(true);
    }
    const filtered = (await (await adminFetch("/api/v1/admin/knowledge?topic=warranty&language=ar")).json()) as { documents: Doc[] };
    expect(filtered.documents.length).toBeGreaterThan(0);
    expect(filtered.documents.every((d) => d.topic === "warranty" && d.language === "ar")).toBe(true);
  });

  it("creates, reads, replaces and deletes a document, keeping search in step", async () => {
    const created = await adminFetch("/api/v1/admin/knowledge", json(document({ slug: `zephyr-${unique()}` })));
    expect(created.status).toBe(201);
    const saved = (await created.json()) as Saved;
    expect(saved.document.indexStatus).toBe("indexed");
    expect(saved.chunks.length).toBeGreaterThanOrEqual(1);
    expect(saved.chunks[0]!.text).toMatch(/^Express courier to Fujairah\n/);

    const pointsBefore = await knowledgePoints();
    const found = await searchKnowledge("which courier delivers to Fujairah");
    expect(found.mode).toBe("hybrid");
    expect(found.passages[0]!.text).toMatch(/Zephyr/);

    const read = (await (await adminFetch(`/api/v1/admin/knowledge/${saved.document.id}`)).json()) as Saved;
    expect(read.chunks.map((c) => c.id)).toEqual(saved.chunks.map((c) => c.id));
    expect(read.document.indexStatus).toBe("indexed");

    const replaced = await adminFetch(
      `/api/v1/admin/knowledge/${saved.document.id}`,
      json({ ...document({ slug: saved.document.slug }), body: "Fujairah orders now travel with Aurora Freight every Thursday, with free assembly on arrival." }, "PUT"),
    );
    expect(replaced.status).toBe(200);
    // The old passages' vectors were replaced, not left behind next to the new ones.
    const replacedBody = (await replaced.json()) as Saved;
    expect(await knowledgePoints()).toBe(pointsBefore - saved.chunks.length + replacedBody.chunks.length);
    const after = await searchKnowledge("which courier delivers to Fujairah");
    expect(after.passages[0]!.text).toMatch(/Aurora Freight/);
    expect(after.passages.some((p) => /Zephyr/.test(p.text))).toBe(false);

    expect((await adminFetch(`/api/v1/admin/knowledge/${saved.document.id}`, { method: "DELETE" })).status).toBe(204);
    expect(await knowledgePoints()).toBe(pointsBefore - saved.chunks.length);
    expect((await adminFetch(`/api/v1/admin/knowledge/${saved.document.id}`)).status).toBe(404);
    expect((await adminFetch(`/api/v1/admin/knowledge/${saved.document.id}`, { method: "DELETE" })).status).toBe(404);
    const gone = await searchKnowledge("Aurora Freight Fujairah");
    expect(gone.passages.some((p) => /Aurora/.test(p.text))).toBe(false);
  });

  it("refuses invalid documents with 400 and a second document with the same slug with 409", async () => {
    for (const bad of [document({ slug: "Not A Slug" }), document({ topic: "gossip" }), { ...document(), extra: 1 }, document({ body: "short" })]) {
      const response = await adminFetch("/api/v1/admin/knowledge", json(bad));
      expect(response.status).toBe(400);
    }
    const input = document();
    expect((await adminFetch("/api/v1/admin/knowledge", json(input))).status).toBe(201);
    const again = await adminFetch("/api/v1/admin/knowledge", json(input));
    expect(again.status).toBe(409);
    expect((await adminFetch("/api/v1/admin/knowledge/not-a-uuid")).status).toBe(400);
  });

  it("keeps a document when embeddings are down (pending, found lexically) and indexes it on a later cron tick", async () => {
    await control("embeddingsUrl", "/__control/failures", { body: { failures: [{ status: 503, times: 4 }] } });
    const response = await adminFetch("/api/v1/admin/knowledge", json(document({ title: "Saturday pickup at the Jebel Ali warehouse", body: "Customers may collect orders from the Qurmazi gate of the Jebel Ali warehouse on Saturdays between 9:00 and 13:00, bringing the order number." })));
    await control("embeddingsUrl", "/__control/failures", { method: "DELETE" });
    expect(response.status).toBe(201);
    const saved = (await response.json()) as Saved;
    expect(saved.document.indexStatus).toBe("pending");
    expect(saved.indexWarning).toMatch(/not indexed/);
    // Its passages have no vectors yet, but full text finds them.
    const lexical = await searchKnowledge("Qurmazi", "&limit=10");
    expect(lexical.passages.some((p) => /Qurmazi gate/.test(p.text))).toBe(true);

    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ cron: "*/5 * * * *" }), env, ctx);
    await waitOnExecutionContext(ctx);
    const read = (await (await adminFetch(`/api/v1/admin/knowledge/${saved.document.id}`)).json()) as Saved;
    expect(read.document.indexStatus).toBe("indexed");
  });

  it("embeds stored documents as passages and questions as queries (Jina's asymmetric tasks)", async () => {
    const word = `Quokkaport${unique().replace(/\W/g, "")}`;
    const created = await adminFetch("/api/v1/admin/knowledge", json(document({ slug: `tasks-${unique()}`, title: `Deliveries to ${word}`, body: `Orders for ${word} travel with our own vans on Mondays.\n\nThe fee for ${word} is quoted per order.` })));
    expect(created.status).toBe(201);
    await searchKnowledge(`when do you deliver to ${word}?`);
    const { inputs } = await control<{ inputs: { text: string; task: string }[] }>("embeddingsUrl", `/__control/inputs?contains=${word}`);
    const passages = inputs.filter((i) => !i.text.startsWith("when do you deliver"));
    const queries = inputs.filter((i) => i.text.startsWith("when do you deliver"));
    expect(passages.length).toBeGreaterThan(0);
    expect(queries.length).toBeGreaterThan(0);
    expect(new Set(passages.map((i) => i.task))).toEqual(new Set(["retrieval.passage"]));
    expect(new Set(queries.map((i) => i.task))).toEqual(new Set(["retrieval.query"]));
  });

  it("finds policy passages for English and Arabic questions", async () => {
    const delivery = await searchKnowledge("how long does delivery to Abu Dhabi take", "&topic=delivery");
    expect(delivery.passages.length).toBeGreaterThan(0);
    expect(delivery.passages.every((p) => p.topic === "delivery")).toBe(true);
    const warranty = await searchKnowledge("كم مدة الضمان على الكراسي");
    expect(warranty.passages[0]!.topic).toBe("warranty");
    const returns = await searchKnowledge("can I return a desk I bought");
    expect(returns.passages[0]!.topic).toBe("returns");
  });

  it("lets the agent answer a delivery question from the knowledge base", async () => {
    const chatId = newChatId();
    await postWebhook({ messages: [textMessage(chatId, "Do you deliver to Fujairah and how much does delivery cost?")] });
    await waitUntilIdle(chatId);
    const [reply] = await sentTo(chatId);
    // The answer is the delivery policy's own words (not the catalog's, not invented), reached
    // through the knowledge tool, and it passed the grounding checks as a model reply.
    const turns = await query((db) => db.execute<{ mode: string; tool_calls: { name: string }[] }>(sql`select mode, tool_calls from agent_turns where reply_crm_message_id = ${reply!.crmMessageId}`));
    expect(turns.rows[0]).toMatchObject({ mode: "llm", tool_calls: [expect.objectContaining({ name: "search_knowledge" })] });
    const delivery = await query((db) => db.execute<{ body: string }>(sql`select body from knowledge_documents where slug = 'delivery-en'`));
    const words = (text: string) => text.replace(/\s+/g, " ").trim();
    expect(reply!.text!.length).toBeGreaterThan(40);
    expect(words(delivery.rows[0]!.body)).toContain(words(reply!.text!));
  });
});
