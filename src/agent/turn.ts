import type { Language } from "../domain/language";
import { describeError, log } from "../lib/log";
import { handoffByOrderValue, handoffByRules, handoffNotice } from "./handoff";
import { commitmentCorrection } from "./checks/commitments";
import { checkReply } from "./grounding";
import { declineReply, isOffTopic, managerOffer, screenReply } from "./guardrails";
import { memoryPrompt } from "./memory";
import { MODEL_KEY_REFUSED, ModelCallFailed, modelKeyRefused, type ChatCompletionMessageParam, type ChatModel } from "./model";
import { offlineSalesperson } from "./offline/salesperson";
import { priceCorrection, systemPrompt } from "./prompt";
import { runTool, TOOL_DEFINITIONS, ToolEvidence } from "./tools";
import { FIGURE_CORRECTION_CALL, type Catalog, type Handoff, type HistoryEntry, type Memory, type ProductView, type QuotationTools, type TurnOutcome } from "./types";

// The shared types live in ./types so the desk and the tools need not import this file; re-exported for callers.
export type { HistoryEntry, TurnOutcome } from "./types";

export interface TurnInput {
  /** Earlier messages, oldest first, already answered. */
  history: HistoryEntry[];
  /** The customer's messages this turn answers, oldest first. */
  pending: string[];
  language: Language;
  customerName: string | null;
  now: Date;
  /** Orders worth at least this much (AED) go to a manager. */
  handoffOrderValueAed?: number;
  /** The active editable system prompt; the built-in default when absent. */
  basePrompt?: string;
  /** The customer's own number: the only phone number a reply may contain. */
  customerPhone?: string;
  /** Profile, rolling summary and last contact. */
  memory?: Memory;
  /** The discount policy: the largest percentage the agent may offer. */
  maxDiscountPercent?: number;
  /** What is on the chat's open quotation, told to the model. */
  quotationNote?: string | null;
}

export interface TurnDeps {
  model: ChatModel | null;
  catalog: Catalog;
  offlineReason?: string | undefined;
  /** The quotation tools for this chat (a `QuotationDesk`). */
  desk?: QuotationTools | undefined;
}

const MAX_MODEL_ROUNDS = 5;

/**
 * Answers the customer's pending messages: the LLM with catalog tools when a model is configured,
 * the offline catalog reply otherwise or when the model fails. Every price the reply states is
 * checked against what the tools returned; a draft that fails is corrected once, then replaced.
 */
export async function runTurn(input: TurnInput, deps: TurnDeps): Promise<TurnOutcome> {
  const customerText = input.pending.join("\n");
  // Rules in code come first: a request for a person, frustration or a discount never waits on a model.
  const byRule = handoffByRules(customerText, input.maxDiscountPercent ?? 0);
  if (byRule) return withHandoff(emptyOutcome(handoffNotice(input.language), "offline", null), byRule, input.language, true);
  if (isOffTopic(customerText)) return { ...emptyOutcome(declineReply(input.language), "offline", null), fallbackReason: "off-topic request declined" };

  const outcome = await answer(input, deps);
  const byValue = handoffByOrderValue(customerText, outcome.evidence.values(), input.handoffOrderValueAed ?? Number.POSITIVE_INFINITY);
  const handoff =
    outcome.evidence.size > 0 && byValue
      ? byValue
      : (outcome.handoff ??
        (outcome.fallbackReason === "LLM failed" ? { reason: "tool_failure" as const, summary: "The AI model failed; the customer got the offline catalog reply." } : null));
  const { evidence: _evidence, ...result } = outcome;
  return handoff ? withHandoff(result, handoff, input.language, false) : result;
}

type AnswerOutcome = TurnOutcome & { evidence: Map<string, ProductView> };

