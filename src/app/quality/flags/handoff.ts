import { handoffByRules } from "../../../core/agent/handoff";
import { handedOffSince, type QualityFlag, type ReviewInput } from "../../../core/quality/flags/types";

/**
 * `handoff_missed`: a customer message that the handoff rules match (a request for a person,
 * frustration, a discount beyond policy) while no manager had the chat, and no handoff followed
 * and no manager wrote after it.
 */
export function handoffMissed(input: Pick<ReviewInput, "messages" | "handoffs" | "settings">): QualityFlag[] {
  const flags: QualityFlag[] = [];
  for (const message of input.messages) {
    if (message.direction !== "in" || !message.text) continue;
    const rule = handoffByRules(message.text, input.settings.maxDiscountPercent);
    if (!rule) continue;
    const handled =
      handedOffSince(input, message.sentAt) ||
      input.messages.some((m) => m.author === "manager" && m.sentAt >= message.sentAt);
    if (handled) continue;
    const reply = input.messages.find((m) => m.direction === "out" && m.author === "agent" && m.sentAt >= message.sentAt);
    flags.push({ flag: "handoff_missed", messageIds: reply ? [message.id, reply.id] : [message.id], detail: `${rule.summary} No handoff followed (${rule.reason}).` });
  }
  return flags;
}
