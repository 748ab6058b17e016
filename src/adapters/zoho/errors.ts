/**
 * Everything that can go wrong talking to Zoho, in one type the sync and the API can reason
 * about: `retryable` says whether trying again later can help (429, 5xx, token throttling,
 * a garbled answer) or not (bad credentials, a missing scope, a validation error).
 */
export type ZohoErrorKind =
  | "not_configured"
  | "auth"
  | "token_throttled"
  | "rate_limited"
  | "unavailable"
  | "malformed"
  | "not_found"
  | "api";

export class ZohoError extends Error {
  override name = "ZohoError";
  constructor(
    readonly kind: ZohoErrorKind,
    message: string,
    readonly details: { status?: number; code?: number | string; retryAfterMs?: number } = {},
  ) {
    super(message);
  }

  get retryable(): boolean {
    return this.kind === "token_throttled" || this.kind === "rate_limited" || this.kind === "unavailable" || this.kind === "malformed";
  }
}

/**
 * Zoho Inventory/CRM error bodies: `{code, message}` (Inventory), `{code: "INVALID_TOKEN", message}`
 * (CRM), or a CRM record's own error inside `{data: [{code, message, details, status: "error"}]}`.
 */
export function zohoErrorText(body: unknown): { code?: number | string; message?: string } {
  if (!body || typeof body !== "object") return {};
  const record = body as Record<string, unknown>;
  const first = Array.isArray(record.data) ? (record.data[0] as Record<string, unknown> | undefined) : undefined;
  if (record.code === undefined && first && first.status === "error") {
    const details = first.details && typeof first.details === "object" ? (first.details as Record<string, unknown>) : {};
    const field = typeof details.api_name === "string" ? ` (${details.api_name})` : "";
    return {
      ...(typeof first.code === "string" ? { code: first.code } : {}),
      ...(typeof first.message === "string" ? { message: `${withoutQuoted(first.message)}${field}` } : {}),
    };
  }
  const code = typeof record.code === "number" || typeof record.code === "string" ? record.code : undefined;
  const message = typeof record.message === "string" ? withoutQuoted(record.message) : undefined;
  return { ...(code !== undefined ? { code } : {}), ...(message !== undefined ? { message } : {}) };
}

/** Zoho quotes the record it refused ('The customer "Sara Khan" already exists'): names stay out of our errors and logs. */
function withoutQuoted(message: string): string {
  return message.replace(/"[^"]*"|“[^”]*”/g, '"…"');
}
