import { z } from "zod";
import { KNOWLEDGE_TOPICS, knowledgeDocumentInput } from "../../domain/knowledge";
import { agentSettingsPatchSchema } from "../../domain/settings";
import { contracts, DEFAULT_RANGE_DAYS, defaultRange, idParams, int32, isoTime, plainText, rangeIssues, row, visibleText } from "./types";

const settingsView = z.object({ settings: z.record(z.string(), z.unknown()), defaults: z.record(z.string(), z.unknown()), overrides: z.record(z.string(), z.unknown()) });
const promptVersion = row({ version: z.number().int(), content: z.string(), note: z.string().nullable(), active: z.boolean() });
const knowledgeFilter = z.object({ topic: z.enum(KNOWLEDGE_TOPICS).optional(), language: z.enum(["en", "ar"]).optional() });
const knowledgeDocument = row({ id: z.uuid(), slug: z.string(), topic: z.string(), language: z.string(), title: z.string(), body: z.string(), indexStatus: z.string() });
const knowledgeSaved = row({ document: knowledgeDocument, indexWarning: z.string().optional() });
const knowledgeWithChunks = z.object({ document: knowledgeDocument, chunks: z.array(z.object({ id: z.uuid(), ordinal: z.number().int(), text: z.string() })) });

export const metricsQuery = z
  .object({
    from: isoTime.optional().describe(`start of the range; default ${DEFAULT_RANGE_DAYS} days before to`),
    to: isoTime.optional().describe("end of the range; default now"),
    bucket: z.enum(["day", "hour"]).default("day"),
  })
  .transform((q) => defaultRange(q))
  .superRefine((q, ctx) => {
    for (const issue of rangeIssues(q)) ctx.addIssue({ code: "custom", ...issue });
  });

const count = z.number().int();
const breakdown = z.object({ key: z.string(), conversations: count, inbound: count, outbound: count, llmCalls: count, offlineReplies: count });
export const metricsSchema = z.object({
  from: z.string(),
  to: z.string(),
  bucket: z.enum(["day", "hour"]),
  totals: z.object({
    conversations: count.describe("conversations with a first message in the range"),
    inboundMessages: count,
    outboundMessages: count,
    firstResponseMs: z.object({ p50: z.number().nullable(), p95: z.number().nullable(), samples: count }),
    handoffsByReason: z.record(z.string(), count),
    funnel: z.object({ conversations: count, quotationShown: count, confirmed: count, saleOrder: count }),
    revenueAed: z.number().describe("total of quotations ordered in the range, VAT included"),
    proactive: z.object({ sent: count.describe("follow-ups and back-in-stock notices queued"), skipped: count.describe("ones not sent (opted out, handoff, no template)") }),
    quality: z.object({
      reviews: count.describe("reviews completed in the range"),
      judged: count.describe("of those, scored by the judge"),
      averageScore: z.number().nullable().describe("mean overall judge score, 1-5; null when none was judged"),
    }),
    llm: z.object({ calls: count, offlineReplies: count, offlineRate: z.number().nullable(), byModel: z.array(z.object({ model: z.string(), calls: count, promptTokens: count, completionTokens: count, costUsd: z.number() })),
      /** The prompt playground's runs (not in byModel, which is the chats'). */
      playground: z.object({ calls: count, promptTokens: count, completionTokens: count, costUsd: z.number() }) }),
  }),
  series: z.array(z.object({ bucket: z.string(), conversations: count, inboundMessages: count, outboundMessages: count, llmCalls: count, costUsd: z.number() })),
  byChannel: z.array(breakdown),
  byLanguage: z.array(breakdown),
  costs: z
    .object({
      agentUsd: z.number().describe("what the agent's model calls cost, as OpenRouter reported each"),
      modelCalls: count,
      replies: count.describe("bot replies (turns) in the range"),
      conversations: count.describe("conversations with a bot reply in the range"),
      saleOrders: count.describe("quotations ordered in the range"),
      promptTokens: count,
      cachedPromptTokens: count.describe("of promptTokens, read from the provider's prompt cache"),
      completionTokens: count,
      perReplyUsd: z.number().nullable(),
      perConversationUsd: z.number().nullable(),
      perSaleOrderUsd: z.number().nullable().describe("the agent's cost in the range over the sale orders in the range"),
      judgeUsd: z.number().describe("the quality review's judge, apart from the agent's cost"),
    })
    .describe("the agent's model cost (issue 25); the judge's apart"),
});

export const adminContract = contracts({
  getSettings: { method: "get", path: "/api/v1/admin/settings", tag: "settings", permission: "staff.read", summary: "Effective agent settings, defaults and overrides", response: settingsView },
  patchSettings: { method: "patch", path: "/api/v1/admin/settings", tag: "settings", permission: "settings.write", summary: "Change agent settings", body: agentSettingsPatchSchema, response: settingsView },
  getPrompts: { method: "get", path: "/api/v1/admin/prompts", tag: "settings", permission: "staff.read", summary: "The active system prompt and every version", response: z.object({ active: promptVersion, versions: z.array(promptVersion) }) },
  createPrompt: {
    method: "post", path: "/api/v1/admin/prompts", tag: "settings", permission: "prompts.write", status: 201, maxBodyBytes: 64 * 1024, summary: "A new system prompt version",
    body: z.object({ content: visibleText(50, 20_000).pipe(z.string().trim()), note: plainText(500).optional(), activate: z.boolean().default(false) }).strict(),
    response: z.object({ prompt: promptVersion }),
  },
  activatePrompt: {
    method: "post", path: "/api/v1/admin/prompts/:version/activate", tag: "settings", permission: "prompts.write", summary: "Roll forward or back to a prompt version",
    params: z.object({ version: int32().positive() }), response: z.object({ ok: z.literal(true), active: z.number().int() }),
  },
  listKnowledge: { method: "get", path: "/api/v1/admin/knowledge", tag: "knowledge", permission: "staff.read", summary: "Knowledge documents", query: knowledgeFilter, response: z.object({ documents: z.array(knowledgeDocument) }) },
  searchKnowledge: {
    method: "get", path: "/api/v1/admin/knowledge/search", tag: "knowledge", permission: "staff.read", summary: "What the agent would find for a question",
    query: knowledgeFilter.extend({ q: plainText(300).pipe(z.string().trim().min(1)), limit: z.coerce.number().int().min(1).max(10).default(3) }), response: row({}),
  },
  createKnowledge: { method: "post", path: "/api/v1/admin/knowledge", tag: "knowledge", permission: "knowledge.write", status: 201, maxBodyBytes: 128 * 1024, summary: "Add a knowledge document", body: knowledgeDocumentInput, response: knowledgeSaved },
  getKnowledge: { method: "get", path: "/api/v1/admin/knowledge/:id", tag: "knowledge", permission: "staff.read", summary: "One knowledge document", params: idParams, response: knowledgeWithChunks },
  updateKnowledge: { method: "put", path: "/api/v1/admin/knowledge/:id", tag: "knowledge", permission: "knowledge.write", maxBodyBytes: 128 * 1024, summary: "Replace a knowledge document", params: idParams, body: knowledgeDocumentInput, response: knowledgeSaved },
  deleteKnowledge: { method: "delete", path: "/api/v1/admin/knowledge/:id", tag: "knowledge", permission: "knowledge.write", status: 204, summary: "Remove a knowledge document", params: idParams, response: z.null() },
  metrics: { method: "get", path: "/api/v1/admin/metrics", tag: "metrics", permission: "staff.read", summary: "Product metrics for a time range, computed in SQL", query: metricsQuery, response: metricsSchema },
});

