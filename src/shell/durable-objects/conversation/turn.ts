import type { Database } from "../../../adapters/db/client";
import { recordTurn } from "../../../adapters/db/conversations-repo";
import { markQuotationSeen } from "../../../adapters/db/quotations-repo";
import { managerNotification } from "../../../core/agent/handoff";
import { describeForModel, mediaKind, mediaOnlyReply } from "../../../core/agent/media";
import { prefetch, type Prefetched } from "../../../core/agent/prefetch";
import { runTurn, type TurnOutcome } from "../../../core/agent/turn";
import type { Language } from "../../../core/domain/language";
import { log } from "../../../lib/log";
import { QuotationDesk } from "../../../app/orders/desk";
import { afterHoursHandoff } from "./after-hours";
import type { ConversationHost } from "./host";
import { noteModelHealth } from "./model-health";
import type { PostgresMirror } from "./mirror";
import type { Outbox } from "./outbox";
import type { StoredMessage } from "./store";
import * as context from "./turn-context";

/** How often a turn starts over to include messages that arrived while it was generating (setting `continuedTurns` off). */
const MAX_REGENERATIONS = 2;

/**
 * A turn: the customer's pending messages answered once, in order. Limits and the channel's
 * window are checked, voice notes transcribed, the model (or the offline salesperson) asked with
 * the catalog and quotation tools, the reply recorded in the outbox before it is sent, and the
 * turn's accounting written. Anything that arrives meanwhile is folded into the same reply.
 */
export class TurnRunner {
  constructor(
    private readonly host: ConversationHost,
    private readonly outbox: Outbox,
    private readonly mirror: PostgresMirror,
  ) {}

