import { z } from "zod";
import { describeError, log } from "../../lib/log";
import type { ChatCompletionTool } from "./model";
import { checkStock, getProduct, searchKnowledge, searchProducts } from "./tools/catalog";
import { requestHandoff, updateCustomerProfile } from "./tools/conversation";
import { chatTool, type ToolContext, type ToolDescriptor } from "./tools/define";
import { notifyWhenBackInStock } from "./tools/stock-alerts";
import { addToQuotation, cancelQuotation, changeQuotationItem, confirmQuotation, removeFromQuotation, showQuotation } from "./tools/quotation";

export { ToolEvidence } from "./tools/evidence";
export type { ToolContext, ToolDescriptor } from "./tools/define";

/** Every tool the model may call, each declared once in ./tools/. */
export const TOOLS: readonly ToolDescriptor[] = [
  searchProducts,
  getProduct,
  searchKnowledge,
  checkStock,
  updateCustomerProfile,
  addToQuotation,
  changeQuotationItem,
  removeFromQuotation,
  showQuotation,
  confirmQuotation,
  cancelQuotation,
  notifyWhenBackInStock,
  requestHandoff,
];

const BY_NAME = new Map(TOOLS.map((tool) => [tool.name, tool]));

/** What the model is offered: generated from the descriptors, never written by hand. */
export const TOOL_DEFINITIONS: ChatCompletionTool[] = TOOLS.map(chatTool);
export const TOOL_NAMES: readonly string[] = TOOLS.map((tool) => tool.name);

/**
 * Runs one tool call and returns the JSON string given back to the model. Never throws: an unknown
 * tool, arguments that are not JSON or do not fit the tool's schema, and a failing handler each
 * become an `error` the model can read and act on.
 */
export async function runTool(name: string, rawArguments: string, context: ToolContext): Promise<string> {
  const started = Date.now();
  let recordedArgs: Record<string, unknown> | undefined;
  const finish = (ok: boolean, result: unknown) => {
    const text = JSON.stringify(result);
    context.evidence.calls.push({ name, ok, ms: Date.now() - started, ...(recordedArgs ? { args: recordedArgs } : {}), result: summarizeResult(text) });
    context.evidence.results.push(text);
    return text;
  };
  const tool = BY_NAME.get(name);
  if (!tool) return finish(false, { error: `unknown tool ${JSON.stringify(name.slice(0, 60))}; the tools are ${TOOL_NAMES.join(", ")}` });
  let raw: unknown;
  try {
    raw = JSON.parse(rawArguments.trim() || "{}");
  } catch {
    return finish(false, { error: `the arguments for ${name} are not valid JSON; send one JSON object` });
  }
  recordedArgs = traceArguments(raw);
  const args = tool.input.safeParse(raw);
  if (!args.success) return finish(false, { error: `invalid arguments for ${name}: ${describeIssues(args.error)}; call it again with arguments that fit its schema` });
  try {
    return finish(true, await tool.handler(args.data, context));
  } catch (error) {
    log("warn", "tool.failed", { tool: name, ...describeError(error) });
    return finish(false, { error: "the tool failed; tell the customer you will check and do not guess" });
  }
}

/** The arguments as the turn's trace keeps them for staff: an object, each value cut to a readable length. */
function traceArguments(raw: unknown): Record<string, unknown> | undefined {
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) return undefined;
  const entries = Object.entries(raw as Record<string, unknown>).slice(0, 20);
  return Object.fromEntries(entries.map(([key, value]) => [key.slice(0, 60), typeof value === "string" ? value.slice(0, 200) : JSON.stringify(value ?? null).length > 200 ? "(long value)" : value]));
}

/** What the trace keeps of a tool's answer: enough for staff to see what the model read, never the whole payload. */
const RESULT_SUMMARY_CHARS = 300;
function summarizeResult(text: string): string {
  return text.length > RESULT_SUMMARY_CHARS ? `${text.slice(0, RESULT_SUMMARY_CHARS)}…` : text;
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length ? issue.path.join(".") : "arguments"}: ${issue.message}`)
    .join("; ");
}
