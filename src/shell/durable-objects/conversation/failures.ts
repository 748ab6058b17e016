import type { ChatAddress } from "../../../core/channels/channel";
import { describeError, log } from "../../../lib/log";
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
    const failures = (store.getValue("failures") ?? 0) + 1;
    store.setValue("failures", failures);
    if (failures === 1) {
      store.setValue("failingUpTo", store.pendingInbound().at(-1)?.seq ?? 0);
      store.setValue("failingSince", Date.now());
    }
    const delay = Math.min(MAX_RETRY_DELAY_MS, 1000 * 2 ** Math.min(failures, 10));
    log("error", "conversation.turn_failed", { ...describeError(error), failures, retryInMs: delay, chat: this.host.maskedChat() });
    if (failures < PARK_AFTER_FAILURES) return Date.now() + delay;
    if (this.park()) return Date.now();
    // Nothing of the customer's was failing (the customer was answered; the copy to Postgres, say,
    // is what fails): parking cannot help, so keep retrying at the longest backoff, never in a
    // tight loop, and tell managers once per streak.
    if (failures === PARK_AFTER_FAILURES) {
      const chatId = store.getValue("chat")?.chatId;
      this.outbox.notifyManagers(`stuck-${store.getValue("failingSince") ?? 0}`, `Stuck chat: ${chatId} keeps failing after its messages were answered (${PARK_AFTER_FAILURES} attempts); retrying every ${MAX_RETRY_DELAY_MS / 60_000} minutes. Replies still go out; staff views may lag.`);
      log("error", "conversation.stuck", { failures, chat: this.host.maskedChat() });
    }
    return Date.now() + MAX_RETRY_DELAY_MS;
  }

  /** Sets aside the messages that kept failing; false when none were pending. */
  private park(): boolean {
    const { store } = this.host;
    const upTo = store.getValue("failingUpTo") ?? 0;
    if (!store.pendingInbound().some((m) => m.seq <= upTo)) return false;
    store.settlePending(upTo, "parked");
    store.markSynced(store.unsynced().filter((m) => m.direction === "in" && m.state === "parked").map((m) => m.seq));
    store.setValue("failures", 0);
    const chatId = store.getValue("chat")?.chatId;
    this.outbox.notifyManagers(`park-${upTo}`, `Stuck chat: a message from ${chatId} could not be answered after ${PARK_AFTER_FAILURES} attempts and was set aside; later messages are answered.`);
    log("error", "conversation.parked", { upToSeq: upTo, chat: this.host.maskedChat() });
    return true;
  }
}