  async answer(db: Database, initialPending: StoredMessage[]): Promise<void> {
    const { store, limits, handoffs } = this.host;
    const chat = this.host.chat();
    if (!chat) throw new Error("conversation has pending messages but no chat address");
    const started = Date.now();
    let pending = initialPending;
    // A repeated alarm after a reply was recorded (the outbox sends it if needed): the messages it
    // answers are settled, and only what came after them is answered now.
    const answeredUpTo = [...pending].reverse().find((m) => store.get(`reply-${m.id}`));
    if (answeredUpTo) {
      store.settlePending(answeredUpTo.seq, "answered");
      pending = store.pendingInbound();
      if (pending.length === 0) return;
    }
    const shared = await context.refreshSharedState(this.host, db);
    const last = () => pending[pending.length - 1]!;
    const windowMs = this.host.services.channel(chat.channel).capabilities.freeFormWindowMs;
    if (limits.windowClosed(shared.settings, Date.now(), windowMs)) {
      // Not attempted: the channel would refuse it (24_HOURS_EXCEEDED). Kept for a manager's template message.
      store.insertOutbound(`reply-${last().id}`, "agent", "(not sent: the WhatsApp 24-hour window is closed)", "failed", null, { error: "WINDOW_CLOSED" });
      store.settlePending(last().seq, "held");
      log("info", "conversation.window_closed", { chat: this.host.maskedChat() });
      return;
    }
    if (limits.overDailyBudget(shared.settings)) {
      store.settlePending(last().seq, "limited");
      const notice = limits.noticeDue("daily");
      if (notice) this.outbox.enqueue(`notice-daily-${last().id}`, "agent", notice);
      return;
    }
    await context.transcribeVoiceNotes(this.host, pending);
    pending = store.pendingInbound().filter((m) => m.seq <= last().seq);
    const overTokenCap = shared.tokensToday >= shared.settings.dailyTokenCap;
    // The open quotation, read once for the pre-run search and the model's first call.
    const note = this.openQuotationNote(db);
    // Retrieval before the model runs while the rest of the turn is prepared.
    const prepared = shared.settings.preRetrieval && !overTokenCap ? this.prefetchFor(db, pending, note) : undefined;
    let outcome: TurnOutcome;
    // What Postgres knows of the customer is read before this chat's first write can touch it.
    await this.mirror.rememberCustomer(db);
    await this.mirror.ensureRows(db);
    await context.updateSummary(this.host, pending[0]!.seq, overTokenCap);
    const settings = this.host.settings();
    if (settings.continuedTurns) {
      // Messages arriving while the model works join this turn (src/core/agent/converse.ts); any after its last call wait for the next turn.
      outcome = await this.generate(db, pending, overTokenCap, shared, {
        prepared,
        note,
        arrived: async () => {
          const fresh = await this.arrivedSince(last().seq);
          pending = [...pending, ...fresh];
          return fresh;
        },
      });
    } else {
      outcome = await this.generate(db, pending, overTokenCap, shared, { prepared, note });
      // A message that arrived while the model was working: start over so one reply covers all.
      for (let regeneration = 0; regeneration < MAX_REGENERATIONS; regeneration++) {
        const latest = store.pendingInbound();
        if (latest.length === 0 || latest[latest.length - 1]!.seq === last().seq) break;
        await context.transcribeVoiceNotes(this.host, latest);
        pending = store.pendingInbound();
        outcome = addUsage(await this.generate(db, pending, overTokenCap, shared), outcome);
      }
    }
    const replyId = `reply-${last().id}`;
    if (handoffs.current()) {
      // A manager took the chat while the model worked: the draft is dropped, the messages are theirs.
      store.settlePending(last().seq, "held");
      return;
    }
    // Outside business hours a handoff tells the customer when a person will answer.
    const closed = outcome.handoff ? afterHoursHandoff(shared.settings, outcome.handoff, store.getValue("language") ?? "en", Date.now()) : null;
    this.outbox.enqueue(replyId, "agent", closed ? `${outcome.text}\n\n${closed.note}` : outcome.text);
    // The quotation this reply shows counts as seen from now: only later messages can confirm it.
    const shown = outcome.shownQuotation;
    if (shown && outcome.text.includes(shown.text)) await markQuotationSeen(db, shown.quotationId, shown.version, new Date(store.get(replyId)!.receivedAt));
    limits.countTurn();
    context.learnProfile(this.host, outcome.profileUpdate);
    store.settlePending(last().seq, "answered");
    if (outcome.handoff) {
      const handoff = closed?.handoff ?? outcome.handoff;
      handoffs.start(handoff, last().id);
      // Whatever the customer wrote and the bot has not answered is now the manager's.
      store.settlePending(Number.MAX_SAFE_INTEGER, "held");
      log("info", "conversation.handoff", { reason: handoff.reason, afterHours: closed !== null, chat: this.host.maskedChat() });
      const customerName = store.getValue("contactName") ?? null;
      if (!closed || closed.page) this.outbox.notifyManagers(`handoff-${last().id}`, managerNotification({ chatId: chat.chatId, customerName, handoff }));
    }
    // A new reply is a reason to try the channel again, whatever the backoff of older ones.
    await this.outbox.flush(true);
    await noteModelHealth(this.host, this.outbox, db, outcome);
    const conversationId = await this.mirror.write(db);
    await recordTurn(db, {
      conversationId,
      replyCrmMessageId: replyId,
      mode: outcome.mode,
      model: outcome.model,
      language: store.getValue("language") ?? "en",
      promptTokens: outcome.promptTokens,
      completionTokens: outcome.completionTokens,
      costUsd: outcome.costUsd,
      llmMs: outcome.llmMs,
      cachedTokens: outcome.cachedTokens ?? 0,
      modelCalls: outcome.modelCalls ?? [],
      totalMs: Date.now() - started,
      toolCalls: outcome.toolCalls,
      fallbackReason: outcome.fallbackReason,
    });
  }

  /** What the chat's open quotation holds, for the model (never rejects); null before the chat has a conversation row. */
  private openQuotationNote(db: Database): QuotationNote | null {
    const conversationId = this.host.store.getValue("conversationId");
    return conversationId ? { conversationId, note: QuotationDesk.summaryFor(db, conversationId).catch(() => null) } : null;
  }

  /** The search the pending messages call for, started before the turn's other preparation (never rejects). */
  private async prefetchFor(db: Database, pending: StoredMessage[], note: QuotationNote | null): Promise<Prefetched | null> {
    const worded = pending.filter((m) => m.text).map((m) => m.text!);
    if (worded.length === 0) return null;
    const language = context.updateLanguage(this.host, worded.join("\n"));
    // The open quotation tells "change it to 4" (no search) from a product request.
    const quotationNote = note ? await note.note : null;
    return prefetch({ pending: worded, history: context.history(this.host, pending[0]!.seq), quotationNote, language }, this.host.services.catalog(db)).catch(() => null);
  }

