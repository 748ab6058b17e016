import type { Language } from "../domain/language";
import { describeError, log } from "../../lib/log";
import { handoffByOrderValue, handoffByRules, handoffNotice } from "./handoff";
import { commitmentCorrection } from "./reply-checks/commitments";
import { checkReply } from "./grounding";
import { declineReply, isOffTopic, managerOffer, screenReply } from "./guardrails";
import { converse, emptyUsage, type Continuation } from "./converse";
import { memoryPrompt } from "./memory";
import { MODEL_KEY_REFUSED, ModelCallFailed, modelKeyRefused, type ChatCompletionMessageParam, type ChatModel } from "./model";
import { offlineSalesperson } from "./offline/salesperson";
import { prefetch, type Prefetched } from "./prefetch";
import { priceCorrection, sharedPrompt, turnPrompt } from "./prompt";
import { ToolEvidence } from "./tools";
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
  /** What the Zoho order history says of this customer (src/core/analytics/agent-context.ts): segment and last order. */
  customerHistory?: string | null;
  /**
   * Retrieval before the model (setting `preRetrieval`): the search the messages call for
   * (src/core/agent/retrieval.ts) runs first and the model reads its results as its own call's.
   */
  preRetrieval?: boolean;
}

export interface TurnDeps {
  model: ChatModel | null;
  catalog: Catalog;
  offlineReason?: string | undefined;
  /** The quotation tools for this chat (a `QuotationDesk`). */
  desk?: QuotationTools | undefined;
  /** The pre-run search, already started by the caller alongside the rest of its preparation (else started here when `preRetrieval`). */
  prefetch?: Promise<Prefetched | null> | undefined;
  /**
   * A turn that continues (setting `continuedTurns`): the customer's messages that arrived since
   * the turn began or last asked, oldest first (empty when none). They join this same reply.
   */
  moreMessages?: (() => Promise<string[]>) | undefined;
}

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
  const heard = outcome.heard.join("\n");
  if (outcome.heard.length > input.pending.length) {
    // Messages the turn took in while the model worked get the same rules as the first ones.
    const lateRule = handoffByRules(heard, input.maxDiscountPercent ?? 0);
    if (lateRule) return withHandoff({ ...emptyOutcome(handoffNotice(input.language), "offline", null), ...usageOf(outcome) }, lateRule, input.language, true);
  }
  const byValue = handoffByOrderValue(heard, outcome.evidence.values(), input.handoffOrderValueAed ?? Number.POSITIVE_INFINITY);
  const handoff =
    outcome.evidence.size > 0 && byValue
      ? byValue
      : (outcome.handoff ??
        (outcome.fallbackReason === "LLM failed" ? { reason: "tool_failure" as const, summary: "The AI model failed; the customer got the offline catalog reply." } : null));
  const { evidence: _evidence, heard: _heard, ...result } = outcome;
  return handoff ? withHandoff(result, handoff, input.language, false) : result;
}

/** A turn's answer with its evidence and every customer message it answers (`heard`: the pending ones and any taken in later). */
type AnswerOutcome = TurnOutcome & { evidence: Map<string, ProductView>; heard: string[] };

/** The usage fields of an outcome, for a reply that replaces it. */
function usageOf(outcome: TurnOutcome): Pick<TurnOutcome, "promptTokens" | "completionTokens" | "costUsd" | "llmMs" | "cachedTokens" | "modelCalls" | "model" | "toolCalls"> {
  const { promptTokens, completionTokens, costUsd, llmMs, cachedTokens, modelCalls, model, toolCalls } = outcome;
  return { promptTokens, completionTokens, costUsd, llmMs, cachedTokens, modelCalls, model, toolCalls };
}

