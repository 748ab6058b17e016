import { customerHistoryFacts } from "../../../adapters/db/analytics-repo";
import { lastAnalyticsRunEnd } from "../../../adapters/db/analytics-runs-repo";
import type { Database } from "../../../adapters/db/client";
import { activePrompt } from "../../../adapters/db/prompts-repo";
import { loadAgentSettingOverrides, tokensUsedToday } from "../../../adapters/db/settings-repo";
import type { Catalog } from "../../../core/agent/catalog";
import { summarize, type CustomerProfile, type Memory } from "../../../core/agent/memory";
import type { HistoryEntry } from "../../../core/agent/turn";
import { customerHistoryLine } from "../../../core/analytics/agent-context";
import { detectLanguage, type Language } from "../../../core/domain/language";
import { defaultSettings, effectiveSettings, type AgentSettings } from "../../../core/domain/settings";
import { log } from "../../../lib/log";
import { QuotationDesk } from "../../../app/orders/desk";
import { ChatStockAlerts } from "../../../app/outreach/back-in-stock";
import type { ConversationHost } from "./host";
import type { StoredMessage } from "./store";

export const HISTORY_MESSAGES = 20;

/** Settings, the day's token use and the active prompt, read at most every SETTINGS_TTL_MS per isolate. */
export interface SharedState {
  settings: AgentSettings;
  tokensToday: number;
  basePrompt: string | undefined;
  /** The active prompt's version (0: the built-in default), recorded with each review. */
  promptVersion: number;
  /** When the last analytics run ended: a customer's order-history facts change only then. */
  analyticsRunEnd: string | null;
  readAt: number;
}
let sharedState: SharedState | null = null;

export async function refreshSharedState(host: ConversationHost, db: Database): Promise<SharedState> {
  const config = host.services.config;
  if (!sharedState || Date.now() - sharedState.readAt > config.SETTINGS_TTL_MS) {
    const overrides = await loadAgentSettingOverrides(db);
    const tokensToday = await tokensUsedToday(db, new Date());
    const prompt = await activePrompt(db, "system");
    const analyticsRunEnd = await lastAnalyticsRunEnd(db);
    sharedState = { settings: effectiveSettings(defaultSettings(config), overrides), tokensToday, basePrompt: prompt?.content, promptVersion: prompt?.version ?? 0, analyticsRunEnd, readAt: Date.now() };
  }
  host.store.setValue("settings", sharedState.settings);
  host.store.setValue("promptVersion", sharedState.promptVersion);
  return sharedState;
}

/** Voice notes become text before the turn; a failure is recorded and answered, never dropped. */
export async function transcribeVoiceNotes(host: ConversationHost, pending: StoredMessage[]): Promise<void> {
  const chat = host.chat();
  if (!chat) return;
  for (const message of pending) {
    if (message.type !== "audio" || message.text || message.meta || !message.contentUri) continue;
    const result = await host.services.transcribe(chat.channel, message.contentUri);
    host.store.setTranscript(message.seq, result.ok ? result.text : null, result.ok ? "ok" : result.reason);
    if (!result.ok) log("warn", "conversation.transcription_failed", { reason: result.reason, chat: host.maskedChat() });
  }
}

export function history(host: ConversationHost, beforeSeq: number): HistoryEntry[] {
  return host.store.history(beforeSeq, HISTORY_MESSAGES).map((m) => ({
    role: m.direction === "in" ? "customer" : m.author === "manager" ? "manager" : "agent",
    text: m.text ?? "",
  }));
}

export function memory(host: ConversationHost): Memory {
  return {
    profile: host.store.getValue("profile") ?? {},
    summary: host.store.getValue("summary") ?? null,
    lastSeenAt: host.store.getValue("lastTurnAt") ?? null,
  };
}

/**
 * What the order history says of the customer (`customerHistoryLine`), read from Postgres once
 * per analytics run: the chat keeps the line with the end of the run it reflects and reads it
 * again after the next run ends (or for another customer). A failed read is told nothing and kept
 * nowhere.
 */
