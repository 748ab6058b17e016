import { limitNotice } from "../src/agent/offline";
import type { Language } from "../src/domain/language";
import type { ChatAddress } from "../src/domain/message";
import type { AgentSettings } from "../src/domain/settings";
import type { ConversationStore } from "./conversation-store";

const MINUTE_MS = 60_000;
/** WhatsApp's customer-service window for free-form messages on Business API channels. */
const WHATSAPP_WINDOW_MS = 24 * 60 * MINUTE_MS;

export function utcDay(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/** Per-customer limits and the WhatsApp window, kept in the conversation's own storage. */
export class CustomerLimits {
  constructor(private readonly store: ConversationStore) {}

  /** True when this message would exceed the customer's messages per minute. */
  overRate(now: number, settings: AgentSettings): boolean {
    return this.store.inboundSince(now - MINUTE_MS) >= settings.customerMessagesPerMinute;
  }

  overDailyBudget(settings: AgentSettings): boolean {
    const used = this.store.getValue<{ day: string; turns: number }>("turnsToday");
    return used?.day === utcDay() && used.turns >= settings.customerDailyTurns;
  }

  countTurn(): void {
    const day = utcDay();
    const used = this.store.getValue<{ day: string; turns: number }>("turnsToday");
    this.store.setValue("turnsToday", { day, turns: used?.day === day ? used.turns + 1 : 1 });
  }

  /** The window runs from when the customer wrote (Wazzup's dateTime), not from when we heard of it. */
  customerWrote(sentAt: number, now: number): void {
    this.store.setValue("lastCustomerAt", Math.max(this.store.getValue<number>("lastCustomerAt") ?? 0, Math.min(sentAt, now)));
  }

  windowClosed(settings: AgentSettings, now: number): boolean {
    const chat = this.store.getValue<ChatAddress>("chat");
    const lastCustomerAt = this.store.getValue<number>("lastCustomerAt");
    if (!settings.enforceWhatsAppWindow || chat?.chatType !== "whatsapp" || lastCustomerAt === undefined) return false;
    return now - lastCustomerAt > WHATSAPP_WINDOW_MS;
  }

  /** One polite notice per limit window (the rate notice at most once per quiet minute); the messages are kept. */
  queueNotice(kind: "rate" | "daily", messageId: string): void {
    const window = kind === "rate" ? `rate:${Math.floor(Date.now() / MINUTE_MS)}` : `daily:${utcDay()}`;
    const lastWindow = this.store.getValue<string>(`notice:${kind}`);
    const sinceLast = this.store.getValue<number>(`noticeAt:${kind}`) ?? 0;
    if (lastWindow === window || (kind === "rate" && Date.now() - sinceLast < MINUTE_MS)) return;
    this.store.setValue(`notice:${kind}`, window);
    this.store.setValue(`noticeAt:${kind}`, Date.now());
    const language = this.store.getValue<Language>("language") ?? "en";
    this.store.insertOutbound(`notice-${kind}-${messageId}`, "agent", limitNotice(kind, language), "sending");
  }
}
