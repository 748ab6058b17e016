import { DurableObject } from "cloudflare:workers";
import { withDatabase, type Database } from "../src/adapters/db/client";
import {
  conversationCustomerId,
  ensureConversation,
  insertMessages,
  loadCustomerProfile,
  recordHandoff,
  recordTurn,
  resolveHandoffs,
  setConversationLanguage,
  updateCustomerProfile,
  type MirroredMessage,
} from "../src/adapters/db/conversations-repo";
import { openCatalog } from "../src/catalog/catalog";
import { markQuotationSeen } from "../src/adapters/db/quotations-repo";
import { activePrompt } from "../src/adapters/db/prompts-repo";
import { loadAgentSettingOverrides, tokensUsedToday } from "../src/adapters/db/settings-repo";
import { OpenRouterModel } from "../src/adapters/llm/openrouter";
import { WazzupClient, type SendResult } from "../src/adapters/wazzup/client";
import { MANAGER_NOTIFICATION_PREFIX, type Handoff } from "../src/agent/handoff";
import { customerProfileSchema, summarize, type CustomerProfile, type Memory } from "../src/agent/memory";
import { describeForModel, mediaKind, mediaOnlyReply } from "../src/agent/media";
import { describeNonText } from "../src/agent/offline";
import { transcribeVoiceNote } from "../src/adapters/transcription/whisper";
import { runTurn, type HistoryEntry, type TurnOutcome } from "../src/agent/turn";
import { getConfig, type Config } from "../src/config";
import { crmFollowsProfile } from "../src/crm/sync";
import { enqueueZohoJob, sendZohoJob } from "../src/jobs/enqueue";
import { QuotationDesk } from "../src/orders/desk";
import { customerSaid, managerOrderPlaced, ORDER_NOTIFICATION_PREFIX, type OrderNotice } from "../src/orders/messages";
import { detectLanguage, type Language } from "../src/domain/language";
import { ANSWERED_CHAT_TYPES, type ChatAddress, type IncomingMessage } from "../src/domain/message";
import { defaultSettings, effectiveSettings, type AgentSettings } from "../src/domain/settings";
import { describeError, log, maskPhone } from "../src/lib/log";
import { ConversationStore, type StoredMessage } from "./conversation-store";
import { CustomerLimits } from "./customer-limits";
import { HandoffTracker, type HandoffState } from "./handoff-state";

export interface ReceiveResult {
  /** Messages stored for the first time. */
  accepted: number;
  /** Messages seen before (Wazzup retries, concurrent copies) and not processed again. */
  duplicates: number;
  /** Echoes of messages we sent ourselves. */
  ownEchoes: number;
}

export interface ConversationSnapshot {
  chat: ChatAddress | null;
  language: Language | null;
  messages: number;
  pending: number;
  sending: number;
  turnRunning: boolean;
  alarmAt: number | null;
  consecutiveFailures: number;
  handoff: HandoffState | null;
}


const HISTORY_MESSAGES = 20;
const TURNS_PER_ALARM = 5;
/** How often a turn starts over to include messages that arrived while it was generating. */
const MAX_REGENERATIONS = 2;
const MAX_RETRY_DELAY_MS = 5 * 60_000;
/** Sends of one message before it is marked failed (the alarm backs off between them). */
const MAX_SEND_ATTEMPTS = 10;

/** Thrown when Wazzup could not take a reply for a reason that may pass (429, 5xx, network). */
class RetryableSendError extends Error {
  override name = "RetryableSendError";
}

/** Settings and the day's token use, read at most every SETTINGS_TTL_MS per isolate. */
let sharedState: { settings: AgentSettings; tokensToday: number; basePrompt: string | undefined; readAt: number } | null = null;

/**
 * One object per WhatsApp chat. `receive` stores messages durably and deduplicates them (the
 * webhook acknowledges only after it returns) and applies the per-customer rate limit; the alarm
 * answers a burst of pending messages once and in order, mirrors everything to Postgres and
 * sends the reply through Wazzup.
 */
