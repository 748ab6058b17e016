import { z } from "zod";

/**
 * The OpenAI chat-completions request as OpenAI-compatible APIs (OpenRouter and the providers
 * behind it) validate it: tools must be well-formed function definitions, and the conversation's
 * tool messages must answer tool calls made earlier. Real APIs refuse a request that breaks these
 * with 400; the stand-in refuses it too, so a client bug surfaces in tests, not in production.
 */
const toolSchema = z
  .object({
    type: z.literal("function"),
    function: z
      .object({
        name: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/, "a function name is 1-64 letters, digits, _ or -"),
        description: z.string().optional(),
        parameters: z.object({ type: z.literal("object") }).passthrough().optional(),
        strict: z.boolean().nullable().optional(),
      })
      .strict(),
  })
  .strict();

const toolCallSchema = z
  .object({
    id: z.string().min(1),
    type: z.literal("function"),
    function: z.object({ name: z.string().min(1), arguments: z.string() }).strict(),
  })
  .strict();

const messageSchema = z.discriminatedUnion("role", [
  z.object({ role: z.enum(["system", "developer"]), content: z.union([z.string(), z.array(z.unknown())]) }).passthrough(),
  z.object({ role: z.literal("user"), content: z.union([z.string(), z.array(z.unknown())]) }).passthrough(),
  z
    .object({
      role: z.literal("assistant"),
      content: z.union([z.string(), z.null(), z.array(z.unknown())]).optional(),
      tool_calls: z.array(toolCallSchema).min(1).optional(),
    })
    .passthrough(),
  z.object({ role: z.literal("tool"), tool_call_id: z.string().min(1), content: z.union([z.string(), z.array(z.unknown())]) }).passthrough(),
]);

export const chatRequestSchema = z
  .object({
    model: z.string().min(1),
    messages: z.array(messageSchema).min(1),
    // An empty list is refused ("[] is too short - 'tools'"); a request without tools omits it.
    tools: z.array(toolSchema).min(1).optional(),
  })
  .passthrough()
  .superRefine((request, ctx) => {
    const names = (request.tools ?? []).map((t) => t.function.name);
    if (new Set(names).size !== names.length) ctx.addIssue({ code: "custom", path: ["tools"], message: "tool names must be unique" });
    const problem = toolCallProblem(request.messages);
    if (problem) ctx.addIssue({ code: "custom", path: ["messages"], message: problem });
  });

export type ChatRequest = z.infer<typeof chatRequestSchema>;
export type ChatMessage = ChatRequest["messages"][number];

/**
 * OpenAI's rule for tool messages: each answers, by `tool_call_id`, a call of the assistant
 * message right before the run of tool messages; every call is answered before the next message.
 */
function toolCallProblem(messages: ChatMessage[]): string | null {
  let open = new Set<string>();
  for (const [index, message] of messages.entries()) {
    if (message.role === "tool") {
      const id = (message as { tool_call_id: string }).tool_call_id;
      if (!open.has(id)) return `messages[${index}]: tool_call_id ${JSON.stringify(id)} answers no tool call of the preceding assistant message`;
      open.delete(id);
      continue;
    }
    if (open.size > 0) return `messages[${index}]: an assistant message with tool_calls must be followed by tool messages answering each call; unanswered: ${[...open].join(", ")}`;
    const calls = message.role === "assistant" ? ((message as { tool_calls?: { id: string }[] }).tool_calls ?? []) : [];
    open = new Set(calls.map((c) => c.id));
    if (open.size !== calls.length) return `messages[${index}]: tool call ids must be unique`;
  }
  return null;
}
