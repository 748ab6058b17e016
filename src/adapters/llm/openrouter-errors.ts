import { ModelCallFailed, type ModelFailureKind } from "../../core/agent/model";

/**
 * An OpenRouter failure as one sentence that names OpenRouter and the host it called (issue 20: the
 * log said only `failed to lookup address information`), classified for the turn: 401 is the key
 * refused, no HTTP status at all is OpenRouter unreachable, anything else a failed call.
 */
export function openRouterFailure(error: unknown, baseUrl: string): ModelCallFailed {
  if (error instanceof ModelCallFailed) return error;
  const host = hostOf(baseUrl);
  const status = statusOf(error);
  // The SDK's message starts with the status ("401 User not found."); the sentence states it once.
  const detail = causeChain(error).replace(/^\d{3} /, "");
  const timedOut = error instanceof Error && error.constructor.name === "APIConnectionTimeoutError";
  const kind: ModelFailureKind = status === 401 ? "key_refused" : status === null && !timedOut ? "unreachable" : "failed";
  const message =
    kind === "key_refused"
      ? `OpenRouter at ${host} refused OPENROUTER_API_KEY (HTTP 401${detail ? `: ${detail}` : ""})`
      : kind === "unreachable"
        ? `OpenRouter at ${host} could not be reached${detail ? `: ${detail}` : ""}`
        : `OpenRouter at ${host} failed${status !== null ? ` (HTTP ${status})` : ""}${detail ? `: ${detail}` : ""}`;
  return new ModelCallFailed(message, kind, status, { cause: error });
}

function hostOf(baseUrl: string): string {
  try {
    return new URL(baseUrl).host;
  } catch {
    return baseUrl;
  }
}

function statusOf(error: unknown): number | null {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === "number" ? status : null;
}

/** The messages of an error and its causes ("Connection error. ← fetch failed ← getaddrinfo ENOTFOUND …"), without repeats. */
function causeChain(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current; depth++) {
    const message = current instanceof Error ? current.message : typeof current === "string" ? current : "";
    const trimmed = message.split("\n")[0]!.trim();
    if (trimmed && !parts.includes(trimmed)) parts.push(trimmed);
    current = current instanceof Error ? current.cause : undefined;
  }
  return parts.join(" ← ").slice(0, 300);
}
