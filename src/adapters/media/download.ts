import { log } from "../../lib/log";
import { readAtMost } from "../../lib/streams";

/**
 * Downloads of media customers send (voice notes): only from the channel's own media hosts, and
 * read as a stream that stops at the byte cap, so a hostile or mistaken URL can neither point the
 * worker at another server (an internal one, or one that never stops sending) nor fill its memory.
 */

export type MediaDownload = { ok: true; bytes: Uint8Array; contentType: string | null } | { ok: false; reason: "host_not_allowed" | "download_failed" | "too_large" };

/** Whether `url` is on one of `origins` (scheme, host and port alike). Pure. */
export function isAllowedMediaUrl(url: string, origins: readonly string[]): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.username || parsed.password) return false;
  return origins.includes(parsed.origin);
}

/** Fetches a media URL under those rules; redirects are not followed (they could leave the allowed hosts). Never throws. */
export async function downloadMedia(url: string, options: { origins: readonly string[]; maxBytes: number; timeoutMs: number }): Promise<MediaDownload> {
  if (!isAllowedMediaUrl(url, options.origins)) {
    // The host only: a media URL can carry a token (Telegram's does).
    log("warn", "media.host_not_allowed", { host: safeHost(url), allowed: options.origins.map((o) => new URL(o).host) });
    return { ok: false, reason: "host_not_allowed" };
  }
  try {
    const response = await fetch(url, { redirect: "manual", signal: AbortSignal.timeout(options.timeoutMs) });
    if (!response.ok) {
      await response.body?.cancel().catch(() => undefined);
      return { ok: false, reason: "download_failed" };
    }
    if (Number(response.headers.get("content-length") ?? 0) > options.maxBytes) {
      await response.body?.cancel().catch(() => undefined);
      return { ok: false, reason: "too_large" };
    }
    const bytes = await readAtMost(response.body, options.maxBytes);
    return bytes ? { ok: true, bytes, contentType: response.headers.get("content-type") } : { ok: false, reason: "too_large" };
  } catch {
    return { ok: false, reason: "download_failed" };
  }
}

function safeHost(url: string): string | null {
  try {
    return new URL(url).host;
  } catch {
    return null;
  }
}
