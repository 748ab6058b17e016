import type { Config } from "../../core/config";
import { downloadMedia } from "../media/download";

/** WhatsApp voice notes are short; anything larger is refused while it downloads. */
export const MAX_AUDIO_BYTES = 16 * 1024 * 1024;

export type TranscriptionResult = { ok: true; text: string } | { ok: false; reason: "not_configured" | "download_failed" | "too_large" | "transcription_failed" };

/**
 * Downloads a voice note from the channel's media URL (only from `mediaOrigins`, streamed with a
 * byte cap: src/adapters/media/download.ts) and transcribes it through an OpenAI-style
 * `/audio/transcriptions` endpoint (Whisper; English and Arabic detected by the model).
 * Never throws: the caller answers a failure instead of dropping the message.
 */
export async function transcribeVoiceNote(config: Config, contentUri: string, mediaOrigins: readonly string[]): Promise<TranscriptionResult> {
  if (!config.TRANSCRIBE_API_KEY) return { ok: false, reason: "not_configured" };
  const download = await downloadMedia(contentUri, { origins: mediaOrigins, maxBytes: MAX_AUDIO_BYTES, timeoutMs: 15_000 });
  if (!download.ok) return { ok: false, reason: download.reason === "too_large" ? "too_large" : "download_failed" };
  const audio = download.bytes;
  try {
    const form = new FormData();
    form.append("file", new Blob([audio], { type: "audio/ogg" }), "voice.ogg");
    form.append("model", "whisper-1");
    form.append("response_format", "json");
    const response = await fetch(`${config.TRANSCRIBE_BASE_URL.replace(/\/$/, "")}/audio/transcriptions`, {
      method: "POST",
      headers: { authorization: `Bearer ${config.TRANSCRIBE_API_KEY}` },
      body: form,
      signal: AbortSignal.timeout(30_000),
    });
    if (!response.ok) return { ok: false, reason: "transcription_failed" };
    const body = (await response.json()) as { text?: unknown };
    const text = typeof body.text === "string" ? body.text.trim() : "";
    return text ? { ok: true, text } : { ok: false, reason: "transcription_failed" };
  } catch {
    return { ok: false, reason: "transcription_failed" };
  }
}
