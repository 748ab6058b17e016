import { createInterface } from "node:readline/promises";
import { inboundTextMessage } from "../../stand-ins/wazzup-messages";
import { readStackInfo } from "./local-config";

/**
 * `npm run chat`: be a WhatsApp customer of the running local stack. Each line you type is posted
 * to the webhook exactly as Wazzup would; the agent's replies are read from the Wazzup stand-in.
 * Options: --phone 971501234567 (default: a new number), --name "Your Name".
 */
const args = process.argv.slice(2);
const option = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const stack = readStackInfo();
if (!stack.wazzupStandInUrl) {
  console.error("The running stack talks to the real Wazzup (WAZZUP_API_URL is set); chat from WhatsApp instead.");
  process.exit(2);
}
const chatId = option("phone") ?? `9715${Math.floor(Math.random() * 1e8).toString().padStart(8, "0")}`;
const name = option("name") ?? "Local Customer";
let lastSeq = await latestSeq();

console.log(`Chatting as +${chatId} with ${stack.workerUrl} (${stack.llmMode} LLM). Type a message; Ctrl+D to quit.\n`);
const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY });
let polling = true;
void pollReplies();
rl.setPrompt("you> ");
rl.prompt();
for await (const line of rl) {
  const text = line.trim();
  if (text) await send(text);
  rl.prompt();
}
polling = false;
// Give a reply to the last line a moment to arrive when input is piped.
if (!process.stdin.isTTY) await new Promise((resolve) => setTimeout(resolve, Number(process.env.CHAT_WAIT_MS ?? 8000)));
process.exit(0);

async function send(text: string): Promise<void> {
  const message = inboundTextMessage({ channelId: stack.channelId, chatId, text, name });
  const response = await fetch(`${stack.workerUrl}/api/v1/webhook/wazzup?token=${encodeURIComponent(stack.webhookToken)}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ messages: [message] }),
  });
  if (!response.ok) console.log(`(webhook answered ${response.status}: ${await response.text()})`);
}

async function pollReplies(): Promise<void> {
  while (polling || !process.stdin.isTTY) {
    try {
      const response = await fetch(`${stack.wazzupStandInUrl}/__control/messages?chatId=${chatId}&after=${lastSeq}&waitMs=20000`);
      const body = (await response.json()) as { messages: { seq: number; text?: string }[] };
      for (const message of body.messages) {
        lastSeq = Math.max(lastSeq, message.seq);
        process.stdout.write(`\n\x1b[32magent>\x1b[0m ${message.text ?? ""}\n\n`);
        if (process.stdin.isTTY) rl.prompt(true);
      }
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}

async function latestSeq(): Promise<number> {
  const response = await fetch(`${stack.wazzupStandInUrl}/__control/messages`).catch(() => null);
  if (!response) {
    console.error(`The local stack is not answering at ${stack.wazzupStandInUrl}; start it with \`npm start\`.`);
    process.exit(2);
  }
  const body = (await response.json()) as { messages: { seq: number }[] };
  return body.messages.reduce((max, m) => Math.max(max, m.seq), 0);
}
