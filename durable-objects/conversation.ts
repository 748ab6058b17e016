import { DurableObject } from "cloudflare:workers";
import { withDatabase, type Database } from "../src/adapters/db/client";
import { ensureConversation, insertMessages, recordTurn, type MirroredMessage } from "../src/adapters/db/conversations-repo";
import { getProduct, searchProducts } from "../src/adapters/db/products-repo";
import { OpenRouterModel } from "../src/adapters/llm/openrouter";
import { WazzupClient, type SendResult } from "../src/adapters/wazzup/client";
import type { Catalog } from "../src/agent/catalog";
import { describeNonText } from "../src/agent/offline";
import { runTurn, type HistoryEntry, type TurnOutcome } from "../src/agent/turn";
import { getConfig } from "../src/config";
import { detectLanguage, type Language } from "../src/domain/language";
import { ANSWERED_CHAT_TYPES, type ChatAddress, type IncomingMessage } from "../src/domain/message";
import { describeError, log, maskPhone } from "../src/lib/log";
import { ConversationStore, type StoredMessage } from "./conversation-store";

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
}

const HISTORY_MESSAGES = 20;
const TURNS_PER_ALARM = 5;
const MAX_RETRY_DELAY_MS = 5 * 60_000;

/** Thrown when Wazzup could not take a reply for a reason that may pass (429, 5xx, network). */
class RetryableSendError extends Error {
  override name = "RetryableSendError";
}

/**
 * One object per WhatsApp chat. `receive` stores messages durably and deduplicates them (the
 * webhook acknowledges only after it returns); the alarm answers pending messages once and in
 * order, mirrors everything to Postgres and sends the reply through Wazzup.
 */
export class ConversationDurableObject extends DurableObject<Env> {
  private readonly store: ConversationStore;
  private turnRunning = false;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.store = new ConversationStore(ctx.storage.sql);
  }

  /** Stores the chat's new messages (in the order given) and schedules a turn for new customer text. */
  async receive(messages: IncomingMessage[]): Promise<ReceiveResult> {
    const result: ReceiveResult = { accepted: 0, duplicates: 0, ownEchoes: 0 };
    let needsTurn = false;
    for (const message of messages) {
      this.rememberChat(message);
      if (message.isEcho) {
        const outcome = this.recordEcho(message);
        if (outcome === "own") result.ownEchoes++;
        else if (outcome === "duplicate") result.duplicates++;
        else result.accepted++;
        continue;
      }
      const answerable = ANSWERED_CHAT_TYPES.has(message.chat.chatType) && !message.isDeleted;
      if (this.store.insertInbound(message, answerable ? "pending" : "ignored")) {
        result.accepted++;
        needsTurn ||= answerable;
      } else {
        result.duplicates++;
      }
    }
    // A turn for new customer text; otherwise (a manager's echo, a group message) just the mirror to Postgres.
    if ((needsTurn || result.accepted > 0) && (await this.ctx.storage.getAlarm()) === null) {
      await this.ctx.storage.setAlarm(Date.now() + (needsTurn ? getConfig(this.env).REPLY_DEBOUNCE_MS : 0));
    }
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
    };
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
      for (let turn = 0; turn < TURNS_PER_ALARM; turn++) {
        const pending = this.store.pendingInbound();
        if (pending.length === 0) break;
        await this.answer(pending);
      }
      await this.mirrorIfNeeded();
      if (this.store.counts().pending > 0) await this.ctx.storage.setAlarm(Date.now());
      this.store.setValue("failures", 0);
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

  private async answer(pending: StoredMessage[]): Promise<void> {
    const config = getConfig(this.env);
    const chat = this.store.getValue<ChatAddress>("chat");
    if (!chat) throw new Error("conversation has pending messages but no chat address");
    const last = pending[pending.length - 1]!;
    const replyId = `reply-${last.id}`;
    const started = Date.now();

    // One connection per turn: catalog tools during the turn, then the mirror and the accounting.
    await withDatabase(config, async (db) => {
      const existing = this.store.get(replyId);
      let outcome: TurnOutcome | null = null;
      if (!existing) {
        const texts = pending.map((m) => m.text ?? describeNonText(m.type));
        const language = this.updateLanguage(texts.join("\n"));
        outcome = await runTurn(
          {
            history: this.history(pending[0]!.seq),
            pending: texts,
            language,
            customerName: this.store.getValue<string>("contactName") ?? null,
            now: new Date(),
          },
          { model: OpenRouterModel.fromConfig(config), catalog: databaseCatalog(db) },
        );
        this.store.insertOutbound(replyId, "agent", outcome.text, "sending");
      }
      const reply = this.store.get(replyId)!;
      if (reply.state === "sending") {
        const sent = await WazzupClient.fromConfig(config).send({ chat, text: reply.text ?? "", crmMessageId: replyId });
        this.applySendResult(replyId, sent);
      }
      this.store.markAnswered(last.seq);
      const conversationId = await this.mirror(db, chat);
      if (outcome) {
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
      }
    });
  }

  private applySendResult(replyId: string, result: SendResult): void {
    switch (result.kind) {
      case "sent":
        this.store.markOutbound(replyId, "sent", result.wazzupMessageId);
        return;
      case "duplicate":
        this.store.markOutbound(replyId, "sent", null);
        return;
      case "rejected":
        log("warn", "conversation.send_rejected", { code: result.code, chat: this.maskedChat() });
        this.store.markOutbound(replyId, "failed", null, JSON.stringify({ error: result.code }));
        return;
      case "retryable":
        throw new RetryableSendError(`Wazzup send failed: ${result.code} (${result.status}) ${result.description}`);
    }
  }

  /** Mirrors messages no turn has carried to Postgres (manager echoes, ignored chats). */
  private async mirrorIfNeeded(): Promise<void> {
    const chat = this.store.getValue<ChatAddress>("chat");
    if (!chat || this.store.unsynced().length === 0) return;
    await withDatabase(getConfig(this.env), (db) => this.mirror(db, chat));
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
      if (!own.wazzupId) this.store.markOutbound(own.id, own.state, message.id);
      return "own";
    }
    if (this.store.get(message.id)) return "duplicate";
    this.store.insertOutbound(message.id, "manager", message.text ?? describeNonText(message.type), "sent", message.id);
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

function databaseCatalog(db: Database): Catalog {
  return { search: (search) => searchProducts(db, search), get: (id) => getProduct(db, id) };
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
    meta: message.meta ? (JSON.parse(message.meta) as Record<string, unknown>) : {},
  };
}