export class ConversationDurableObject extends DurableObject<Env> {
  private readonly store: ConversationStore;
  private readonly handoffs: HandoffTracker;
  private readonly limits: CustomerLimits;
  private turnRunning = false;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.store = new ConversationStore(ctx.storage.sql);
    this.handoffs = new HandoffTracker(this.store);
    this.limits = new CustomerLimits(this.store);
  }

  /** Stores the chat's new messages (in the order given) and schedules the work they need. */
  async receive(messages: IncomingMessage[]): Promise<ReceiveResult> {
    const result: ReceiveResult = { accepted: 0, duplicates: 0, ownEchoes: 0 };
    const settings = this.settings();
    const now = Date.now();
    let newPending = false;
    for (const message of messages) {
      this.rememberChat(message);
      if (message.isEcho) {
        const outcome = this.recordEcho(message);
        if (outcome === "own") result.ownEchoes++;
        else if (outcome === "duplicate") result.duplicates++;
        else result.accepted++;
        continue;
      }
      if (this.store.has(message.id)) {
        result.duplicates++;
        continue;
      }
      const answerable = ANSWERED_CHAT_TYPES.has(message.chat.chatType) && !message.isDeleted;
      this.limits.customerWrote(message.sentAt, now);
      if (answerable && this.handoffs.current()) {
        // A manager has the chat: keep the message for them and the history, answer nothing.
        this.store.insertInbound(message, "held", now);
        result.accepted++;
        continue;
      }
      const overRate = answerable && this.limits.overRate(now, settings);
      this.store.insertInbound(message, !answerable ? "ignored" : overRate ? "limited" : "pending", now);
      result.accepted++;
      if (overRate) this.limits.queueNotice("rate", message.id);
      else newPending ||= answerable;
    }
    await this.scheduleAfterReceive(newPending, result.accepted > 0, settings, now);
    return result;
  }

  /** State for the admin panel and for tests waiting on a turn. */
  async snapshot(): Promise<ConversationSnapshot> {
    const counts = this.store.counts();
    return {
      chat: this.store.getValue<ChatAddress>("chat") ?? null,
      language: this.store.getValue<Language>("language") ?? null,
      messages: counts.total,
      pending: counts.pending,
      sending: counts.sending,
      turnRunning: this.turnRunning,
      alarmAt: await this.ctx.storage.getAlarm(),
      consecutiveFailures: this.store.getValue<number>("failures") ?? 0,
      handoff: this.handoffs.current(),
    };
  }

  /** Admin takeover from the panel: the bot goes quiet as if a manager had written. */
  async takeOver(summary: string): Promise<void> {
    if (!this.handoffs.current()) this.startHandoff({ reason: "admin", summary }, `admin-${Date.now()}`);
    await this.ctx.storage.setAlarm(Date.now());
  }

  /** Admin action: the bot answers again from the next customer message. */
  async resume(): Promise<void> {
    if (this.handoffs.current()) this.endHandoff();
    await this.ctx.storage.setAlarm(Date.now());
  }

  /**
   * The sale order job's report: the customer gets the sale order number and the quotation
   * document, managers a notification. Message ids derive from the quotation, so a repeated
   * report (a redelivered job) sends nothing twice.
   */
  async orderPlaced(notice: OrderNotice): Promise<void> {
    const chat = this.store.getValue<ChatAddress>("chat");
    if (!chat) throw new Error("order notice for a conversation without a chat address");
    const text = customerSaid("ordered", notice.language, { number: notice.quotationNumber, salesorderNumber: notice.salesorderNumber, totalAed: notice.totalAed });
    this.store.insertOutbound(`order-${notice.quotationId}`, "system", text, "sending");
    if (notice.documentUrl) {
      this.store.insertOutbound(`order-doc-${notice.quotationId}`, "system", `Quotation ${notice.quotationNumber}`, "sending", null, null, { contentUri: notice.documentUrl });
    }
    const managerText = managerOrderPlaced(notice, chat.chatId);
    for (const phone of this.settings().managerPhones) {
      this.store.insertOutbound(`order-mgr-${notice.quotationId}-${phone}`, "system", managerText, "sending", null, { to: phone });
    }
    await this.wakeSoon();
  }

  /** A message to every manager, queued in this chat's outbox under ids built from `idPrefix` (sent once). */
  async notifyManagers(idPrefix: string, text: string): Promise<void> {
    for (const phone of this.settings().managerPhones) {
      this.store.insertOutbound(`${idPrefix}-${phone}`, "system", text, "sending", null, { to: phone });
    }
    await this.wakeSoon();
  }

  private async wakeSoon(): Promise<void> {
    const current = await this.ctx.storage.getAlarm();
    if (current === null || current > Date.now() + 1000) await this.ctx.storage.setAlarm(Date.now());
  }

  /** Alarms run at least once; everything below is idempotent against a repeat. */
  override async alarm(): Promise<void> {
    if (this.turnRunning) {
      // A manual alarm run (admin, tests) overlapped a scheduled one: come back when it is done.
      await this.ctx.storage.setAlarm(Date.now() + 1000);
      return;
    }
    this.turnRunning = true;
    try {
      const config = getConfig(this.env);
      const resumeAt = this.handoffs.resumeAt(this.settings().handoffQuietMinutes);
      if (resumeAt !== null && Date.now() >= resumeAt) this.endHandoff();
      await this.flushOutbox(config);
      for (let turn = 0; turn < TURNS_PER_ALARM && !this.handoffs.current(); turn++) {
        const pending = this.store.pendingInbound();
        if (pending.length === 0) break;
        await this.answer(config, pending);
      }
      await this.mirrorIfNeeded(config);
      this.store.setValue("failures", 0);
      const nextResume = this.handoffs.resumeAt(this.settings().handoffQuietMinutes);
      const moreWork = (this.store.hasPending() && !this.handoffs.current()) || this.store.hasUnsynced();
      if (moreWork) await this.ctx.storage.setAlarm(Date.now());
      else if (this.store.outbox().length > 0) await this.ctx.storage.setAlarm(Date.now() + 30_000);
      else if (nextResume !== null) await this.ctx.storage.setAlarm(Math.max(nextResume, Date.now() + 1000));
    } catch (error) {
      const failures = (this.store.getValue<number>("failures") ?? 0) + 1;
      this.store.setValue("failures", failures);
      const delay = Math.min(MAX_RETRY_DELAY_MS, 1000 * 2 ** Math.min(failures, 10));
      log("error", "conversation.turn_failed", { ...describeError(error), failures, retryInMs: delay, chat: this.maskedChat() });
      await this.ctx.storage.setAlarm(Date.now() + delay);
    } finally {
      this.turnRunning = false;
    }
  }

  /**
   * Bursts: each new message pushes the turn to `burstWaitMs` from now, but never past
   * `maxBurstWaitMs` after the burst's first message. A running turn picks new messages up itself.
   */
  private async scheduleAfterReceive(newPending: boolean, anyStored: boolean, settings: AgentSettings, now: number): Promise<void> {
    const current = await this.ctx.storage.getAlarm();
    if (newPending && !this.turnRunning) {
      const burstStart = current === null ? now : (this.store.getValue<number>("burstStart") ?? now);
      if (current === null) this.store.setValue("burstStart", now);
      const due = Math.min(now + settings.burstWaitMs, burstStart + settings.maxBurstWaitMs);
      if (current === null || due > current) await this.ctx.storage.setAlarm(Math.max(due, now));
      return;
    }
    // Anything else stored (a manager's echo, a held, limited or ignored message, a queued notice)
    // has to reach Postgres and the outbox soon, even while the handoff's resume alarm is far off;
    // and pending work left by an earlier failed delivery must never sit without an alarm.
    if (current !== null && current <= now + 1000) return;
    const pendingWork = current === null && !this.handoffs.current() && this.store.hasPending();
    if (anyStored || pendingWork) await this.ctx.storage.setAlarm(now);
  }

  private async answer(config: Config, initialPending: StoredMessage[]): Promise<void> {
    const chat = this.store.getValue<ChatAddress>("chat");
    if (!chat) throw new Error("conversation has pending messages but no chat address");
    const started = Date.now();

    // One connection per turn: settings, catalog tools, then the mirror and the accounting.
    await withDatabase(config, async (db) => {
      let pending = initialPending;
      // A repeated alarm after a reply was recorded (flushOutbox resent it if needed): the messages
      // it answers are settled, and only what came after them is answered now.
      const answeredUpTo = [...pending].reverse().find((m) => this.store.get(`reply-${m.id}`));
      if (answeredUpTo) {
        this.store.settlePending(answeredUpTo.seq, "answered");
        pending = this.store.pendingInbound();
        if (pending.length === 0) {
          await this.mirror(db, chat);
          return;
        }
      }
      const shared = await this.refreshSharedState(db, config);
      if (this.limits.windowClosed(shared.settings, Date.now())) {
        // Not attempted: Wazzup would refuse it (24_HOURS_EXCEEDED). Kept for a manager's template message.
        const last = pending[pending.length - 1]!;
        this.store.insertOutbound(`reply-${last.id}`, "agent", "(not sent: the WhatsApp 24-hour window is closed)", "failed", null, { error: "WINDOW_CLOSED" });
        this.store.settlePending(last.seq, "held");
        log("info", "conversation.window_closed", { chat: this.maskedChat() });
        await this.mirror(db, chat);
        return;
      }
      if (this.limits.overDailyBudget(shared.settings)) {
        this.store.settlePending(pending[pending.length - 1]!.seq, "limited");
        this.limits.queueNotice("daily", pending[pending.length - 1]!.id);
        await this.flushOutbox(config);
        await this.mirror(db, chat);
        return;
      }
      await this.transcribeVoiceNotes(config, pending);
      pending = this.store.pendingInbound().filter((m) => m.seq <= pending[pending.length - 1]!.seq);
      const overTokenCap = shared.tokensToday >= shared.settings.dailyTokenCap;
      // What Postgres knows of the customer is read before this chat's first write can touch it.
      await this.rememberCustomer(db, chat);
      await this.ensureConversationRow(db, chat);
      await this.updateSummary(config, pending[0]!.seq, overTokenCap);
      let outcome = await this.generate(config, db, pending, overTokenCap, shared.basePrompt);
      // A message that arrived while the model was working: start over so one reply covers all.
      for (let regeneration = 0; regeneration < MAX_REGENERATIONS; regeneration++) {
        let latest = this.store.pendingInbound();
        if (latest[latest.length - 1]!.seq === pending[pending.length - 1]!.seq) break;
        await this.transcribeVoiceNotes(config, latest);
        latest = this.store.pendingInbound();
        pending = latest;
        outcome = addUsage(await this.generate(config, db, pending, overTokenCap, shared.basePrompt), outcome);
      }
      const last = pending[pending.length - 1]!;
      const replyId = `reply-${last.id}`;
      if (this.handoffs.current()) {
        // A manager took the chat while the model worked: the draft is dropped, the messages are theirs.
        this.store.settlePending(last.seq, "held");
        await this.mirror(db, chat);
        return;
      }
      this.store.insertOutbound(replyId, "agent", outcome.text, "sending");
      // The quotation this reply shows counts as seen from now: only later messages can confirm it.
      const shown = outcome.shownQuotation;
      if (shown && outcome.text.includes(shown.text)) await markQuotationSeen(db, shown.quotationId, shown.version, new Date(this.store.get(replyId)!.receivedAt));
      this.limits.countTurn();
      this.learnProfile(outcome.profileUpdate);
      await this.send(config, chat, this.store.get(replyId)!);
      this.store.settlePending(last.seq, "answered");
      if (outcome.handoff) {
        this.startHandoff(outcome.handoff, last.id);
        this.handoffs.notifyManagers(shared.settings, outcome.handoff, last.id);
        await this.flushOutbox(config);
      }
      const conversationId = await this.mirror(db, chat);
      await recordTurn(db, {
        conversationId,
        replyCrmMessageId: replyId,
        mode: outcome.mode,
        model: outcome.model,
        language: this.store.getValue<Language>("language") ?? "en",
        promptTokens: outcome.promptTokens,
        completionTokens: outcome.completionTokens,
        costUsd: outcome.costUsd,
        llmMs: outcome.llmMs,
        totalMs: Date.now() - started,
        toolCalls: outcome.toolCalls,
        fallbackReason: outcome.fallbackReason,
      });
    });
  }

  /** Voice notes become text before the turn; a failure is recorded and answered, never dropped. */
  private async transcribeVoiceNotes(config: Config, pending: StoredMessage[]): Promise<void> {
    for (const message of pending) {
      if (message.type !== "audio" || message.text || message.meta || !message.contentUri) continue;
      const result = await transcribeVoiceNote(config, message.contentUri);
      this.store.setTranscript(message.seq, result.ok ? result.text : null, result.ok ? "ok" : result.reason);
      if (!result.ok) log("warn", "conversation.transcription_failed", { reason: result.reason, chat: this.maskedChat() });
    }
  }

  private async generate(config: Config, db: Database, pending: StoredMessage[], overTokenCap: boolean, basePrompt: string | undefined): Promise<TurnOutcome> {
    const worded = pending.filter((m) => m.text);
    const language = worded.length > 0 ? this.updateLanguage(worded.map((m) => m.text).join("\n")) : (this.store.getValue<Language>("language") ?? "en");
    if (worded.length === 0) {
      // Nothing to read (photos, failed voice notes, stickers): answer sensibly without a model.
      return mediaOutcome(mediaOnlyReply(pending.map((m) => mediaKind(m.type)), language));
    }
    const texts = pending.map((m) => m.text ?? describeForModel(mediaKind(m.type)));
    const catalog = openCatalog(config, db, this.env);
    const lastSeq = pending[pending.length - 1]!.seq;
    const desk = this.quotationDesk(db, catalog, language, pending.map((m) => ({ text: m.text ?? "", receivedAt: m.receivedAt })), () => {
      const now = this.store.pendingInbound();
      return now.length > 0 && now[now.length - 1]!.seq > lastSeq;
    }, pending[0]!.seq);
    const quotationNote = desk ? await QuotationDesk.summaryFor(db, this.store.getValue<string>("conversationId")!).catch(() => null) : null;
    return runTurn(
      {
        history: this.history(pending[0]!.seq),
        pending: texts,
        language,
        customerName: this.store.getValue<string>("contactName") ?? null,
        now: new Date(),
        handoffOrderValueAed: this.settings().handoffOrderValueAed,
        maxDiscountPercent: this.settings().maxDiscountPercent,
        basePrompt,
        customerPhone: this.store.getValue<ChatAddress>("chat")?.chatId,
        memory: this.memory(),
        quotationNote,
      },
      {
        model: overTokenCap ? null : OpenRouterModel.fromConfig(config),
        catalog,
        offlineReason: overTokenCap ? "daily LLM token cap reached" : undefined,
        desk: desk ?? undefined,
      },
    );
  }

  /** The quotation tools, bound to this chat, this turn's messages and what we know of the customer. */
  private quotationDesk(
    db: Database,
    catalog: ReturnType<typeof openCatalog>,
    language: Language,
    customerMessages: { text: string; receivedAt: number }[],
    hasNewerMessages: () => boolean,
    firstSeq: number,
  ): QuotationDesk | null {
    const conversationId = this.store.getValue<string>("conversationId");
    const customerId = this.store.getValue<string>("customerId");
    const chat = this.store.getValue<ChatAddress>("chat");
    if (!conversationId || !customerId || !chat) return null;
    const settings = this.settings();
    return new QuotationDesk({
      db,
      catalog,
      conversationId,
      customerId,
      phone: chat.chatId,
      contactName: this.store.getValue<string>("contactName") ?? null,
      language,
      vatPercent: settings.vatPercent,
      handoffOrderValueAed: settings.handoffOrderValueAed,
      customerMessages,
      hasNewerMessages,
      lastReplyAt: this.store.lastReplyBefore(firstSeq)?.receivedAt ?? null,
      profile: () => this.store.getValue<CustomerProfile>("profile") ?? {},
      enqueue: async (job) => {
        await enqueueZohoJob(this.env, db, job);
      },
      send: (jobId) => sendZohoJob(this.env, jobId),
    });
  }

  /** The conversation's Postgres row (and its customer), made on the first turn: quotations hang off it. */
  private async ensureConversationRow(db: Database, chat: ChatAddress): Promise<void> {
    if (this.store.getValue<string>("customerId")) return;
    await this.mirror(db, chat);
    const conversationId = this.store.getValue<string>("conversationId")!;
    const customerId = await conversationCustomerId(db, conversationId);
    this.store.setValue("customerId", customerId);
    // First contact: the customer becomes a Zoho CRM contact (a queued job; never blocks the reply).
    await this.crmContactFollows(db);
  }

  private async crmContactFollows(db: Database): Promise<void> {
    const customerId = this.store.getValue<string>("customerId");
    if (!customerId) return;
    try {
      await crmFollowsProfile(this.env, db, customerId);
    } catch (error) {
      log("warn", "conversation.crm_enqueue_failed", { ...describeError(error), chat: this.maskedChat() });
    }
  }

  private memory(): Memory {
    return {
      profile: this.store.getValue<CustomerProfile>("profile") ?? {},
      summary: this.store.getValue<string>("summary") ?? null,
      lastSeenAt: this.store.getValue<number>("lastTurnAt") ?? null,
    };
  }

  /** On a chat's first turn, what Postgres knows of this number (another channel, an earlier chat). */
  private async rememberCustomer(db: Database, chat: ChatAddress): Promise<void> {
    if (this.store.getValue<boolean>("profileLoaded")) return;
    const known = await loadCustomerProfile(db, chat.chatId);
    const parsed = customerProfileSchema.safeParse(
      Object.fromEntries(Object.entries(known ?? {}).filter(([key]) => key in customerProfileSchema.shape)),
    );
    if (parsed.success) this.store.setValue("profile", { ...parsed.data, ...(this.store.getValue<CustomerProfile>("profile") ?? {}) });
    this.store.setValue("profileLoaded", true);
  }

  /** Folds messages older than the recent window into the rolling summary, ten or more at a time. */
  private async updateSummary(config: Config, firstPendingSeq: number, overTokenCap: boolean): Promise<void> {
    const window = this.store.history(firstPendingSeq, HISTORY_MESSAGES);
    if (window.length < HISTORY_MESSAGES) return;
    const windowStart = window[0]!.seq;
    const older = this.store.textBetween(this.store.getValue<number>("summarizedUpTo") ?? 0, windowStart);
    if (older.length < 10) return;
    const model = overTokenCap ? null : OpenRouterModel.fromConfig(config);
    const entries = older.map((m) => ({ role: m.direction === "in" ? ("customer" as const) : ("agent" as const), text: m.text ?? "" }));
    this.store.setValue("summary", await summarize(model, this.store.getValue<string>("summary") ?? null, entries));
    this.store.setValue("summarizedUpTo", older[older.length - 1]!.seq);
  }

  private learnProfile(update: CustomerProfile | undefined): void {
    this.store.setValue("lastTurnAt", Date.now());
    if (!update || Object.keys(update).length === 0) return;
    this.store.setValue("profile", { ...(this.store.getValue<CustomerProfile>("profile") ?? {}), ...update });
    this.store.setValue("profileDirty", true);
  }

  /** Sends every recorded-but-unsent message (a crash mid-send, a queued limit notice) in order. */
  private async flushOutbox(config: Config): Promise<void> {
    const chat = this.store.getValue<ChatAddress>("chat");
    if (!chat) return;
    for (const message of this.store.outbox()) await this.send(config, chat, message);
  }

  /**
   * Sends one recorded message. A retryable failure throws (the alarm backs off and retries) up to
   * MAX_SEND_ATTEMPTS, then the message is marked failed; a manager notification never blocks the
   * customer's chat: its failures are counted and retried by a later alarm instead of thrown.
   */
  private async send(config: Config, chat: ChatAddress, message: StoredMessage): Promise<void> {
    if (message.state !== "sending") return;
    const to = message.meta ? (JSON.parse(message.meta) as { to?: string }).to : undefined;
    const address = to ? { ...chat, chatType: "whatsapp", chatId: to } : chat;
    const content = message.type === "document" && message.contentUri ? { contentUri: message.contentUri } : { text: message.text ?? "" };
    const result = await WazzupClient.fromConfig(config).send({ chat: address, ...content, crmMessageId: message.id });
    if (result.kind !== "retryable") return this.applySendResult(message.id, result);
    const attempts = (this.store.getValue<number>(`sendAttempts:${message.id}`) ?? 0) + 1;
    this.store.setValue(`sendAttempts:${message.id}`, attempts);
    if (attempts >= MAX_SEND_ATTEMPTS) {
      log("error", "conversation.send_gave_up", { code: result.code, attempts, chat: this.maskedChat() });
      this.store.markOutbound(message.id, "failed", null, JSON.stringify({ error: result.code, attempts }));
      return;
    }
    if (message.author === "system") return;
    this.applySendResult(message.id, result);
  }

  private applySendResult(id: string, result: SendResult): void {
    switch (result.kind) {
      case "sent":
        this.store.markOutbound(id, "sent", result.wazzupMessageId);
        return;
      case "duplicate":
        this.store.markOutbound(id, "sent", null);
        return;
      case "rejected":
        log("warn", "conversation.send_rejected", { code: result.code, chat: this.maskedChat() });
        this.store.markOutbound(id, "failed", null, JSON.stringify({ error: result.code }));
        return;
      case "retryable":
        throw new RetryableSendError(`Wazzup send failed: ${result.code} (${result.status}) ${result.description}`);
    }
  }

  private startHandoff(handoff: Handoff, triggerId: string): void {
    this.handoffs.start(handoff, triggerId);
    // Whatever the customer wrote and the bot has not answered is now the manager's.
    this.store.settlePending(Number.MAX_SAFE_INTEGER, "held");
    log("info", "conversation.handoff", { reason: handoff.reason, chat: this.maskedChat() });
  }

  private endHandoff(): void {
    this.handoffs.end();
    // Questions no manager answered (written after the last manager message) go back to the bot.
    const reopened = this.store.reopenHeldAfterLastManagerMessage();
    if (reopened > 0) log("info", "conversation.reopened_held", { count: reopened, chat: this.maskedChat() });
    log("info", "conversation.resumed", { chat: this.maskedChat() });
  }

  /** Settings as last read from Postgres (defaults before the first turn); used on the ack path. */
  private settings(): AgentSettings {
    const defaults = defaultSettings(getConfig(this.env));
    return effectiveSettings(defaults, this.store.getValue<Record<string, unknown>>("settings") ?? {});
  }

  private async refreshSharedState(db: Database, config: Config): Promise<NonNullable<typeof sharedState>> {
    if (!sharedState || Date.now() - sharedState.readAt > config.SETTINGS_TTL_MS) {
      const overrides = await loadAgentSettingOverrides(db);
      const tokensToday = await tokensUsedToday(db, new Date());
      const prompt = await activePrompt(db, "system");
      sharedState = { settings: effectiveSettings(defaultSettings(config), overrides), tokensToday, basePrompt: prompt?.content, readAt: Date.now() };
    }
    this.store.setValue("settings", sharedState.settings);
    return sharedState;
  }

  /** Mirrors what no turn has carried to Postgres (manager echoes, held or limited messages, handoff changes). */
  private async mirrorIfNeeded(config: Config): Promise<void> {
    const chat = this.store.getValue<ChatAddress>("chat");
    const handoffChanges = this.handoffs.pendingSync().length;
    if (!chat || (this.store.unsynced().length === 0 && handoffChanges === 0)) return;
    await withDatabase(config, (db) => this.mirror(db, chat));
  }

  /** Writes messages Postgres has not seen yet; returns the conversation's Postgres id. */
  private async mirror(db: Database, chat: ChatAddress): Promise<string> {
    let conversationId = this.store.getValue<string>("conversationId");
    if (!conversationId) {
      conversationId = await ensureConversation(db, chat, {
        name: this.store.getValue<string>("contactName") ?? null,
        language: this.store.getValue<string>("language") ?? null,
      });
      this.store.setValue("conversationId", conversationId);
    }
    const unsynced = this.store.unsynced();
    await insertMessages(db, conversationId, unsynced.map(toMirrored));
    this.store.markSynced(unsynced.map((m) => m.seq));
    const language = this.store.getValue<string>("language");
    if (language && language !== this.store.getValue<string>("languageMirrored")) {
      await setConversationLanguage(db, conversationId, language);
      this.store.setValue("languageMirrored", language);
    }
    if (this.store.getValue<boolean>("profileDirty")) {
      await updateCustomerProfile(db, chat.chatId, this.store.getValue<Record<string, string>>("profile") ?? {});
      this.store.setValue("profileDirty", false);
      await this.crmContactFollows(db);
    }
    for (const op of this.handoffs.pendingSync()) {
      if (op.op === "start") await recordHandoff(db, conversationId, op);
      else await resolveHandoffs(db, conversationId);
      this.handoffs.synced();
    }
    return conversationId;
  }

  private history(beforeSeq: number): HistoryEntry[] {
    return this.store.history(beforeSeq, HISTORY_MESSAGES).map((m) => ({
      role: m.direction === "in" ? "customer" : m.author === "manager" ? "manager" : "agent",
      text: m.text ?? "",
    }));
  }

  private updateLanguage(text: string): Language {
    const detected = detectLanguage(text);
    const language = detected ?? this.store.getValue<Language>("language") ?? "en";
    this.store.setValue("language", language);
    return language;
  }

  /** Our own echo is dropped; anything else echoed was typed by a manager in the WhatsApp app. */
  private recordEcho(message: IncomingMessage): "own" | "duplicate" | "manager" {
    const own = this.store.findOwnOutbound(message.id, message.crmMessageId, message.text);
    if (own) {
      // An echo proves Wazzup has the message: a reply still 'sending' (its response was lost) is sent.
      this.store.markOutbound(own.id, own.state === "sending" ? "sent" : own.state, own.wazzupId ? null : message.id);
      return "own";
    }
    const notification =
      message.crmMessageId?.startsWith("handoff-") ||
      message.crmMessageId?.startsWith("order-") ||
      message.text?.startsWith(MANAGER_NOTIFICATION_PREFIX) ||
      message.text?.startsWith(ORDER_NOTIFICATION_PREFIX);
    if (notification) {
      // Our own notification to a manager, echoed into the manager's chat: not a takeover.
      return "own";
    }
    if (this.store.has(message.id)) return "duplicate";
    this.store.insertOutbound(message.id, "manager", message.text ?? describeNonText(message.type), "sent", message.id);
    if (!this.handoffs.current()) log("info", "conversation.handoff", { reason: "manager_takeover", chat: this.maskedChat() });
    this.handoffs.managerWrote(message.id);
    return "manager";
  }

  private rememberChat(message: IncomingMessage): void {
    if (!this.store.getValue("chat")) this.store.setValue("chat", message.chat);
    if (!message.isEcho && message.contactName) this.store.setValue("contactName", message.contactName);
  }

  private maskedChat(): string {
    return maskPhone(this.store.getValue<ChatAddress>("chat")?.chatId);
  }
}