  /**
   * Customer messages that arrived after `seq` and are still pending, voice notes transcribed;
   * none once a manager has taken the chat (the turn then ends and its messages are held).
   */
  private async arrivedSince(seq: number): Promise<StoredMessage[]> {
    const { store, handoffs } = this.host;
    if (handoffs.current()) return [];
    const fresh = store.pendingInbound().filter((m) => m.seq > seq);
    if (fresh.length === 0) return [];
    await context.transcribeVoiceNotes(this.host, fresh);
    const upTo = fresh[fresh.length - 1]!.seq;
    return store.pendingInbound().filter((m) => m.seq > seq && m.seq <= upTo);
  }

  /**
   * One answer to `pending`. The turn's first call brings the pre-run search (`prepared`), the
   * quotation note read at its start (`note`; read again when the chat's conversation changed or
   * for a regeneration) and, with continued turns, `arrived`.
   */
  private async generate(
    db: Database,
    pending: StoredMessage[],
    overTokenCap: boolean,
    shared: context.SharedState,
    first: { prepared?: Promise<Prefetched | null> | undefined; note?: QuotationNote | null; arrived?: () => Promise<StoredMessage[]> } = {},
  ): Promise<TurnOutcome> {
    const { prepared, arrived } = first;
    const { store } = this.host;
    const worded = pending.filter((m) => m.text);
    const language = worded.length > 0 ? context.updateLanguage(this.host, worded.map((m) => m.text).join("\n")) : (store.getValue("language") ?? "en");
    if (worded.length === 0) {
      // Nothing to read (photos, failed voice notes, stickers): answer sensibly without a model.
      return mediaOutcome(mediaOnlyReply(pending.map((m) => mediaKind(m.type)), language));
    }
    const catalog = this.host.services.catalog(db);
    const live = [...pending];
    const desk = context.quotationDesk(this.host, { db, catalog, language, pending: () => live });
    const conversationId = store.getValue("conversationId");
    const read = first.note?.conversationId === conversationId ? first.note : null;
    const quotationNote = desk ? await (read?.note ?? QuotationDesk.summaryFor(db, conversationId!).catch(() => null)) : null;
    const settings = this.host.settings();
    const text = (m: StoredMessage) => m.text ?? describeForModel(mediaKind(m.type));
    // The order history's word on this customer (segment, last order); nothing before a run saw them.
    const customerId = store.getValue("customerId");
    const customerHistory = customerId ? await context.customerHistory(this.host, db, customerId, shared.analyticsRunEnd) : null;
    return runTurn(
      {
        history: context.history(this.host, pending[0]!.seq),
        pending: pending.map(text),
        language,
        customerName: store.getValue("contactName") ?? null,
        now: new Date(),
        handoffOrderValueAed: settings.handoffOrderValueAed,
        maxDiscountPercent: settings.maxDiscountPercent,
        basePrompt: shared.basePrompt,
        customerPhone: store.getValue("phone") ?? undefined,
        memory: context.memory(this.host),
        quotationNote,
        customerHistory,
        preRetrieval: settings.preRetrieval,
      },
      {
        model: overTokenCap ? null : this.host.services.chatModel(),
        catalog,
        offlineReason: overTokenCap ? "daily LLM token cap reached" : undefined,
        desk: desk ?? undefined,
        prefetch: prepared,
        moreMessages: arrived
          ? async () => {
              const fresh = await arrived();
              // The desk decides confirmations on every message the reply answers.
              live.push(...fresh);
              return fresh.map(text);
            }
          : undefined,
      },
    );
  }
}

/** The open quotation's note for the model, read for one conversation row. */
interface QuotationNote {
  conversationId: string;
  note: Promise<string | null>;
}

/** The final outcome, charged with the tokens, cost and model time of a draft it replaced. */
function addUsage(outcome: TurnOutcome, discarded: TurnOutcome): TurnOutcome {
  return {
    ...outcome,
    promptTokens: outcome.promptTokens + discarded.promptTokens,
    completionTokens: outcome.completionTokens + discarded.completionTokens,
    costUsd: outcome.costUsd + discarded.costUsd,
    llmMs: outcome.llmMs + discarded.llmMs,
    cachedTokens: (outcome.cachedTokens ?? 0) + (discarded.cachedTokens ?? 0),
    modelCalls: [...(discarded.modelCalls ?? []), ...(outcome.modelCalls ?? [])],
  };
}

function mediaOutcome(text: string): TurnOutcome {
  return { text, mode: "offline", model: null, promptTokens: 0, completionTokens: 0, costUsd: 0, llmMs: 0, toolCalls: [], fallbackReason: "media without text", handoff: null };
}
