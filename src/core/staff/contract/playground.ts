import { z } from "zod";
import { contracts, row, visibleText } from "./types";

const toolCall = row({ name: z.string(), ok: z.boolean(), ms: z.number(), args: z.record(z.string(), z.unknown()).optional(), result: z.string().optional().describe("the start of what the tool answered") });

export const playgroundResult = z.object({
  reply: z.string(),
  language: z.enum(["en", "ar"]),
  mode: z.enum(["llm", "offline"]),
  model: z.string().nullable(),
  promptTokens: z.number().int(),
  completionTokens: z.number().int(),
  costUsd: z.number(),
  llmMs: z.number().int(),
  latencyMs: z.number().int().describe("the whole turn, tools included"),
  toolCalls: z.array(toolCall),
  products: z.array(z.object({ id: z.uuid(), sku: z.string(), name: z.string(), priceAed: z.number() })).describe("catalog products the reply names"),
  fallbackReason: z.string().nullable(),
  handoff: z.object({ reason: z.string(), summary: z.string() }).nullable().describe("the handoff this reply would start (none is started)"),
});

export const playgroundContract = contracts({
  tryPrompt: {
    method: "post", path: "/api/v1/admin/prompts/playground", tag: "settings", permission: "prompts.try", maxBodyBytes: 64 * 1024,
    summary: "Run a draft system prompt once on a test message",
    description: "The agent answers `message` with the draft prompt, the live catalog and knowledge tools and the current settings, on a scratch conversation: nothing is sent to any customer, no conversation, quotation or handoff is written (quotation tools answer that quotations are unavailable). Returns the reply and its trace.",
    body: z.object({
      prompt: visibleText(50, 20_000).pipe(z.string().trim()).describe("the draft system prompt"),
      message: visibleText(1, 4000).pipe(z.string().trim()).describe("what the test customer writes"),
      language: z.enum(["en", "ar"]).optional().describe("default: detected from the message"),
    }).strict(),
    response: playgroundResult,
  },
});
