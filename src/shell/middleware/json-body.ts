import type { Context } from "hono";
import type { z } from "zod";
import { ApiError } from "../../core/errors";
import { readAtMost } from "../../lib/streams";

/**
 * Reads a JSON body of at most `maxBytes`, parses it and validates it with `schema`. Oversized
 * bodies are refused while streaming, before they are buffered whole.
 */
export async function readJsonBody<S extends z.ZodType>(
  c: Context,
  schema: S,
  maxBytes: number,
  options: { emptyIsObject?: boolean } = {},
): Promise<z.infer<S>> {
  const declared = Number(c.req.header("content-length") ?? "NaN");
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(maxBytes);
  const text = await readCapped(c.req.raw, maxBytes);
  let json: unknown;
  try {
    json = options.emptyIsObject && text.trim() === "" ? {} : JSON.parse(text);
  } catch {
    throw new ApiError(400, "INVALID_JSON", "Request body is not valid JSON");
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 20).map((issue) => ({ path: issue.path.join("."), message: issue.message }));
    const first = issues[0];
    throw new ApiError(400, "VALIDATION_FAILED", `Invalid request body${first ? `: ${first.path || "(root)"} ${first.message}` : ""}`, { issues });
  }
  return parsed.data;
}

async function readCapped(request: Request, maxBytes: number): Promise<string> {
  const bytes = await readAtMost(request.body, maxBytes);
  if (!bytes) throw tooLarge(maxBytes);
  return new TextDecoder().decode(bytes);
}

function tooLarge(maxBytes: number): ApiError {
  return new ApiError(413, "PAYLOAD_TOO_LARGE", `Request body exceeds ${maxBytes} bytes`);
}
