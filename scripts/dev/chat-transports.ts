import { textUpdate } from "../../stand-ins/telegram-updates";
import { inboundTextMessage } from "../../stand-ins/wazzup-messages";
import type { StackInfo } from "./local-config";

/** What the agent sent, as a stand-in recorded it. */
export interface AgentMessage {
  seq: number;
  text?: string;
  contentUri?: string;
}

/** How `npm run chat` reaches the bot as a customer: through one channel's stand-in. */
export interface ChatTransport {
  /** Who the customer is, for the banner. */
  who: string;
  /** Posts the customer's words; resolves to an error text when the stack did not take them. */
  send(text: string): Promise<string | null>;
  /** The agent's messages after `afterSeq`, waiting up to `waitMs` for the first. */
  replies(afterSeq: number, waitMs: number): Promise<AgentMessage[]>;
}

/** A WhatsApp customer: messages posted to the webhook as Wazzup would; replies read from the Wazzup stand-in. */
export function wazzupTransport(stack: StackInfo & { wazzupStandInUrl: string }, chatId: string, name: string): ChatTransport {
  return {
    who: `+${chatId} on WhatsApp`,
    async send(text) {
      const message = inboundTextMessage({ channelId: stack.channelId, chatId, text, name });
      const response = await fetch(`${stack.workerUrl}/api/v1/webhook/wazzup?token=${encodeURIComponent(stack.webhookToken)}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ messages: [message] }),
      }).catch(() => null);
      if (!response) return `The local stack stopped answering at ${stack.workerUrl}; is \`npm start\` still running?`;
      return response.ok ? null : `(webhook answered ${response.status}: ${await response.text()})`;
    },
    async replies(afterSeq, waitMs) {
      const response = await fetch(`${stack.wazzupStandInUrl}/__control/messages?chatId=${chatId}&after=${afterSeq}&waitMs=${waitMs}`);
      return ((await response.json()) as { messages: AgentMessage[] }).messages;
    },
  };
}

/** A Telegram user: updates delivered by the Telegram stand-in to the bot's webhook; replies read from its sends. */
export function telegramTransport(standInUrl: string, chatId: number, name: string): ChatTransport {
  return {
    who: `Telegram user ${chatId}`,
    async send(text) {
      const update = textUpdate({ chatId, text, firstName: name });
      const response = await fetch(`${standInUrl}/__control/updates`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(update) }).catch(() => null);
      if (!response) return `The Telegram stand-in stopped answering at ${standInUrl}; is \`npm start\` still running?`;
      const { webhookStatus } = (await response.json()) as { webhookStatus: number };
      return webhookStatus === 200 ? null : `(the bot's webhook answered ${webhookStatus})`;
    },
    async replies(afterSeq, waitMs) {
      const response = await fetch(`${standInUrl}/__control/sends?chatId=${chatId}&after=${afterSeq}&count=1&waitMs=${waitMs}`);
      const { sends } = (await response.json()) as { sends: { seq: number; text?: string; caption?: string; document?: string }[] };
      return sends.map((s) => ({ seq: s.seq, text: s.text ?? s.caption, contentUri: s.document }));
    },
  };
}
