import type { Handoff } from "../agent/types";
import type { ChatAddress, InboundMessage } from "../channels/channel";
import type { Language } from "../domain/language";
import type { OrderNotice } from "../orders/messages";

/** A chat as its conversation object is named: by channel, channel id and chat id. */
export type ConversationName = Pick<ChatAddress, "channel" | "channelId" | "chatId">;

/**
 * What the rest of the product may ask of one chat's conversation object, the Durable Object in
 * src/shell/durable-objects/conversation.ts. Use cases reach it through `Services.stubs`, so they
 * depend on this port and never on the Worker's bindings; the object's class `implements` it.
 */
export interface ConversationObjectPort {
  /** Stores the channel's messages once each, in order, and schedules the reply. */
  receive(messages: InboundMessage[]): Promise<ReceiveResult>;
  snapshot(): Promise<ConversationSnapshot>;
  takeOver(summary: string): Promise<void>;
  resume(): Promise<void>;
  managerReply(input: { id: string; text: string; staffName: string | null }): Promise<{ messageId: string }>;
  close(): Promise<void>;
  orderPlaced(notice: OrderNotice): Promise<void>;
  /** Queues a note for managers in this chat's outbox, once per `idPrefix`. */
  notifyManagers(idPrefix: string, text: string): Promise<void>;
  backInStock(notice: BackInStockNotice): Promise<ProactiveOutcome>;
}

export interface ReceiveResult {
  /** Messages stored for the first time. */
  accepted: number;
  /** Messages seen before (provider retries, concurrent copies) and not processed again. */
  duplicates: number;
  /** Echoes of messages we sent ourselves. */
  ownEchoes: number;
}

/** A manager has the chat: the bot stays silent until the quiet period after the last manager message. */
export interface HandoffState extends Handoff {
  triggerId: string;
  since: number;
  lastManagerAt: number | null;
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
  /** The customer wrote STOP (and not START since): no proactive message goes to them. */
  optedOut: boolean;
}

/** What the catalog sync's queue job tells the chat: the item that is back, as the catalog has it now. */
export interface BackInStockNotice {
  /** Once per subscription (`back_in_stock:<subscription>:<started>`). */
  key: string;
  sku: string;
  name: string;
  nameAr: string | null;
  /** The price as the customer reads it ("1,450.00"). */
  price: string;
}

/** What became of a proactive message: sent, already sent, skipped by a rule, or due later (a cap). */
export type ProactiveOutcome = { status: "sent" | "repeat" } | { status: "skipped"; reason: string } | { status: "deferred"; retryAt: number };
