import type { InboundMessage } from "../../../core/channels/channel";
import { describeNonText } from "../../../core/agent/offline";
import { log } from "../../../lib/log";
import { isOwnNoticeEcho, settleOwnEcho } from "./echo-rules";
import type { ConversationHost } from "./host";

/**
 * A message the provider reports as sent from the business side (Wazzup's isEcho): our own send
 * coming back, our notice arriving in a manager's chat, or a manager typing in the provider's
 * app, which takes the chat over.
 */
export function recordEcho(host: ConversationHost, message: InboundMessage): "own" | "duplicate" | "manager" {
  const { store, handoffs } = host;
  const own = store.findOwnOutbound(message.id, message.clientMessageId, message.text);
  if (own) {
    // An echo proves the channel has the message: a reply still 'sending' (its answer was lost) is sent.
    const settled = settleOwnEcho(own, message.id);
    if (settled) store.markOutbound(own.id, settled.state, settled.providerId);
    return "own";
  }
  // Our own notice to a manager, echoed into the manager's chat: not a takeover.
  if (isOwnNoticeEcho(message)) return "own";
  if (store.has(message.id)) return "duplicate";
  store.insertOutbound(message.id, "manager", message.text ?? describeNonText(message.type), "sent", message.id);
  if (!handoffs.current()) log("info", "conversation.handoff", { reason: "manager_takeover", chat: host.maskedChat() });
  handoffs.managerWrote(message.id);
  // What the customer wrote before the manager stepped in is the manager's to answer now.
  store.settlePending(Number.MAX_SAFE_INTEGER, "held");
  return "manager";
}
