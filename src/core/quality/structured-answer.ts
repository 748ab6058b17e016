import { z } from "zod";
import type { ChatModel, CompletionResult } from "../agent/model";

/** One question whose answer must be JSON of a schema: what the judge and the proposal drafter ask. */
export interface StructuredQuestion<S extends z.ZodType> {
  system: string;
  user: string;
  /** The schema's name and JSON Schema the provider enforces (`response_format`), and the zod schema we check with. */
  schemaName: string;
  jsonSchema: Record<string, unknown>;
  schema: S;
  maxTokens: number;
  /** How errors name the call and its answer: "judge call failed: …", "malformed judgment: …". */
  callName: string;
  answerName: string;
}

export type StructuredAnswer<T> = { ok: true; data: T; result: CompletionResult } | { ok: false; error: string; result: CompletionResult | null };

/**
 * Asks once, at temperature 0, for a structured answer and validates it. A failed call or an answer
 * that is not JSON of the schema is an error (capped at `maxErrorChars`), never data; the call's
 * result is returned either way so its tokens and cost are counted.
 */
export async function askStructured<S extends z.ZodType>(model: ChatModel, question: StructuredQuestion<S>, maxErrorChars = 500): Promise<StructuredAnswer<z.output<S>>> {
  let result: CompletionResult;
  try {
    result = await model.complete({
      messages: [
        { role: "system", content: question.system },
        { role: "user", content: question.user },
      ],
      tools: [],
      temperature: 0,
      maxTokens: question.maxTokens,
      responseFormat: { type: "json_schema", json_schema: { name: question.schemaName, strict: true, schema: question.jsonSchema } },
    });
  } catch (failure) {
    return { ok: false, error: `${question.callName} call failed: ${failure instanceof Error ? failure.message : String(failure)}`.slice(0, maxErrorChars), result: null };
  }
  const parsed = question.schema.safeParse(parseJson(result.text));
  if (!parsed.success) return { ok: false, error: `malformed ${question.answerName}: ${z.prettifyError(parsed.error).slice(0, maxErrorChars)}`, result };
  return { ok: true, data: parsed.data, result };
}

function parseJson(text: string | null): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