export async function customerHistory(host: ConversationHost, db: Database, customerId: string, runEnd: string | null): Promise<string | null> {
  const kept = host.store.getValue("customerHistory");
  if (kept && kept.customerId === customerId && kept.runEnd === runEnd) return kept.line;
  const facts = await customerHistoryFacts(db, customerId).then(
    (value) => ({ value }),
    () => null,
  );
  if (!facts) return null;
  const line = customerHistoryLine(facts.value);
  host.store.setValue("customerHistory", { customerId, runEnd, line });
  return line;
}

/** The customer's language from what they wrote now, else as before. */
export function updateLanguage(host: ConversationHost, text: string): Language {
  const language = detectLanguage(text) ?? host.store.getValue("language") ?? "en";
  host.store.setValue("language", language);
  return language;
}

export function learnProfile(host: ConversationHost, update: CustomerProfile | undefined): void {
  host.store.setValue("lastTurnAt", Date.now());
  if (!update || Object.keys(update).length === 0) return;
  host.store.setValue("profile", { ...(host.store.getValue("profile") ?? {}), ...update });
  host.store.setValue("profileDirty", true);
}

/** Folds messages older than the recent window into the rolling summary, ten or more at a time. */
export async function updateSummary(host: ConversationHost, firstPendingSeq: number, overTokenCap: boolean): Promise<void> {
  const { store } = host;
  const windowStart = store.historyStart(firstPendingSeq, HISTORY_MESSAGES);
  if (windowStart === null) return;
  const older = store.textBetween(store.getValue("summarizedUpTo") ?? 0, windowStart);
  if (older.length < 10) return;
  const entries = older.map((m) => ({ role: m.direction === "in" ? ("customer" as const) : ("agent" as const), text: m.text ?? "" }));
  store.setValue("summary", await summarize(overTokenCap ? null : host.services.chatModel(), store.getValue("summary") ?? null, entries));
  store.setValue("summarizedUpTo", older[older.length - 1]!.seq);
}

/** The quotation tools, bound to this chat, this turn's messages and what we know of the customer. */
export function quotationDesk(
  host: ConversationHost,
  /** `pending`: the messages the turn answers, read when the desk needs them (a continued turn adds to them). */
  turn: { db: Database; catalog: Catalog; language: Language; pending: () => StoredMessage[] },
): QuotationDesk | null {
  const { store } = host;
  const conversationId = store.getValue("conversationId");
  const customerId = store.getValue("customerId");
  const chat = host.chat();
  if (!conversationId || !customerId || !chat) return null;
  const settings = host.settings();
  const first = turn.pending()[0]!;
  return new QuotationDesk({
    db: turn.db,
    catalog: turn.catalog,
    conversationId,
    customerId,
    phone: store.getValue("phone") ?? null,
    contactName: store.getValue("contactName") ?? null,
    language: turn.language,
    vatPercent: settings.vatPercent,
    deliveryFees: settings.deliveryFees,
    handoffOrderValueAed: settings.handoffOrderValueAed,
    get customerMessages() {
      return turn.pending().map((m) => ({ text: m.text ?? "", receivedAt: m.receivedAt }));
    },
    hasNewerMessages: () => {
      const now = store.pendingInbound();
      const answered = turn.pending();
      return now.length > 0 && now[now.length - 1]!.seq > answered[answered.length - 1]!.seq;
    },
    lastReplyAt: store.lastReplyBefore(first.seq)?.receivedAt ?? null,
    profile: () => store.getValue("profile") ?? {},
    enqueue: async (job) => {
      await host.services.enqueueZohoJob(turn.db, job);
    },
    send: (jobId) => host.services.sendZohoJob(jobId),
    stockAlerts: new ChatStockAlerts({ db: turn.db, catalog: turn.catalog, customerId, conversationId, language: turn.language }),
  });
}
