import type { Handoff } from "../../../core/agent/handoff";
import type { HandoffState } from "../../../core/ports/conversation-object";

export type { HandoffState };
import type { ConversationStore } from "./store";

/** A manager has the chat: the bot stays silent until the quiet period after the last manager message. */

import type { HandoffSync } from "./state";

export type { HandoffSync };

const MINUTE_MS = 60_000;

/** The handoff state of one conversation, kept in its own storage. */
export class HandoffTracker {
  constructor(private readonly store: ConversationStore) {}

  current(): HandoffState | null {
    return this.store.getValue("handoff") ?? null;
  }

  /** When the bot may answer again: the quiet period after the later of the handoff and the last manager message. */
  resumeAt(quietMinutes: number): number | null {
    const handoff = this.current();
    if (!handoff) return null;
    return Math.max(handoff.since, handoff.lastManagerAt ?? 0) + quietMinutes * MINUTE_MS;
  }

  start(handoff: Handoff, triggerId: string): void {
    this.store.setValue("handoff", { ...handoff, triggerId, since: Date.now(), lastManagerAt: null } satisfies HandoffState);
    this.queueSync({ op: "start", triggerId, reason: handoff.reason, summary: handoff.summary });
  }

  end(): void {
    this.store.setValue("handoff", null);
    this.queueSync({ op: "end" });
  }

  /** A manager writing (in the provider's app or from the panel) takes the chat over; each message restarts the quiet period. */
  managerWrote(messageId: string, summary = "A manager wrote from the WhatsApp app."): void {
    if (!this.current()) this.start({ reason: "manager_takeover", summary }, messageId);
    this.store.setValue("handoff", { ...this.current()!, lastManagerAt: Date.now() } satisfies HandoffState);
  }

  pendingSync(): HandoffSync[] {
    return this.store.getValue("handoffSync") ?? [];
  }

  /** Drops the oldest pending change once Postgres has it. */
  synced(): void {
    this.store.setValue("handoffSync", this.pendingSync().slice(1));
  }

  private queueSync(op: HandoffSync): void {
    this.store.setValue("handoffSync", [...this.pendingSync(), op]);
  }
}
