import type { ChatAddress } from "../../../core/channels/channel";
import type { Services } from "../../composition";
import type { AgentSettings } from "../../../core/domain/settings";
import type { HandoffTracker } from "./handoffs";
import type { CustomerLimits } from "./limits";
import type { ConversationStore } from "./store";

/**
 * What the conversation object lends its capabilities (outbox, mirror, turn): its storage and
 * state trackers, the isolate's services, and a few reads. Capabilities never touch the object
 * itself; they report back what they need scheduled (a wake-up time), and the object keeps the
 * one alarm.
 */
export interface ConversationHost {
  readonly store: ConversationStore;
  readonly handoffs: HandoffTracker;
  readonly limits: CustomerLimits;
  readonly services: Services;
  /** The chat this object serves (known from its first message). */
  chat(): ChatAddress | null;
  /** Settings as last read from Postgres (defaults before the first turn). */
  settings(): AgentSettings;
  /** The chat id masked for logs. */
  maskedChat(): string;
}
