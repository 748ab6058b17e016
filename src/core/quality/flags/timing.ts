import type { QualityFlag, ReviewInput } from "./types";

/**
 * `slow_first_reply`: the conversation's first answer (the agent's or a manager's, not a notice to
 * managers) came more than `slowFirstReplySeconds` after the customer's first message.
 */
export function slowFirstReply(input: Pick<ReviewInput, "messages" | "settings">): QualityFlag[] {
  const first = input.messages.find((m) => m.direction === "in");
  if (!first) return [];
  const answer = input.messages.find((m) => m.direction === "out" && m.author !== "system" && m.sentAt >= first.sentAt);
  if (!answer) return [];
  const seconds = (answer.sentAt - first.sentAt) / 1000;
  if (seconds <= input.settings.slowFirstReplySeconds) return [];
  return [{ flag: "slow_first_reply", messageIds: [first.id, answer.id], detail: `First reply after ${Math.round(seconds)} s (threshold ${input.settings.slowFirstReplySeconds} s).` }];
}
