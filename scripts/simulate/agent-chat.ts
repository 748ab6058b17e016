import { inboundTextMessage } from "../../stand-ins/wazzup-messages";
import type { StaffReader } from "./staff";

/** What the simulation needs of a running stack. */
export interface StackAddress {
  workerUrl: string;
  webhookToken: string;
  channelId: string;
  /** The Wazzup stand-in, when the stack uses it; otherwise replies are read through the staff API. */
  wazzupStandInUrl: string | null;
}

/** One customer in a chat with the agent: messages go in through the Wazzup webhook like a real customer's. */
export interface AgentChat {
  chatId: string;
  /** Sends one customer message and resolves to the agent's messages answering it ([] when none came in time). */
  say(text: string): Promise<string[]>;
}

export function agentChat(stack: StackAddress, staff: StaffReader, chatId: string, name: string, replyWaitMs = 60_000): AgentChat {
  let afterSeq = 0;
  let seen = 0;
  return {
    chatId,
    async say(text) {
      const message = inboundTextMessage({ channelId: stack.channelId, chatId, text, name });
      const response = await fetch(`${stack.workerUrl}/api/v1/webhook/wazzup?token=${encodeURIComponent(stack.webhookToken)}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ messages: [message] }),
      });
      if (!response.ok) throw new Error(`the webhook answered ${response.status}: ${(await response.text()).slice(0, 200)}`);
      // The reply to a message is sent under the id `reply-<its id>` (ADR 0003): wait for exactly that one.
      const replyId = `reply-${message.messageId}`;
      if (stack.wazzupStandInUrl) {
        const sent = await untilReply(stack.wazzupStandInUrl, chatId, afterSeq, replyId, replyWaitMs);
        afterSeq = Math.max(afterSeq, ...sent.map((m) => m.seq));
        return sent.filter((m) => m.text).map((m) => m.text!);
      }
      const replies = await untilStaffReply(staff, chatId, seen, replyId, replyWaitMs);
      seen += replies.read;
      return replies.texts;
    },
  };
}

interface Sent {
  seq: number;
  text?: string;
  crmMessageId?: string;
}

async function untilReply(standInUrl: string, chatId: string, afterSeq: number, replyId: string, waitMs: number): Promise<Sent[]> {
  const deadline = Date.now() + waitMs;
  const collected: Sent[] = [];
  let after = afterSeq;
  while (Date.now() < deadline) {
    // Short polls: the stand-in's wait timer outlives an answered poll and would hold a test process open.
    const wait = Math.min(5_000, Math.max(1, deadline - Date.now()));
    const { messages } = (await (await fetch(`${standInUrl}/__control/messages?chatId=${chatId}&after=${after}&waitMs=${wait}`)).json()) as { messages: Sent[] };
    collected.push(...messages);
    after = Math.max(after, ...messages.map((m) => m.seq));
    if (collected.some((m) => m.crmMessageId?.startsWith(replyId))) return collected;
  }
  return collected;
}

/** Without the Wazzup stand-in: the conversation's outgoing messages through the staff API, polled until the reply is recorded. */
async function untilStaffReply(staff: StaffReader, chatId: string, seen: number, replyId: string, waitMs: number): Promise<{ texts: string[]; read: number }> {
  const deadline = Date.now() + waitMs;
  while (Date.now() < deadline) {
    const conversation = await staff.conversationOf(chatId);
    if (conversation) {
      const { messages } = await staff.call("listMessages", { params: { id: conversation.id }, query: { limit: 200 } });
      const outgoing = messages.filter((m) => m.direction === "out").slice(seen);
      if (outgoing.some((m) => m.clientMessageId?.startsWith(replyId))) return { texts: outgoing.map((m) => m.text ?? "").filter(Boolean), read: outgoing.length };
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return { texts: [], read: 0 };
}
