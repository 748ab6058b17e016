import type { CustomerProfile } from "../../../core/agent/memory";
import type { ChatAddress } from "../../../core/channels/channel";
import type { Language } from "../../../core/domain/language";
import type { AgentSettings } from "../../../core/domain/settings";
import type { HandoffState } from "../../../core/ports/conversation-object";

/**
 * Every value the conversation object keeps in its key-value table, with its type: the one list a
 * reader needs, and the one the store's `getValue`/`setValue` are typed by, so a key misspelt or a
 * value of the wrong shape does not compile.
 */
export type ConversationState = NamedState & {
  /** The limit window whose notice went out, and when (limits.ts). */
  [K in `notice:${LimitKind}`]: string;
} & { [K in `noticeAt:${LimitKind}`]: number } & {
  /** When this object last sent to a chat, for the channel's least interval between sends (outbox.ts). */
  [key: `lastSendAt:${string}`]: number;
};

type LimitKind = "rate" | "daily";

interface NamedState {
  /** The storage migrations this object has run (store.ts). */
  schemaVersion: number;
  chat: ChatAddress;
  /** The Postgres ids, once the mirror has written the conversation and its customer. */
  conversationId: string;
  customerId: string;
  /** The language of the customer's latest words; what the mirror last wrote of it. */
  language: Language;
  languageMirrored: Language;
  phone: string;
  contactName: string;
  /** The Telegram @handle. */
  handle: string;
  profile: CustomerProfile;
  /** The profile changed since the mirror last wrote it; it was read from Postgres once. */
  profileDirty: boolean;
  profileLoaded: boolean;
  /** The summary of the older messages, and the last message it covers. */
  summary: string;
  summarizedUpTo: number;
  handoff: HandoffState | null;
  /** Handoff changes waiting to be written to Postgres, in order. */
  handoffSync: HandoffSync[];
  /** The turn failures in a row, since when, and the last message they reached (failures.ts). */
  failures: number;
  failingSince: number;
  failingUpTo: number;
  /** The per-minute limit lifts then (limits.ts). */
  rateReopensAt: number;
  turnsToday: { day: string; turns: number };
  lastCustomerAt: number;
  lastTurnAt: number;
  /** When the customer's current burst of messages began (the reply waits for its end). */
  burstStart: number;
  optedOut: boolean;
  /** A STOP or START not yet written to Postgres. */
  optOutChange: { optedOut: boolean; at: number };
  /** The open quotation a follow-up may be sent for (follow-up.ts). */
  followUp: TrackedQuotation;
  /** The prompt version the last turn ran with. */
  promptVersion: number;
  /** Quality review timing (review-timing.ts). */
  qualityHandoffSince: number;
  qualityRetryAt: number;
  qualitySentVersion: number;
  qualityUrgent: ReviewTrigger;
  /** The settings the last turn read, for the object's own rules between turns. */
  settings: AgentSettings;
  /** The order history's line on this customer, read once per analytics run (turn-context.ts). */
  customerHistory: KeptHistory;
}

/** What the order history said of a customer, and the analytics run it reflects. */
export interface KeptHistory {
  customerId: string;
  runEnd: string | null;
  line: string | null;
}

export type StateKey = keyof ConversationState;

export type HandoffSync = { op: "start"; triggerId: string; reason: string; summary: string } | { op: "end" };

/** What makes a review due at once rather than after the quiet period. */
export type ReviewTrigger = "handoff" | "order";

/** The chat's open quotation as the follow-up rule tracks it. */
export interface TrackedQuotation {
  quotationId: string;
  number: string;
  version: number;
  shownAt: number;
  /** The version handled (followed up, or finally skipped): never again for it. */
  doneVersion: number | null;
  /** A cap deferred it: not before then. */
  retryAt?: number;
}
