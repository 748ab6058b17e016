import postgres from "postgres";
import { StartRefused } from "./start-guards";

/**
 * What `npm start` asks the services it is given before it starts anything (issue 20): the
 * OpenRouter key (OpenRouter answers 401 for a bad one) and the Postgres of DATABASE_URL. Each
 * failure is one sentence naming the service, its host and the cause, never a stack trace or a
 * "ready" line followed by a failure elsewhere. Secrets never appear in what is printed.
 */

export interface CheckResult {
  ok: boolean;
  /** One line for the start's step list. */
  line: string;
}

/**
 * GET {OPENROUTER_BASE_URL}/key: OpenRouter's "current API key". A 401 refuses the start (the key
 * is wrong, and stays wrong); no answer or another status is reported and the start goes on (the
 * offline salesperson answers while the model cannot).
 */
export async function checkOpenRouterKey(apiKey: string, baseUrl = "https://openrouter.ai/api/v1", timeoutMs = 10_000): Promise<CheckResult> {
  const host = hostOf(baseUrl);
  let response: Response;
  try {
    response = await fetch(`${baseUrl.replace(/\/+$/, "")}/key`, { headers: { authorization: `Bearer ${apiKey}` }, signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    return { ok: false, line: `llm: OpenRouter at ${host} could not be reached (${causeOf(error)}); customers get the offline salesperson until it answers` };
  }
  const reason = await response
    .json()
    .then((body: { error?: { message?: unknown } }) => (typeof body?.error?.message === "string" ? body.error.message : ""))
    .catch(() => "");
  if (response.status === 401) {
    throw new StartRefused(
      `OpenRouter at ${host} refused OPENROUTER_API_KEY (HTTP 401${reason ? `: ${reason}` : ""}). Check the key at https://openrouter.ai/settings/keys, or unset OPENROUTER_API_KEY to run with the offline salesperson.`,
    );
  }
  if (!response.ok) return { ok: false, line: `llm: OpenRouter at ${host} answered the key check with HTTP ${response.status}${reason ? ` (${reason})` : ""}; starting anyway` };
  return { ok: true, line: `llm: OpenRouter at ${host} accepted OPENROUTER_API_KEY` };
}

/**
 * Connects to DATABASE_URL and runs `select 1`; refuses the start naming host, port and the
 * error (connection refused, unknown host, password) instead of a migration failure that hides it.
 */
export async function checkDatabase(url: string, timeoutSeconds = 8): Promise<CheckResult> {
  let where: string;
  try {
    const parsed = new URL(url);
    where = `${parsed.hostname}:${parsed.port || "5432"}`;
  } catch {
    throw new StartRefused("DATABASE_URL is not a URL (expected postgres://user:password@host:port/database)");
  }
  const sql = postgres(url, { max: 1, connect_timeout: timeoutSeconds, idle_timeout: 1, onnotice: () => undefined });
  try {
    await sql`select 1`;
    return { ok: true, line: `database: Postgres at ${where} answers` };
  } catch (error) {
    throw new StartRefused(
      `cannot reach the Postgres of DATABASE_URL at ${where}: ${causeOf(error)}. Is the server running and the URL right? Unset DATABASE_URL to use the embedded database.`,
    );
  } finally {
    await sql.end({ timeout: 1 }).catch(() => undefined);
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** The innermost useful cause ("connect ECONNREFUSED 127.0.0.1:5433", "getaddrinfo ENOTFOUND db.example"). */
function causeOf(error: unknown): string {
  let current: unknown = error;
  let text = "";
  for (let depth = 0; depth < 4 && current; depth++) {
    const code = (current as { code?: unknown }).code;
    const message = current instanceof Error ? current.message : String(current);
    if (message) text = typeof code === "string" && !message.includes(code) ? `${code}: ${message}` : message;
    current = current instanceof Error ? current.cause : undefined;
  }
  return text.split("\n")[0]!.slice(0, 200) || "no answer";
}

/** The checks `npm start` runs on what the environment gives it; refuses (throws StartRefused) or reports each. */
export async function checkServices(env: Record<string, string | undefined>, step: (line: string) => void, warn: (line: string) => void): Promise<void> {
  if (env.DATABASE_URL) step((await checkDatabase(env.DATABASE_URL)).line);
  if (env.OPENROUTER_API_KEY) {
    const key = await checkOpenRouterKey(env.OPENROUTER_API_KEY, env.OPENROUTER_BASE_URL || undefined);
    (key.ok ? step : warn)(key.line);
  }
}
