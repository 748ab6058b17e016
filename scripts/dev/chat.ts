import { createInterface } from "node:readline/promises";
import { inboundTextMessage } from "../../stand-ins/wazzup-messages";
import { shownMessage as shown } from "./chat-format";
import { readStackInfo, type StackInfo } from "./local-config";

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
const stack = await runningStack();
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
let received = 0;
for await (const line of rl) {
  const text = line.trim();
  if (text) {
    const before = received;
    await send(text);
    // Piped input (a scripted conversation): each line waits for its answer, as a person would.
    if (!process.stdin.isTTY) await replyAfter(before);
  }
  rl.prompt();
}
polling = false;
// Messages after the last reply (the sale order, its document) get a moment to arrive when input is piped.
if (!process.stdin.isTTY) await new Promise((resolve) => setTimeout(resolve, Number(process.env.CHAT_TAIL_MS ?? 4000)));
process.exit(0);

async function send(text: string): Promise<void> {
  const message = inboundTextMessage({ channelId: stack.channelId, chatId, text, name });
  const response = await fetch(`${stack.workerUrl}/api/v1/webhook/wazzup?token=${encodeURIComponent(stack.webhookToken)}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ messages: [message] }),
  }).catch(() => null);
  if (!response) {
    console.error(`\nThe local stack stopped answering at ${stack.workerUrl}; is \`npm start\` still running?`);
    process.exit(2);
  }
  if (!response.ok) console.log(`(webhook answered ${response.status}: ${await response.text()})`);
}

async function pollReplies(): Promise<void> {
  while (polling || !process.stdin.isTTY) {
    try {
      const response = await fetch(`${stack.wazzupStandInUrl}/__control/messages?chatId=${chatId}&after=${lastSeq}&waitMs=20000`);
      const body = (await response.json()) as { messages: { seq: number; text?: string; contentUri?: string }[] };
      for (const message of body.messages) {
        lastSeq = Math.max(lastSeq, message.seq);
        received++;
        process.stdout.write(`\n\x1b[32magent>\x1b[0m ${shown(message)}\n\n`);
        if (process.stdin.isTTY) rl.prompt(true);
      }
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}

async function replyAfter(count: number): Promise<void> {
  const deadline = Date.now() + Number(process.env.CHAT_WAIT_MS ?? 30_000);
  while (received === count && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  // Messages that follow the reply (an order's sale order and document) come within moments.
  await new Promise((resolve) => setTimeout(resolve, 300));
}

/** The stack `npm start` runs, or an explanation (not a stack trace) of how to start one. */
async function runningStack(): Promise<StackInfo> {
  const info = readStackInfo();
  const health = info ? await fetch(`${info.workerUrl}/api/v1/health`).catch(() => null) : null;
  if (!info || !health) {
    console.error(
      [
        "No local stack is running, so there is nobody to chat with.",
        "Start it in another terminal with `npm start`, wait for \"Sales agent running at …\", then run `npm run chat` again.",
        ...(process.env.LOCAL_STATE_DIR ? [`(Looked in LOCAL_STATE_DIR=${process.env.LOCAL_STATE_DIR}.)`] : []),
      ].join("\n"),
    );
    process.exit(2);
  }
  return info;
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
