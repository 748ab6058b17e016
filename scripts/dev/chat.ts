import { createInterface } from "node:readline/promises";
import { shownMessage as shown } from "./chat-format";
import { telegramTransport, wazzupTransport, type ChatTransport } from "./chat-transports";
import { CHAT_USAGE, otherStateDirs } from "./chat-help";
import { LOCAL_DIR, readStackInfo, type StackInfo } from "./local-config";

/**
 * `npm run chat`: be a customer of the running local stack. Each line you type is posted to the
 * webhook exactly as Wazzup would (or, with --telegram, delivered by the Telegram stand-in as an
 * update); the agent's replies are read from the stand-in.
 * Options: --phone 971501234567 (default: a new number), --name "Your Name", --telegram, --help.
 * The stack is the one whose stack.json is in LOCAL_STATE_DIR (default .local/), as `npm start` wrote it.
 */
const args = process.argv.slice(2);
if (args.includes("--help") || args.includes("-h")) {
  console.log(CHAT_USAGE);
  process.exit(0);
}
const option = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const stack = await runningStack();
const name = option("name") ?? "Local Customer";
const transport = chooseTransport();
let lastSeq = 0;
for (const message of await transport.replies(0, 0)) lastSeq = Math.max(lastSeq, message.seq);

console.log(`Chatting as ${transport.who} with ${stack.workerUrl} (${stack.llmMode} LLM). Type a message; Ctrl+D to quit.\n`);
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
  const problem = await transport.send(text);
  if (problem?.startsWith("(")) console.log(problem);
  else if (problem) {
    console.error(`\n${problem}`);
    process.exit(2);
  }
}

/** WhatsApp through the Wazzup stand-in, or Telegram through its stand-in with --telegram. */
function chooseTransport(): ChatTransport {
  if (args.includes("--telegram")) {
    if (!stack.telegramStandInUrl) {
      console.error("The running stack talks to a real Telegram bot (TELEGRAM_BOT_TOKEN is set); chat from Telegram instead.");
      process.exit(2);
    }
    return telegramTransport(stack.telegramStandInUrl, Number(option("chat") ?? 100_000_000 + Math.floor(Math.random() * 1e9)), name);
  }
  if (!stack.wazzupStandInUrl) {
    console.error("The running stack talks to the real Wazzup (WAZZUP_API_URL is set); chat from WhatsApp instead.");
    process.exit(2);
  }
  const chatId = option("phone") ?? `9715${Math.floor(Math.random() * 1e8).toString().padStart(8, "0")}`;
  return wazzupTransport({ ...stack, wazzupStandInUrl: stack.wazzupStandInUrl }, chatId, name);
}

async function pollReplies(): Promise<void> {
  while (polling || !process.stdin.isTTY) {
    try {
      for (const message of await transport.replies(lastSeq, 20_000)) {
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
        ...(process.env.LOCAL_STATE_DIR ? [`(Looked in LOCAL_STATE_DIR=${process.env.LOCAL_STATE_DIR}.)`] : [`(Looked in ${LOCAL_DIR}; a start with LOCAL_STATE_DIR keeps its stack there.)`]),
        ...otherStateDirs(LOCAL_DIR).map((dir) => `A stack was started with LOCAL_STATE_DIR=${dir}: chat with it by LOCAL_STATE_DIR=${dir} npm run chat`),
      ].join("\n"),
    );
    process.exit(2);
  }
  return info;
}
