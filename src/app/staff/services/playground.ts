import { productsNamedIn } from "../../../adapters/db/products-repo";
import { playgroundRuns } from "../../../adapters/db/staff-schema";
import { loadAgentSettingOverrides, tokensUsedToday } from "../../../adapters/db/settings-repo";
import { runTurn } from "../../../core/agent/turn";
import type { Services } from "../../services";
import { detectLanguage, type Language } from "../../../core/domain/language";
import { defaultSettings, effectiveSettings } from "../../../core/domain/settings";
import { recordAudit } from "../audit";
import { requirePermission, type ServiceContext } from "../context";
import { takeRateLimit } from "../rate-limit";

export interface PlaygroundInput {
  prompt: string;
  message: string;
  language?: Language | undefined;
}

/**
 * Runs the agent once on a scratch conversation: the same `runTurn` a customer's chat runs, with
 * the draft as its system prompt, the live catalog and knowledge tools and the current settings.
 * It gets no quotation desk, no history and no chat, so nothing can be sent, ordered or handed off,
 * and no conversation is written. It costs tokens, so it is rate-limited per user, its run is
 * recorded in `playground_runs` (counted in the daily token cap and shown in the metrics as its
 * own line), and past the cap it answers offline as a chat would; the audit row records the test.
 */
export async function tryPrompt(ctx: ServiceContext, services: Services, input: PlaygroundInput) {
  requirePermission(ctx.actor, "prompts.try");
  await takeRateLimit(ctx.db, "playground", ctx.actor);
  const settings = effectiveSettings(defaultSettings(services.config), await loadAgentSettingOverrides(ctx.db));
  const overTokenCap = (await tokensUsedToday(ctx.db, new Date())) >= settings.dailyTokenCap;
  const language = input.language ?? detectLanguage(input.message) ?? "en";
  const started = Date.now();
  const outcome = await runTurn(
    {
      history: [],
      pending: [input.message],
      language,
      customerName: null,
      now: new Date(),
      basePrompt: input.prompt,
      handoffOrderValueAed: settings.handoffOrderValueAed,
      maxDiscountPercent: settings.maxDiscountPercent,
      preRetrieval: settings.preRetrieval,
    },
    { model: overTokenCap ? null : services.chatModel(), catalog: services.catalog(ctx.db), offlineReason: overTokenCap ? "daily LLM token cap reached" : undefined },
  );
  const latencyMs = Date.now() - started;
  await ctx.db.insert(playgroundRuns).values({
    userId: ctx.actor.kind === "user" ? ctx.actor.userId : null,
    model: outcome.model,
    mode: outcome.mode,
    promptTokens: outcome.promptTokens,
    completionTokens: outcome.completionTokens,
    costUsd: String(outcome.costUsd),
  });
  await recordAudit(ctx, { action: "prompt.playground", targetType: "prompt", targetId: "system:draft", after: { language, mode: outcome.mode, model: outcome.model, costUsd: outcome.costUsd, promptChars: input.prompt.length } });
  return {
    reply: outcome.text,
    language,
    mode: outcome.mode,
    model: outcome.model,
    promptTokens: outcome.promptTokens,
    completionTokens: outcome.completionTokens,
    costUsd: outcome.costUsd,
    llmMs: outcome.llmMs,
    latencyMs,
    toolCalls: outcome.toolCalls,
    products: await productsNamedIn(ctx.db, outcome.text),
    fallbackReason: outcome.fallbackReason,
    handoff: outcome.handoff,
  };
}
