import { z } from "zod";
import type { Language } from "../../domain/language";
import type { ChatCompletionTool } from "../model";
import type { Catalog, ToolResult } from "../types";
import type { ToolEvidence } from "./evidence";

/** What a tool handler may use: the catalog, the customer's language, and the turn's evidence (which holds the desk). */
export interface ToolContext {
  catalog: Catalog;
  language: Language;
  evidence: ToolEvidence;
}

/**
 * One tool, declared once: the model sees `name`, `description` and the JSON Schema generated from
 * `input`; the same schema validates the model's arguments before `handler` runs.
 */
export interface ToolDescriptor<Input extends z.ZodType = z.ZodType> {
  name: string;
  description: string;
  input: Input;
  // Method syntax keeps descriptors with different inputs assignable to one list.
  handler(args: z.output<Input>, context: ToolContext): Promise<ToolResult> | ToolResult;
}

/** Declares a tool; the handler's argument type is inferred from the input schema. */
export function defineTool<Input extends z.ZodType>(descriptor: ToolDescriptor<Input>): ToolDescriptor<Input> {
  return descriptor;
}

/**
 * The tool as OpenAI-compatible chat APIs take it: `parameters` is the input schema as JSON Schema,
 * an object at the top, described as the model must send it (`io: "input"`, before trimming and
 * defaults), without the `$schema` key those APIs do not expect.
 */
export function chatTool(descriptor: ToolDescriptor): ChatCompletionTool {
  const { $schema: _dialect, ...parameters } = z.toJSONSchema(descriptor.input, { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
  if (parameters.type !== "object") throw new Error(`tool ${descriptor.name}: the input schema must be an object`);
  return { type: "function", function: { name: descriptor.name, description: descriptor.description, parameters } };
}
