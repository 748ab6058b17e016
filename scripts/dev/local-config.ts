import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

/**
 * Where `npm start` keeps its state: the embedded database, wrangler's local storage, generated
 * tokens, the lock and stack.json. `LOCAL_STATE_DIR` gives a second instance a folder of its own.
 */
export const LOCAL_DIR = process.env.LOCAL_STATE_DIR ? resolve(process.env.LOCAL_STATE_DIR) : join(process.cwd(), ".local");

export interface LocalSecrets {
  WAZZUP_WEBHOOK_TOKEN: string;
  ADMIN_API_TOKEN: string;
  WAZZUP_API_KEY: string;
  /** Credentials the Zoho and embeddings stand-ins and the worker share locally. */
  ZOHO_CLIENT_SECRET: string;
  ZOHO_REFRESH_TOKEN: string;
  EMBEDDINGS_API_KEY: string;
  /** The local Telegram bot (stand-in): a token shaped like Telegram's and the webhook secret. */
  TELEGRAM_BOT_TOKEN: string;
  TELEGRAM_WEBHOOK_SECRET: string;
}

/** High-entropy tokens for the local stack, generated once and kept in .local/ (git-ignored). */
export function localSecrets(): LocalSecrets {
  mkdirSync(LOCAL_DIR, { recursive: true });
  const path = join(LOCAL_DIR, "secrets.json");
  const stored = existsSync(path) ? (JSON.parse(readFileSync(path, "utf8")) as Partial<LocalSecrets>) : {};
  const secrets: LocalSecrets = {
    WAZZUP_WEBHOOK_TOKEN: randomBytes(24).toString("base64url"),
    ADMIN_API_TOKEN: randomBytes(24).toString("base64url"),
    WAZZUP_API_KEY: randomBytes(16).toString("hex"),
    ZOHO_CLIENT_SECRET: randomBytes(16).toString("hex"),
    ZOHO_REFRESH_TOKEN: `1000.${randomBytes(16).toString("hex")}`,
    EMBEDDINGS_API_KEY: randomBytes(16).toString("hex"),
    TELEGRAM_BOT_TOKEN: `7000000001:local-${randomBytes(16).toString("hex")}`,
    TELEGRAM_WEBHOOK_SECRET: randomBytes(24).toString("hex"),
    // Tokens generated before keep their values; names added since are generated now.
    ...stored,
  };
  writeFileSync(path, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}

/** What `npm start` tells `npm run chat` (and the benchmark) about the running stack. */
export interface StackInfo {
  workerUrl: string;
  webhookToken: string;
  adminToken: string;
  channelId: string;
  wazzupStandInUrl: string | null;
  /** The Telegram stand-in (POST /__control/updates talks to the bot as a user), when it runs. */
  telegramStandInUrl?: string | null;
  llmMode: "online" | "offline" | "stand-in";
  zohoStandInUrl: string | null;
  embeddings: "stand-in" | "configured";
  vectorStore: string;
}

export function writeStackInfo(info: StackInfo, dir = LOCAL_DIR): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "stack.json"), JSON.stringify(info, null, 2), { mode: 0o600 });
}

/** The running stack's addresses, or null when no `npm start` has written them (or it has stopped). */
export function readStackInfo(dir = LOCAL_DIR): StackInfo | null {
  const path = join(dir, "stack.json");
  if (!existsSync(path)) return null;
  return JSON.parse(readFileSync(path, "utf8")) as StackInfo;
}

/** Writes the worker's local variables to an env file for `wrangler dev --env-file` (mode 600). */
export function writeEnvFile(path: string, vars: Record<string, string | undefined>): void {
  const lines = Object.entries(vars)
    .filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== "")
    .map(([key, value]) => `${key}=${JSON.stringify(value)}`);
  writeFileSync(path, `${lines.join("\n")}\n`, { mode: 0o600 });
}
