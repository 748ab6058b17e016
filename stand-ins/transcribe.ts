import { bearer, startJsonServer, type JsonRequest, type JsonResponse, type StandInServer } from "./http";

/**
 * OpenAI-style `POST /v1/audio/transcriptions` stand-in (multipart form: file, model, optional
 * language), as Whisper endpoints take it. Real audio cannot be recognised here, so test files
 * carry their transcript: a file whose bytes read `stand-in-audio:<transcript>` transcribes to
 * `<transcript>`; `stand-in-audio:fail` answers 500; anything else answers 400 like an
 * undecodable file.
 */
export interface TranscribeStandInOptions {
  apiKey: string;
  port?: number;
  basePath?: string;
}

export async function startTranscribeStandIn(options: TranscribeStandInOptions): Promise<StandInServer> {
  const path = `${options.basePath ?? "/v1"}/audio/transcriptions`;
  const transcribe = async (request: JsonRequest): Promise<JsonResponse | undefined> => {
    if (request.method !== "POST" || request.path !== path) return undefined;
    if (bearer(request) !== options.apiKey) return { status: 401, body: { error: { message: "Incorrect API key provided", type: "invalid_request_error" } } };
    const contentType = request.headers["content-type"] ?? "";
    if (!contentType.startsWith("multipart/form-data")) return { status: 400, body: { error: { message: "Expected multipart/form-data", type: "invalid_request_error" } } };
    const form = await new Request("http://stand-in/", { method: "POST", headers: { "content-type": contentType }, body: new Uint8Array(request.bytes) }).formData();
    const file = form.get("file");
    if (!(file instanceof Blob) || !form.get("model")) return { status: 400, body: { error: { message: "file and model are required", type: "invalid_request_error" } } };
    const content = Buffer.from(await file.arrayBuffer()).toString("utf8");
    if (content === "stand-in-audio:fail") return { status: 500, body: { error: { message: "The server had an error", type: "server_error" } } };
    if (!content.startsWith("stand-in-audio:")) return { status: 400, body: { error: { message: "Audio file could not be decoded", type: "invalid_request_error" } } };
    return { status: 200, body: { text: content.slice("stand-in-audio:".length) } };
  };
  return startJsonServer("transcribe", [transcribe], options.port);
}
