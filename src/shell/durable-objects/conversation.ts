import { DurableObject } from "cloudflare:workers";
import { isAnswerable } from "../../core/channels/address";
import type { ChatAddress, InboundMessage } from "../../core/channels/channel";
import type { Language } from "../../core/domain/language";
import type { BackInStockNotice, ConversationObjectPort, ConversationSnapshot, ProactiveOutcome, ReceiveResult } from "../../core/ports/conversation-object";
import { servicesFor, type Services } from "../composition";
import { defaultSettings, effectiveSettings, type AgentSettings } from "../../core/domain/settings";
import { log, maskPhone } from "../../lib/log";
import { customerSaid, managerOrderPlaced, type OrderNotice } from "../../core/orders/messages";
import { optCommand } from "../../core/outreach/opt-out";
import { recordEcho } from "./conversation/echoes";
import { InboxPublisher } from "./conversation/events";
import { AlarmFailures } from "./conversation/failures";
import { FollowUps } from "./conversation/follow-up";
import { HandoffTracker } from "./conversation/handoffs";
import type { ConversationHost } from "./conversation/host";
import { CustomerLimits } from "./conversation/limits";
import { PostgresMirror } from "./conversation/mirror";
import { ProactiveSender } from "./conversation/proactive";
import { sendBackInStock } from "./conversation/back-in-stock";
import { OptOutState } from "./conversation/opt-out";
import { Outbox } from "./conversation/outbox";
import { QualityScheduler } from "./conversation/review-timing";
import { ConversationStore, type StoredMessage } from "./conversation/store";
import { TurnRunner } from "./conversation/turn";

const TURNS_PER_ALARM = 5;
/** How long a handoff keeps the alarm away when nothing else is due. */
const OUTBOX_IDLE_CHECK_MS = 30_000;

/**
 * One object per chat, on any channel. It keeps what only it can do: `receive` (dedup, store,
 * limits, schedule), the single alarm, and its RPC surface. The turn, the outbox and the
 * Postgres mirror are capabilities that work through a narrow host interface.
 */
