import type { ChatAddress } from "../../src/channels/channel";
import { describeError, log } from "../../src/lib/log";
import type { ConversationHost } from "./host";
import type { Outbox } from "./outbox";

const MAX_RETRY_DELAY_MS = 5 * 60_000;
/** Failed alarms on the same messages after which they are set aside, so later ones are answered. */
export const PARK_AFTER_FAILURES = 5;

/**
 * Alarms that fail: each retries with backoff, and when the same messages keep failing they are
 * set aside (parked, kept in the object, managers alerted) so the chat's later messages are
 * answered. One bad message never blocks a chat.
 */
export class AlarmFailures {
  constructor(
    private readonly host: ConversationHost,
    private readonly outbox: Outbox,
  ) {}

  succeeded(): void {
    this.host.store.setValue("failures", 0);
  }

  /** Records a failed alarm; returns when the alarm should run again. */
  failed(error: unknown): number {
    const { store } = this.host;
    const failures = (store.getValue<number>("failures") ?? 0) + 1;
    store.setValue("failures", failures);
    if (failures === 1) store.setValue("failingUpTo", store.pendingInbound().at(-1)?.seq ?? 0);
    const delay = Math.min(MAX_RETRY_DELAY_MS, 1000 * 2 ** Math.min(failures, 10));
    log("error", "conversation.turn_failed", { ...describeError(error), failures, retryInMs: delay, chat: this.host.maskedChat() });
    if (failures < PARK_AFTER_FAILURES) return Date.now() + delay;
    this.park();
    return Date.now();
  }

  private park(): void {
    const { store } = this.host;
    const upTo = store.getValue<number>("failingUpTo") ?? 0;
    store.settlePending(upTo, "parked");
    store.markSynced(store.unsynced().filter((m) => m.direction === "in" && m.state === "parked").map((m) => m.seq));
    store.setValue("failures", 0);
    const chatId = store.getValue<ChatAddress>("chat")?.chatId;
    this.outbox.notifyManagers(`park-${upTo}`, `Stuck chat: a message from ${chatId} could not be answered after ${PARK_AFTER_FAILURES} attempts and was set aside; later messages are answered.`);
    log("error", "conversation.parked", { upToSeq: upTo, chat: this.host.maskedChat() });
  }
}