async function answer(input: TurnInput, deps: TurnDeps): Promise<AnswerOutcome> {
  if (!deps.model) return { ...(await offline(input, deps, deps.offlineReason ?? "no LLM configured")), heard: input.pending };
  const model = deps.model;
  const evidence = new ToolEvidence(deps.desk ?? null);
  // The customer's messages this turn answers; a continued turn adds those that arrive meanwhile.
  const heard = [...input.pending];
  const turnInput = { ...input, pending: heard };
  // What the retailer states (knowledge passages, the desk's figures and messages): its money amounts may be quoted.
  const licensed = () => [...evidence.knowledge, ...(deps.desk?.licensedText ?? [])].join("\n");
  // Every tool result: its numbers (counts, sizes, years) may be repeated, never as a price.
  const toolText = () => evidence.results.join("\n");
  const customerWords = () => customerText(turnInput);
  const usage = emptyUsage();
  const spent = () => {
    const { calls, ...totals } = usage;
    return { ...totals, modelCalls: calls, continuedWith: heard.length - input.pending.length };
  };
  try {
    const messages = buildMessages(input);
    const pre = await (deps.prefetch ?? (input.preRetrieval ? prefetch(input, deps.catalog) : null));
    if (pre) {
      evidence.absorb(pre.evidence);
      messages.push(...pre.messages);
    }
    const continuation: Continuation | null = deps.moreMessages
      ? {
          extraCalls: 1,
          absorb: async (list) => {
            const fresh = (await deps.moreMessages!()).filter((text) => text.trim());
            if (fresh.length === 0) return false;
            const earlier = heard.map((text) => ({ role: "customer" as const, text }));
            heard.push(...fresh);
            list.push({ role: "user", content: fresh.join("\n") });
            if (input.preRetrieval) {
              const more =
                (await prefetch({ ...input, pending: fresh, history: [...input.history, ...earlier] }, deps.catalog)) ??
                (await prefetch({ ...input, pending: heard }, deps.catalog));
              if (more) {
                evidence.absorb(more.evidence);
                list.push(...more.messages);
              }
            }
            return true;
          },
        }
      : null;
    const context = { model, catalog: deps.catalog, language: input.language, evidence, usage, continuation };
    // Our own prompt, as built: a correction added below quotes the draft and is no prompt to guard.
    const ownPrompt = messages.filter((m) => m.role === "system").map((m) => String(m.content)).join("\n");
    // Leaks, other people's data, discounts and order claims are screened first (a leak gets the
    // decline, never a second try); then every figure must be grounded, with one correction round.
    const screen = (text: string) =>
      screenReply(text, {
        systemPrompt: ownPrompt,
        ownPhone: input.customerPhone ?? null,
        maxDiscountPercent: input.maxDiscountPercent ?? 0,
        orderConfirmed: Boolean(deps.desk?.confirmedNumber),
        evidenceText: `${licensed()}\n${toolText()}`,
        customerText: customerWords(),
      });
    // Every figure in its role and every promise, against any tool result of the turn, pre-run
    // searches included (ADR 0019, ADR 0018).
    const ground = (text: string) =>
      checkReply(text, {
        products: [...evidence.products.values()],
        customerText: customerWords(),
        statements: [...evidence.knowledge, ...(deps.desk?.licensedText ?? []), ...(input.customerHistory ? [input.customerHistory] : [])],
        toolResults: evidence.results,
        maxDiscountPercent: input.maxDiscountPercent ?? 0,
      });
    let draft = await converse(messages, context);
    let violation = screen(draft);
    let check = violation ? null : ground(draft);
    if (check && !check.ok) {
      const figures = [...check.unsupported, ...check.unknownSkus];
      const correction = [figures.length ? priceCorrection(figures) : "", check.commitments.length ? commitmentCorrection(check.commitments) : ""].filter(Boolean).join("\n");
      messages.push({ role: "assistant", content: draft }, { role: "system", content: correction });
      evidence.calls.push({ name: FIGURE_CORRECTION_CALL, ok: false, ms: 0 });
      draft = await converse(messages, context);
      violation = screen(draft);
      check = violation ? null : ground(draft);
    }
    if (violation) {
      log("warn", "turn.reply_blocked", { violation });
      const safe = violation === "prompt_leak" || violation === "tool_leak" || violation === "personal_data"
        ? { ...emptyOutcome(declineReply(input.language), "offline", null), evidence: new Map<string, ProductView>() }
        : await offline(turnInput, { catalog: deps.catalog }, "");
      return { ...safe, ...spent(), model: model.model, toolCalls: evidence.calls, fallbackReason: `blocked: ${violation}`, handoff: evidence.handoff, heard };
    }
    if (check && check.commitments.length > 0) {
      // A promise nobody made: the plain reply, and a manager offered for what the customer asked.
      log("warn", "turn.unsupported_commitment", { claims: check.commitments.flatMap((c) => c.unsupported), unsupported: check.unsupported });
      const fallback = await offline(turnInput, { catalog: deps.catalog }, "unsupported commitment");
      return { ...fallback, text: `${fallback.text}\n\n${managerOffer(input.language)}`, ...spent(), model: model.model, toolCalls: evidence.calls, handoff: evidence.handoff, heard };
    }
    if (!check?.ok) {
      log("warn", "turn.ungrounded_reply", { unsupported: check?.unsupported, unknownSkus: check?.unknownSkus });
      return { ...(await offline(turnInput, { catalog: deps.catalog }, "ungrounded price")), ...spent(), model: model.model, toolCalls: evidence.calls, handoff: evidence.handoff, heard };
    }
    // A shown quotation reaches the customer word for word, whatever the model wrote around it.
    const desk = deps.desk;
    if (desk?.shownText && !draft.includes(desk.shownText)) draft = `${draft}\n\n${desk.shownText}`;
    const deskHandoff = desk?.handoffSummary ? { reason: "order_value" as const, summary: desk.handoffSummary } : null;
    return {
      text: draft,
      mode: "llm",
      ...spent(),
      model: usage.model ?? model.model,
      toolCalls: evidence.calls,
      fallbackReason: null,
      handoff: evidence.handoff ?? deskHandoff,
      evidence: evidence.products,
      profileUpdate: evidence.profile,
      shownQuotation: desk?.shown && desk.shownText ? { ...desk.shown, text: desk.shownText } : undefined,
      heard,
    };
  } catch (error) {
    log("warn", "turn.llm_failed", describeError(error));
    // A refused key is permanent, not a reason to hand the chat over: the offline salesperson
    // sells (with the chat's desk when the model had not used it yet) and staff are told once.
    const refused = modelKeyRefused(error);
    const deskUnused = evidence.calls.every((call) => call.prefetched);
    const offlineDeps = refused && deskUnused ? deps : { catalog: deps.catalog };
    return {
      ...(await offline(turnInput, offlineDeps, refused ? MODEL_KEY_REFUSED : "LLM failed")),
      ...spent(),
      model: model.model,
      toolCalls: evidence.calls,
      heard,
      modelFailure: error instanceof ModelCallFailed ? error.kind : "failed",
    };
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

function buildMessages(input: TurnInput): ChatCompletionMessageParam[] {
  // What all customers share comes first (after the tools) so a provider's prompt cache can reuse it; then this customer's and this day's part.
  const messages: ChatCompletionMessageParam[] = [
    { role: "system", content: sharedPrompt(input) },
    {
      role: "system",
      content: [turnPrompt(input), input.customerHistory ?? "", input.memory ? memoryPrompt(input.memory, input.now) : "", input.quotationNote ?? ""].filter(Boolean).join("\n"),
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
 * The offline salesperson (src/core/agent/offline/). With the chat's desk (no model at all) it can
 * quote and confirm; as the fallback after a model failed mid-turn it only advises, since the
 * model may already have changed the quotation.
 */
async function offline(input: TurnInput, deps: Pick<TurnDeps, "catalog" | "desk">, reason: string): Promise<TurnOutcome & { evidence: Map<string, ProductView> }> {
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