async function answer(input: TurnInput, deps: TurnDeps): Promise<AnswerOutcome> {
  if (!deps.model) return offline(input, deps, deps.offlineReason ?? "no LLM configured");
  const evidence = new ToolEvidence(deps.desk ?? null);
  // What the retailer states (knowledge passages, the desk's figures and messages): its money amounts may be quoted.
  const licensed = () => [...evidence.knowledge, ...(deps.desk?.licensedText ?? [])].join("\n");
  // Every tool result: its numbers (counts, sizes, years) may be repeated, never as a price.
  const toolText = () => evidence.results.join("\n");
  const customerWords = customerText(input);
  const usage: { promptTokens: number; completionTokens: number; costUsd: number; llmMs: number; model?: string } = {
    promptTokens: 0,
    completionTokens: 0,
    costUsd: 0,
    llmMs: 0,
  };
  try {
    const messages = buildMessages(input);
    // Leaks, other people's data, discounts and order claims are screened first (a leak gets the
    // decline, never a second try); then every figure must be grounded, with one correction round.
    const screen = (text: string) =>
      screenReply(text, {
        systemPrompt: String(messages[0]!.content),
        ownPhone: input.customerPhone ?? null,
        maxDiscountPercent: input.maxDiscountPercent ?? 0,
        orderConfirmed: Boolean(deps.desk?.confirmedNumber),
        evidenceText: `${licensed()}\n${toolText()}`,
        customerText: customerWords,
      });
    // Every figure in its role and every promise, against any tool result of the turn (ADR 0019).
    const ground = (text: string) =>
      checkReply(text, {
        products: [...evidence.products.values()],
        customerText: customerWords,
        statements: [...evidence.knowledge, ...(deps.desk?.licensedText ?? [])],
        toolResults: evidence.results,
        maxDiscountPercent: input.maxDiscountPercent ?? 0,
      });
    let draft = await converse(messages, deps, input.language, evidence, usage);
    let violation = screen(draft);
    let check = violation ? null : ground(draft);
    if (check && !check.ok) {
      const figures = [...check.unsupported, ...check.unknownSkus];
      const correction = [figures.length ? priceCorrection(figures) : "", check.commitments.length ? commitmentCorrection(check.commitments) : ""].filter(Boolean).join("\n");
      messages.push({ role: "assistant", content: draft }, { role: "system", content: correction });
      evidence.calls.push({ name: FIGURE_CORRECTION_CALL, ok: false, ms: 0 });
      draft = await converse(messages, deps, input.language, evidence, usage);
      violation = screen(draft);
      check = violation ? null : ground(draft);
    }
    if (violation) {
      log("warn", "turn.reply_blocked", { violation });
      const safe = violation === "prompt_leak" || violation === "tool_leak" || violation === "personal_data"
        ? { ...emptyOutcome(declineReply(input.language), "offline", null), evidence: new Map<string, ProductView>() }
        : await offline(input, { catalog: deps.catalog }, "");
      return { ...safe, ...usage, model: deps.model.model, toolCalls: evidence.calls, fallbackReason: `blocked: ${violation}`, handoff: evidence.handoff };
    }
    if (check && check.commitments.length > 0) {
      // A promise nobody made: the plain reply, and a manager offered for what the customer asked.
      log("warn", "turn.unsupported_commitment", { claims: check.commitments.flatMap((c) => c.unsupported), unsupported: check.unsupported });
      const fallback = await offline(input, { catalog: deps.catalog }, "unsupported commitment");
      return { ...fallback, text: `${fallback.text}\n\n${managerOffer(input.language)}`, ...usage, model: deps.model.model, toolCalls: evidence.calls, handoff: evidence.handoff };
    }
    if (!check?.ok) {
      log("warn", "turn.ungrounded_reply", { unsupported: check?.unsupported, unknownSkus: check?.unknownSkus });
      return { ...(await offline(input, { catalog: deps.catalog }, "ungrounded price")), ...usage, model: deps.model.model, toolCalls: evidence.calls, handoff: evidence.handoff };
    }
    // A shown quotation reaches the customer word for word, whatever the model wrote around it.
    const desk = deps.desk;
    if (desk?.shownText && !draft.includes(desk.shownText)) draft = `${draft}\n\n${desk.shownText}`;
    const deskHandoff = desk?.handoffSummary ? { reason: "order_value" as const, summary: desk.handoffSummary } : null;
    return {
      text: draft,
      mode: "llm",
      ...usage,
      model: usage.model ?? deps.model.model,
      toolCalls: evidence.calls,
      fallbackReason: null,
      handoff: evidence.handoff ?? deskHandoff,
      evidence: evidence.products,
      profileUpdate: evidence.profile,
      shownQuotation: desk?.shown && desk.shownText ? { ...desk.shown, text: desk.shownText } : undefined,
    };
  } catch (error) {
    log("warn", "turn.llm_failed", describeError(error));
    // A refused key is permanent, not a reason to hand the chat over: the offline salesperson
    // sells (with the chat's desk when the model had not used it yet) and staff are told once.
    const refused = modelKeyRefused(error);
    const offlineDeps = refused && evidence.calls.length === 0 ? deps : { catalog: deps.catalog };
    return { ...(await offline(input, offlineDeps, refused ? MODEL_KEY_REFUSED : "LLM failed")), ...usage, model: deps.model.model, toolCalls: evidence.calls, modelFailure: error instanceof ModelCallFailed ? error.kind : "failed" };
  }
}

/**
 * The customer's own words this turn may repeat: earlier and pending messages, plus what the turn
 * was told about them (profile, summary, the open quotation's lines).
 */
function customerText(input: TurnInput): string {
  const earlier = input.history.filter((entry) => entry.role === "customer").map((entry) => entry.text);
  const memory = input.memory ? memoryPrompt(input.memory, input.now) : "";
  return [...earlier, ...input.pending, memory, input.quotationNote ?? ""].join("\n");
}

