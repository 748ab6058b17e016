import { conversationKey } from "../../../core/channels/address";
import type { ChatAddress } from "../../../core/channels/channel";
import { publishInboxEvent, type InboxEvent } from "../../inbox-events";
import type { ConversationHost } from "./host";

/**
 * Live events for the staff inbox: what happened in this chat, published without ever blocking
 * or failing the conversation (the send runs after the response, through `waitUntil`).
 */
export class InboxPublisher {
  constructor(
    private readonly host: ConversationHost,
    private readonly env: Env,
    private readonly waitUntil: (promise: Promise<unknown>) => void,
  ) {}

  publish(type: InboxEvent["type"], data?: Record<string, unknown>): void {
    const chat = this.host.store.getValue("chat");
    const conversationId = this.host.store.getValue("conversationId") ?? null;
    this.waitUntil(publishInboxEvent(this.env, { type, conversationId, ...(chat ? { chatKey: conversationKey(chat) } : {}), at: Date.now(), ...(data ? { data } : {}) }));
  }

  /** Notes the state before some work, and returns what publishes its outcome: a handoff it started. */
  watchHandoff(): () => void {
    const handedOff = this.host.handoffs.current() !== null;
    return () => {
      const now = this.host.handoffs.current();
      if (!handedOff && now) this.publish("handoff", { reason: now.reason });
    };
  }

  /** Notes the outbox before an alarm, and returns what publishes messages it recorded or sent, and a handoff. */
  watchAlarm(): () => void {
    const before = this.host.store.counts();
    const handoff = this.watchHandoff();
    return () => {
      const after = this.host.store.counts();
      if (after.total > before.total || after.sending < before.sending) this.publish("message.sent");
      handoff();
    };
  }
}
