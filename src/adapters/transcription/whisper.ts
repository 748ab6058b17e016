import type { Config } from "../../config";

/** WhatsApp voice notes are short; anything larger is refused before download completes. */
const MAX_AUDIO_BYTES = 16 * 1024 * 1024;

export type TranscriptionResult = { ok: true; text: string } | { ok: false; reason: "not_configured" | "download_failed" | "too_large" | "transcription_failed" };

/**
 * Downloads a voice note from Wazzup's `contentUri` and transcribes it through an OpenAI-style
 * `/audio/transcriptions` endpoint (Whisper; English and Arabic detected by the model).
 * Never throws: the caller answers a failure instead of dropping the message.
 */
export async function transcribeVoiceNote(config: Config, contentUri: string): Promise<TranscriptionResult> {
  if (!config.TRANSCRIBE_API_KEY) return { ok: false, reason: "not_configured" };
  let audio: ArrayBuffer;
  try {
    const response = await fetch(contentUri, { signal: AbortSignal.timeout(15_000) });
    if (!response.ok) return { ok: false, reason: "download_failed" };
    if (Number(response.headers.get("content-length") ?? 0) > MAX_AUDIO_BYTES) return { ok: false, reason: "too_large" };
    audio = await response.arrayBuffer();
    if (audio.byteLength > MAX_AUDIO_BYTES) return { ok: false, reason: "too_large" };
  } catch {
    return { ok: false, reason: "download_failed" };
  }
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
