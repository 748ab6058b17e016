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

/** Serialises an unknown thrown value for a log line, never including request bodies or headers. */
export function describeError(error: unknown): Fields {
  if (error instanceof Error) {
    return { errorName: error.name, errorMessage: scrubSecrets(error.message).slice(0, 500) };
  }
  return { errorMessage: scrubSecrets(String(error)).slice(0, 500) };
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
