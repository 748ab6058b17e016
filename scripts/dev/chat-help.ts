import { existsSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";

/** `npm run chat -- --help`. */
export const CHAT_USAGE = `npm run chat [-- options]: be a customer of the stack \`npm start\` runs.

Each line you type goes to the bot as a WhatsApp message (posted to the webhook as Wazzup posts it),
or with --telegram as a Telegram message; the bot's replies are printed as they arrive.

Options:
  --phone 971501234567   the WhatsApp number to write from (default: a new random number)
  --name "Your Name"     the name the customer shows (default: Local Customer)
  --telegram             write as a Telegram user instead (the stack's Telegram stand-in)
  --chat 123456789       the Telegram chat id with --telegram (default: a new one)
  --help                 this text

The stack is found through <state folder>/stack.json: .local/ by default, or LOCAL_STATE_DIR as
given to \`npm start\` (LOCAL_STATE_DIR=.local-2 npm run chat for a second instance).
Piped input (echo "hello" | npm run chat) waits for each reply (CHAT_WAIT_MS, default 30000).`;

/**
 * Other state folders in `cwd` that hold a running stack's stack.json: when the one looked in has
 * none, the newcomer is told which LOCAL_STATE_DIR to give.
 */
export function otherStateDirs(lookedIn: string, cwd = process.cwd()): string[] {
  return readdirSync(cwd, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && entry.name.startsWith(".local") && join(cwd, entry.name) !== lookedIn && existsSync(join(cwd, entry.name, "stack.json")))
    .map((entry) => relative(cwd, join(cwd, entry.name)));
}