export class ConversationDurableObject extends DurableObject<Env> implements ConversationObjectPort {
  /** Protected for the test subclass's probes, which move the chat's clocks through it (it caches what it stores). */
  protected readonly store: ConversationStore;
  private readonly handoffs: HandoffTracker;
  private readonly limits: CustomerLimits;
  private readonly services: Services;
  private readonly host: ConversationHost;
  private readonly outbox: Outbox;
  private readonly mirror: PostgresMirror;
  private readonly turns: TurnRunner;
  private readonly events: InboxPublisher;
  private readonly failures: AlarmFailures;
  private readonly quality: QualityScheduler;
  private readonly optOut: OptOutState;
  private readonly followUps: FollowUps;
  private readonly proactive: ProactiveSender;
  private turnRunning = false;
  private settingsRead: { stored: string | undefined; settings: AgentSettings } | null = null;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.store = new ConversationStore(ctx.storage.sql);
    this.handoffs = new HandoffTracker(this.store);
    this.limits = new CustomerLimits(this.store);
    this.services = servicesFor(env);
    const host: ConversationHost = (this.host = {
      store: this.store,
      handoffs: this.handoffs,
      limits: this.limits,
      services: this.services,
      chat: () => this.store.getValue("chat") ?? null,
      settings: () => this.settings(),
      maskedChat: () => this.maskedChat(),
    });
    this.outbox = new Outbox(host);
    this.optOut = new OptOutState(host, this.outbox);
    this.mirror = new PostgresMirror(host, this.optOut);
    this.proactive = new ProactiveSender(host, this.optOut);
    this.followUps = new FollowUps(host, this.proactive);
    this.turns = new TurnRunner(host, this.outbox, this.mirror);
    this.events = new InboxPublisher(host, env, (promise) => ctx.waitUntil(promise));
    this.failures = new AlarmFailures(host, this.outbox);
    this.quality = new QualityScheduler(host, async (job) => {
      await env.QUALITY_QUEUE.send(job);
    });
  }

  /** Stores the chat's new messages (in the order given) and schedules the work they need. */
  async receive(messages: InboundMessage[]): Promise<ReceiveResult> {
    const result: ReceiveResult = { accepted: 0, duplicates: 0, ownEchoes: 0 };
    const handoffStarted = this.events.watchHandoff();
    const settings = this.settings();
    const now = Date.now();
    let newPending = false;
    for (const message of messages) {
      this.rememberChat(message);
      if (message.isEcho) {
        const outcome = recordEcho(this.host, message);
        if (outcome === "own") result.ownEchoes++;
        else if (outcome === "duplicate") result.duplicates++;
        else result.accepted++;
        continue;
      }
      if (this.store.has(message.id)) {
        result.duplicates++;
        continue;
      }
      const answerable = isAnswerable(message.chat) && !message.isDeleted;
      this.limits.customerWrote(message.sentAt, now);
      const command = answerable ? optCommand(message.text) : null;
      if (command) {
        // STOP / START is answered here, whoever has the chat; it only ever stops messages we start.
        this.store.insertInbound(message, "answered", now);
        this.optOut.apply(command, message, now);
        result.accepted++;
        continue;
      }
      if (answerable && this.handoffs.current()) {
        // A manager has the chat: keep the message for them and the history, answer nothing.
        this.store.insertInbound(message, "held", now);
        result.accepted++;
        continue;
      }
      const overRate = answerable && this.limits.overRate(now, settings);
      this.store.insertInbound(message, !answerable ? "ignored" : overRate ? "limited" : "pending", now);
      result.accepted++;
      if (overRate) {
        const notice = this.limits.noticeDue("rate");
        if (notice) this.outbox.enqueue(`notice-rate-${message.id}`, "agent", notice);
      } else newPending ||= answerable;
    }
    await this.scheduleAfterReceive(newPending, result.accepted > 0, settings, now);
    if (result.accepted > 0) this.events.publish("message.new", { accepted: result.accepted });
    handoffStarted();
    return result;
  }

  /** State for the admin panel and for tests waiting on a turn. */
  async snapshot(): Promise<ConversationSnapshot> {
    const counts = this.store.counts();
    return {
      chat: this.store.getValue("chat") ?? null,
      language: this.store.getValue("language") ?? null,
      messages: counts.total,
      pending: counts.pending,
      sending: counts.sending,
      turnRunning: this.turnRunning,
      alarmAt: await this.ctx.storage.getAlarm(),
      consecutiveFailures: this.store.getValue("failures") ?? 0,
      handoff: this.handoffs.current(),
      optedOut: this.optOut.optedOut(),
    };
  }

  /** Takeover from the panel: the bot goes quiet as if a manager had written. */
  async takeOver(summary: string): Promise<void> {
    if (!this.handoffs.current()) {
      this.handoffs.start({ reason: "admin", summary }, `admin-${Date.now()}`);
      this.holdUnanswered("admin");
      this.events.publish("handoff", { reason: "admin" });
    }
    await this.ctx.storage.setAlarm(Date.now());
  }

  /** The bot answers again from the next customer message. */
  async resume(): Promise<void> {
    if (this.handoffs.current()) this.endHandoff();
    await this.ctx.storage.setAlarm(Date.now());
  }

  /**
   * A manager's reply from the staff panel: recorded as a manager message, sent through the
   * outbox in order with the bot's messages, and the bot goes quiet as when a manager writes from
   * the app. The id makes a retried request send once.
   */
  async managerReply(input: { id: string; text: string; staffName: string | null }): Promise<{ messageId: string }> {
    if (!this.store.getValue("chat")) throw new Error("manager reply to a conversation without a chat address");
    const messageId = `staff-${input.id}`;
    if (this.store.get(messageId)) return { messageId };
    this.outbox.enqueue(messageId, "manager", input.text);
    if (!this.handoffs.current()) {
      this.handoffs.managerWrote(messageId, `${input.staffName ?? "A manager"} replied from the staff panel.`);
      this.holdUnanswered("manager_takeover");
      this.events.publish("handoff", { reason: "manager_takeover" });
    } else this.handoffs.managerWrote(messageId);
    await this.wakeSoon();
    return { messageId };
  }

  /** Staff closed the conversation: any handoff ends quietly, and what waits unanswered stays unanswered. */
  async close(): Promise<void> {
    this.store.settlePending(Number.MAX_SAFE_INTEGER, "held");
    if (this.handoffs.current()) this.handoffs.end();
    this.events.publish("conversation.closed");
    await this.wakeSoon();
  }

  /**
   * The sale order job's report: the customer gets the sale order number and the quotation
   * document, managers a notice. Message ids derive from the quotation, so a repeated report (a
   * redelivered job) sends nothing twice.
   */
  async orderPlaced(notice: OrderNotice): Promise<void> {
    const chat = this.store.getValue("chat");
    if (!chat) throw new Error("order notice for a conversation without a chat address");
    const text = customerSaid("ordered", notice.language, { number: notice.quotationNumber, salesorderNumber: notice.salesorderNumber, totalAed: notice.totalAed });
    this.outbox.enqueue(`order-${notice.quotationId}`, "system", text);
    if (notice.documentUrl) this.outbox.enqueue(`order-doc-${notice.quotationId}`, "system", `Quotation ${notice.quotationNumber}`, { url: notice.documentUrl });
    this.outbox.notifyManagers(`order-mgr-${notice.quotationId}`, managerOrderPlaced(notice, chat.chatId));
    this.quality.reviewSoon("order");
    this.events.publish("order.placed", { quotationId: notice.quotationId });
    await this.wakeSoon();
  }

  /** A message to every manager, queued in this chat's outbox under ids built from `idPrefix` (sent once). */
  async notifyManagers(idPrefix: string, text: string): Promise<void> {
    this.outbox.notifyManagers(idPrefix, text);
    await this.wakeSoon();
  }

  /** The catalog sync saw an item this customer waits for come back (a queue job per subscriber). */
  async backInStock(notice: BackInStockNotice): Promise<ProactiveOutcome> {
    const outcome = await this.services.database((db) => sendBackInStock(this.host, this.proactive, db, notice, Date.now()));
    await this.wakeSoon();
    return outcome;
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
      const resumeAt = this.handoffs.resumeAt(this.settings().handoffQuietMinutes);
      if (resumeAt !== null && Date.now() >= resumeAt) this.endHandoff();
      const rateReopensAt = this.limits.rateReopensAt();
      if (rateReopensAt !== null && Date.now() >= rateReopensAt && !this.handoffs.current()) this.limits.reopenRateWindow();
      const alarmDone = this.events.watchAlarm();
      const followUpAt = this.followUps.dueAt(this.settings());
      if (followUpAt !== null && followUpAt <= Date.now()) await this.services.database((db) => this.followUps.sendIfDue(db, Date.now()));
      let { retryAt } = await this.outbox.flush();
      if (this.store.hasPending() && !this.handoffs.current()) {
        await this.services.database(async (db) => {
          for (let turn = 0; turn < TURNS_PER_ALARM && !this.handoffs.current(); turn++) {
            const pending = this.store.pendingInbound();
            if (pending.length === 0) break;
            await this.answerPending(db, pending);
          }
          await this.followUps.track(db);
          ({ retryAt } = await this.outbox.flush());
          if (this.mirror.needed()) await this.mirror.write(db);
        });
      } else if (this.mirror.needed()) {
        await this.services.database((db) => this.mirror.write(db));
      }
      this.failures.succeeded();
      alarmDone();
      if (this.handoffs.current() && this.handoffs.current()!.since !== this.store.getValue("qualityHandoffSince")) {
        this.store.setValue("qualityHandoffSince", this.handoffs.current()!.since);
        this.quality.reviewSoon("handoff");
      }
      await this.quality.sendIfDue(this.settings(), Date.now());
      await this.scheduleNext(retryAt);
    } catch (error) {
      await this.ctx.storage.setAlarm(this.failures.failed(error));
    } finally {
      this.turnRunning = false;
    }
  }

  /** One turn over the pending messages (a seam where tests inject a failing turn). */
  protected async answerPending(db: Parameters<TurnRunner["answer"]>[0], pending: StoredMessage[]): Promise<void> {
    await this.turns.answer(db, pending);
  }

  /** The next wake-up: more work now, an outbox retry, or the end of a handoff's quiet period. */
  private async scheduleNext(outboxRetryAt: number | null): Promise<void> {
    const now = Date.now();
    const moreWork = (this.store.hasPending() && !this.handoffs.current()) || this.store.hasUnsynced();
    const resumeAt = this.handoffs.resumeAt(this.settings().handoffQuietMinutes);
    const rateReopensAt = this.handoffs.current() ? null : this.limits.rateReopensAt();
    const later = (t: number | null) => (t === null ? null : Math.max(t, now + 1000));
    const candidates = [moreWork ? now : null, outboxRetryAt, later(resumeAt), later(rateReopensAt), later(this.quality.dueAt(this.settings())), later(this.followUps.dueAt(this.settings()))];
    const next = candidates.filter((t): t is number => t !== null);
    if (next.length > 0) await this.ctx.storage.setAlarm(Math.min(...next));
    else if (this.store.outbox().length > 0) await this.ctx.storage.setAlarm(now + OUTBOX_IDLE_CHECK_MS);
  }

  /**
   * Bursts: each new message pushes the turn to `burstWaitMs` from now, but never past
   * `maxBurstWaitMs` after the burst's first message. A running turn picks new messages up itself.
   */
  private async scheduleAfterReceive(newPending: boolean, anyStored: boolean, settings: AgentSettings, now: number): Promise<void> {
    const current = await this.ctx.storage.getAlarm();
    if (newPending && !this.turnRunning) {
      // An alarm further off than any burst wait (an outbox retry, a handoff's end) is not a burst's:
      // the new message starts one of its own.
      const burstAlarm = current !== null && current <= now + settings.maxBurstWaitMs ? current : null;
      const burstStart = burstAlarm === null ? now : (this.store.getValue("burstStart") ?? now);
      if (burstAlarm === null) this.store.setValue("burstStart", now);
      const due = Math.min(now + settings.burstWaitMs, burstStart + settings.maxBurstWaitMs);
      if (burstAlarm === null || due > burstAlarm) await this.ctx.storage.setAlarm(Math.max(due, now));
      return;
    }
    // Anything else stored (a manager's echo, a held, limited or ignored message, a queued notice)
    // has to reach Postgres and the outbox soon, even while the handoff's resume alarm is far off;
    // and pending work left by an earlier failed delivery must never sit without an alarm.
    if (current !== null && current <= now + 1000) return;
    const pendingWork = current === null && !this.handoffs.current() && this.store.hasPending();
    if (anyStored || pendingWork) await this.ctx.storage.setAlarm(now);
  }

  private async wakeSoon(): Promise<void> {
    const current = await this.ctx.storage.getAlarm();
    if (current === null || current > Date.now() + 1000) await this.ctx.storage.setAlarm(Date.now());
  }

  /** Whatever the customer wrote and the bot has not answered is now the manager's. */
  private holdUnanswered(reason: string): void {
    this.store.settlePending(Number.MAX_SAFE_INTEGER, "held");
    log("info", "conversation.handoff", { reason, chat: this.maskedChat() });
  }

  private endHandoff(): void {
    this.handoffs.end();
    // Questions no manager answered (written after the last manager message) go back to the bot.
    const reopened = this.store.reopenHeldAfterLastManagerMessage();
    if (reopened > 0) log("info", "conversation.reopened_held", { count: reopened, chat: this.maskedChat() });
    log("info", "conversation.resumed", { chat: this.maskedChat() });
    this.events.publish("resume");
  }

  /**
   * Settings as last read from Postgres (defaults before the first turn); used on the ack path.
   * Validated again only when the stored copy changed: a turn asks for them a dozen times.
   */
  private settings(): AgentSettings {
    const stored = this.store.getValueText("settings");
    if (!this.settingsRead || this.settingsRead.stored !== stored) {
      const defaults = defaultSettings(this.services.config);
      const settings = Object.freeze(effectiveSettings(defaults, stored === undefined ? {} : JSON.parse(stored)));
      this.settingsRead = { stored, settings };
    }
    return this.settingsRead.settings;
  }

  private rememberChat(message: InboundMessage): void {
    if (!this.store.getValue("chat")) this.store.setValue("chat", message.chat);
    if (message.isEcho) return;
    if (message.contactName) this.store.setValue("contactName", message.contactName);
    if (message.handle) this.store.setValue("handle", message.handle);
    if (message.phone && !this.store.getValue("phone")) this.store.setValue("phone", message.phone);
  }

  private maskedChat(): string {
    return maskPhone(this.store.getValue("chat")?.chatId);
  }
}

export type { ConversationSnapshot, ReceiveResult };
