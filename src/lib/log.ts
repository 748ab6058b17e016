/**
 * Structured JSON logs without personal data. Phone numbers, chat ids and names pass through
 * `maskPhone` / `maskName` before they reach a log line; secrets are never logged at all.
 */
type Level = "debug" | "info" | "warn" | "error";
type Fields = Record<string, unknown>;

export function log(level: Level, event: string, fields: Fields = {}): void {
  const line = JSON.stringify({ level, event, time: new Date().toISOString(), ...fields });
  if (level === "error") console.error(line);
  else if (level === "warn") console.warn(line);
  else console.log(line);
}

/** "971501234567" -> "9715*****567": enough to correlate, not enough to dial. */
export function maskPhone(value: string | null | undefined): string {
  if (!value) return "";
  const digits = value.replace(/\s+/g, "");
  if (digits.length <= 6) return "*".repeat(digits.length);
  return `${digits.slice(0, 4)}${"*".repeat(digits.length - 7)}${digits.slice(-3)}`;
}

/** "Fatima Al Mansoori" -> "F***** A* M********". */
export function maskName(value: string | null | undefined): string {
  if (!value) return "";
  return value
    .split(/\s+/)
    .map((part) => (part.length <= 1 ? "*" : `${part[0]}${"*".repeat(part.length - 1)}`))
    .join(" ");
}

/**
 * Serialises an unknown thrown value for a log line, never including request bodies or headers.
 * A failed database query is logged by Postgres's own account of it (code, message, table,
 * constraint) and the statement's first words, never its parameters: those are customers' words,
 * names and phone numbers, and drizzle puts them in its error message.
 */
export function describeError(error: unknown): Fields {
  const database = databaseFailure(error);
  if (database) return database;
  if (error instanceof Error) {
    return { errorName: error.name, errorMessage: scrubSecrets(error.message).slice(0, 500) };
  }
  return { errorMessage: scrubSecrets(String(error)).slice(0, 500) };
}

/** The text of an error safe to keep (a log line, a job's last error): a failed query without its parameters. */
export function errorText(error: unknown): string {
  const database = databaseFailure(error);
  if (database) return `${database.errorMessage} (${[database.pgCode, database.pgMessage].filter(Boolean).join(" ")})`;
  return scrubSecrets(error instanceof Error ? error.message : String(error)).slice(0, 500);
}

/** Postgres's error fields that name our schema, never a value. `detail` ("Key (x)=(...)") and `where` carry values. */
const PG_FIELDS = ["code", "severity", "table", "column", "constraint", "dataType", "routine"] as const;

function databaseFailure(error: unknown): Fields | null {
  const failedQuery = error instanceof Error && "query" in error && "params" in error ? (error as Error & { query: unknown }) : null;
  const pg = postgresError(failedQuery ? failedQuery.cause : error);
  if (!failedQuery && !pg) return null;
  const fields: Fields = { errorName: failedQuery ? "DatabaseQueryError" : "DatabaseError", errorMessage: "database query failed" };
  if (failedQuery && typeof failedQuery.query === "string") fields.statement = failedQuery.query.replace(/\s+/g, " ").trim().slice(0, 120);
  if (pg) {
    for (const field of PG_FIELDS) if (typeof pg[field] === "string") fields[`pg${field[0]!.toUpperCase()}${field.slice(1)}`] = pg[field];
    fields.pgMessage = withoutValues(String(pg.message));
  } else if (failedQuery?.cause instanceof Error) {
    // Not a Postgres answer (a dropped connection, a timeout): the driver's message names no value.
    fields.cause = scrubSecrets(failedQuery.cause.message).slice(0, 300);
  }
  return fields;
}

function postgresError(error: unknown): (Record<string, unknown> & { message: unknown }) | null {
  if (!(error instanceof Error)) return null;
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" && /^[0-9A-Z]{5}$/.test(code) && "severity" in error ? (error as unknown as Record<string, unknown> & { message: unknown }) : null;
}

/**
 * Postgres quotes the offending value at the end of some messages (`invalid input syntax for
 * type integer: "…"`); identifiers it quotes earlier (`relation "x"`) stay.
 */
function withoutValues(message: string): string {
  return scrubSecrets(message.replace(/:\s*".*$/s, ': "…"')).slice(0, 300);
}

/** Third-party error texts sometimes echo credentials; strip the usual shapes before logging. */
export function scrubSecrets(text: string): string {
  return text
    .replace(/(\w+:\/\/[^:/\s]+:)[^@\s]+@/g, "$1***@")
    .replace(/(bearer|zoho-oauthtoken)\s+[\w.-]+/gi, "$1 ***")
    .replace(/([?&](?:token|key|api_key|refresh_token|client_secret)=)[^&\s]+/gi, "$1***")
    // Telegram bot tokens (`<bot id>:<secret>`) sit in every Bot API and file URL.
    .replace(/\d{3,}:[A-Za-z0-9_-]{20,}/g, "***")
    // Phone numbers in third-party error texts are personal data.
    .replace(/\+?\d{9,15}/g, (digits) => maskPhone(digits));
}