function withHandoff(outcome: TurnOutcome, handoff: Handoff, language: Language, noticeOnly: boolean): TurnOutcome {
  const notice = handoffNotice(language);
  const text = noticeOnly || outcome.text.includes(notice) ? notice : `${outcome.text}\n\n${notice}`;
  return { ...outcome, text, handoff };
}

function emptyOutcome(text: string, mode: "llm" | "offline", model: string | null): TurnOutcome {
  return { text, mode, model, promptTokens: 0, completionTokens: 0, costUsd: 0, llmMs: 0, toolCalls: [], fallbackReason: null, handoff: null };
}

async function converse(
  messages: ChatCompletionMessageParam[],
  deps: TurnDeps,
  language: Language,
  evidence: ToolEvidence,
  usage: { promptTokens: number; completionTokens: number; costUsd: number; llmMs: number; model?: string },
): Promise<string> {
  const model = deps.model!;
  for (let round = 0; round < MAX_MODEL_ROUNDS; round++) {
    const result = await model.complete({ messages, tools: TOOL_DEFINITIONS });
    usage.promptTokens += result.promptTokens;
    usage.completionTokens += result.completionTokens;
    usage.costUsd += result.costUsd;
    usage.llmMs += result.ms;
    usage.model = result.model;
    const functionCalls = result.toolCalls.filter((call) => call.type === "function");
    if (functionCalls.length === 0) {
      const text = result.text?.trim();
      if (!text) throw new Error("model returned an empty reply");
      return text;
    }
    messages.push({ role: "assistant", content: result.text ?? null, tool_calls: functionCalls });
    for (const call of functionCalls) {
      const content = await runTool(call.function.name, call.function.arguments, { catalog: deps.catalog, language, evidence });
      messages.push({ role: "tool", tool_call_id: call.id, content });
    }
  }
  throw new Error(`model did not finish within ${MAX_MODEL_ROUNDS} rounds`);
}

function buildMessages(input: TurnInput): ChatCompletionMessageParam[] {
  const messages: ChatCompletionMessageParam[] = [
    {
      role: "system",
      content: [
        systemPrompt({
          basePrompt: input.basePrompt,
          language: input.language,
          customerName: input.customerName,
          now: input.now,
          maxDiscountPercent: input.maxDiscountPercent,
        }),
        input.memory ? memoryPrompt(input.memory, input.now) : "",
        input.quotationNote ?? "",
      ]
        .filter(Boolean)
        .join("\n"),
    },
  ];
  for (const entry of input.history) {
    if (entry.role === "customer") messages.push({ role: "user", content: entry.text });
    else messages.push({ role: "assistant", content: entry.role === "manager" ? `[manager] ${entry.text}` : entry.text });
  }
  messages.push({ role: "user", content: input.pending.join("\n") });
  return messages;
}

/**
 * The offline salesperson (src/agent/offline/). With the chat's desk (no model at all) it can
 * quote and confirm; as the fallback after a model failed mid-turn it only advises, since the
 * model may already have changed the quotation.
 */
async function offline(input: TurnInput, deps: Pick<TurnDeps, "catalog" | "desk">, reason: string): Promise<AnswerOutcome> {
  const answer = await offlineSalesperson(
    {
      text: input.pending.join("\n"),
      language: input.language,
      history: input.history,
      quotationNote: input.quotationNote,
      customerName: input.customerName,
      profile: input.memory?.profile ?? {},
    },
    { catalog: deps.catalog, desk: deps.desk },
  ).catch((error: unknown) => {
    log("warn", "turn.offline_failed", describeError(error));
    return null;
  });
  if (!answer) {
    const outcome = emptyOutcome(offlineUnavailable(input.language), "offline", null);
    return { ...outcome, fallbackReason: reason, handoff: { reason: "tool_failure", summary: "The offline assistant failed." }, evidence: new Map() };
  }
  const desk = deps.desk;
  return {
    ...emptyOutcome(answer.text, "offline", null),
    // What the rules understood is recorded with the calls, so a turn's record says why it answered as it did.
    toolCalls: [{ name: `understood:${answer.intent}`, ok: true, ms: 0 }, ...answer.toolCalls],
    fallbackReason: reason,
    handoff: answer.handoff,
    profileUpdate: answer.profileUpdate,
    shownQuotation: desk?.shown && desk.shownText && answer.text.includes(desk.shownText) ? { ...desk.shown, text: desk.shownText } : undefined,
    evidence: new Map(answer.products.map((p) => [p.id, p])),
  };
}

function offlineUnavailable(language: Language): string {
  return language === "ar" ? "عذراً، حدث خطأ لدينا." : "Sorry, something went wrong on our side.";
}