/** The final outcome, charged with the tokens, cost and model time of a draft it replaced. */
function addUsage(outcome: TurnOutcome, discarded: TurnOutcome): TurnOutcome {
  return {
    ...outcome,
    promptTokens: outcome.promptTokens + discarded.promptTokens,
    completionTokens: outcome.completionTokens + discarded.completionTokens,
    costUsd: outcome.costUsd + discarded.costUsd,
    llmMs: outcome.llmMs + discarded.llmMs,
  };
}

function mediaOutcome(text: string): TurnOutcome {
  return { text, mode: "offline", model: null, promptTokens: 0, completionTokens: 0, costUsd: 0, llmMs: 0, toolCalls: [], fallbackReason: "media without text", handoff: null };
}


function toMirrored(message: StoredMessage): MirroredMessage {
  const inbound = message.direction === "in";
  return {
    wazzupMessageId: inbound || message.author === "manager" ? message.id : message.wazzupId,
    crmMessageId: inbound || message.author === "manager" ? null : message.id,
    direction: message.direction,
    author: message.author,
    type: message.type,
    text: message.text,
    contentUri: message.contentUri,
    sentAt: message.sentAt,
    meta: { ...(message.meta ? (JSON.parse(message.meta) as Record<string, unknown>) : {}), ...(inbound && message.state === "limited" ? { limited: true } : {}) },
  };
}
