import { randomUUID } from "node:crypto";
import { z } from "zod";
import { scriptedJudgment } from "./scripted-judge";
import { scriptedProposal } from "./scripted-proposal";
import { scriptedSalesperson } from "./scripted-salesperson";
import { SCRIPTED_CUSTOMER_MODEL, scriptedCustomer } from "./scripted-customer";
import { bearer, sleep, startJsonServer, type JsonRequest, type JsonResponse, type StandInServer } from "./http";
import { chatRequestSchema, type ChatMessage, type ChatRequest } from "./openai-chat";

/**
 * OpenRouter stand-in speaking the OpenAI chat-completions wire format with tool calls and
 * `usage` (including OpenRouter's `cost`). Its default behaviour is a deterministic "catalog
 * salesperson": for a new customer message it calls `search_products`, then answers with the
 * names and prices the tool returned, in the customer's script (Arabic or English).
 * Tests script other behaviour through `POST /__control/scripts`: responses (text, tool call,
 * HTTP error, delay) used in order for requests whose user text contains `match`.
 */
export interface OpenRouterStandInOptions {
  apiKey: string;
  port?: number;
  /** Path prefix of the OpenAI-compatible API, as in OPENROUTER_BASE_URL. */
  basePath?: string;
  /** Answer unscripted requests as the scripted salesperson (npm start with LLM_STANDIN=1) instead of the catalog default. */
  salesperson?: boolean;
  /**
   * A model that takes real time (`npm run bench:turns`): each agent completion waits `baseMs` plus
   * `perOutputTokenMs` per completion token, prompt tokens are estimated from the request's size
   * (about 4 characters a token), and a prompt cache is simulated as OpenAI's automatic one works
   * (the longest prefix seen before, in 128-token steps from 1,024 tokens, billed at a quarter).
   */
  realistic?: { baseMs: number; perOutputTokenMs: number };
}

const scriptedSchema = z.union([
  z.object({ text: z.string() }),
  z.object({ toolCall: z.object({ name: z.string(), arguments: z.record(z.string(), z.unknown()) }) }),
  z.object({ status: z.number().int(), error: z.string().default("stand-in error") }),
  z.object({ delayMs: z.number().int().min(0).max(120_000), then: z.object({ text: z.string() }).optional() }),
]);
type Scripted = z.infer<typeof scriptedSchema>;

export interface RecordedCompletion {
  receivedAt: number;
  model: string;
  lastUserText: string;
  systemText: string;
  messageCount: number;
  /** What the stand-in reported for this call (tokens, cached tokens, cost). */
  usage?: StandInUsage;
}

export interface StandInUsage {
  promptTokens: number;
  cachedTokens: number;
  completionTokens: number;
  cost: number;
  /** How long the call took (the realistic latency). */
  ms: number;
}

export interface OpenRouterStandIn extends StandInServer {
  requests: RecordedCompletion[];
}

/** The quality judge's requests carry this structured-output schema name (src/core/quality/rubric.ts). */
const JUDGE_SCHEMA_NAME = "quality_judgment";
/** The quality loop's proposal requests (src/core/quality/findings/proposal.ts). */
const PROPOSAL_SCHEMA_NAME = "quality_proposal";

export async function startOpenRouterStandIn(options: OpenRouterStandInOptions): Promise<OpenRouterStandIn> {
  const basePath = options.basePath ?? "/api/v1";
  const scripts: { match: string; responses: Scripted[]; target: "agent" | "judge" | "proposal" }[] = [];
  const requests: RecordedCompletion[] = [];
  // Judge requests are kept apart, so tests counting the agent's model calls never see them.
  const judgeRequests: { model: string; responseFormat: unknown; systemText: string; transcript: string }[] = [];
  let unexpectedList: StandInServer["unexpected"] = [];
  const cache = new PromptCache();
  const unexpected = () => unexpectedList;

  const completions = async (request: JsonRequest): Promise<JsonResponse | undefined> => {
    if (request.method !== "POST" || request.path !== `${basePath}/chat/completions`) return undefined;
    const given = bearer(request);
    if (given !== options.apiKey) return { status: 401, body: { error: { code: 401, message: given ? "User not found." : "No auth credentials found" } } };
    const parsed = chatRequestSchema.safeParse(request.body);
    if (!parsed.success) return { status: 400, body: { error: { code: 400, message: parsed.error.message } } };
    const chat = parsed.data;
    const userText = lastUserText(chat.messages);
    const system = chat.messages.find((m) => m.role === "system");
    const responseFormat = (chat as { response_format?: { json_schema?: { name?: string } } }).response_format;
    if (responseFormat?.json_schema?.name === PROPOSAL_SCHEMA_NAME) {
      judgeRequests.push({ model: chat.model, responseFormat, systemText: typeof system?.content === "string" ? system.content : "", transcript: userText });
      const proposalScript = scripts.find((s) => s.target === "proposal" && s.responses.length > 0 && allUserText(chat.messages).includes(s.match))?.responses.shift();
      return proposalScript ? respondScripted(chat, proposalScript) : completion(chat.model, { content: JSON.stringify(scriptedProposal(userText)) });
    }
    if (responseFormat?.json_schema?.name === JUDGE_SCHEMA_NAME) {
      judgeRequests.push({ model: chat.model, responseFormat, systemText: typeof system?.content === "string" ? system.content : "", transcript: userText });
      const judgeScript = scripts.find((s) => s.target === "judge" && s.responses.length > 0 && allUserText(chat.messages).includes(s.match))?.responses.shift();
      if (judgeScript && "toolCall" in judgeScript) return { status: 500, body: { error: { code: 500, message: "the judge is offered no tools" } } };
      return judgeScript ? respondScripted(chat, judgeScript) : completion(chat.model, { content: JSON.stringify(scriptedJudgment(chat.messages)) });
    }
    const recorded: RecordedCompletion = {
      receivedAt: Date.now(),
      model: chat.model,
      lastUserText: userText,
      systemText: systemTexts(chat.messages),
      messageCount: chat.messages.length,
    };
    requests.push(recorded);
    const response = await agentCompletion(chat, userText, system);
    return options.realistic ? realistically(response, chat, recorded, cache, options.realistic) : response;
  };

  const agentCompletion = async (chat: ChatRequest, userText: string, system: ChatMessage | undefined): Promise<JsonResponse> => {
    if (chat.model === SCRIPTED_CUSTOMER_MODEL) return completion(chat.model, { content: scriptedCustomer(chat.messages) });
    const script = scripts.find((s) => s.target === "agent" && s.responses.length > 0 && allUserText(chat.messages).includes(s.match));
    // A request without tools is a summary request: summarise the user text deterministically.
    if (!chat.tools || chat.tools.length === 0) {
      return completion(chat.model, { content: `Summary: ${userText.split("\n").filter((l) => l.startsWith("customer:")).map((l) => l.slice(9).trim()).join("; ").slice(0, 400)}` });
    }
    const scripted = script?.responses.shift();
    if (scripted && "toolCall" in scripted && !chat.tools.some((t) => t.function.name === scripted.toolCall.name)) {
      // A model calls only tools it was offered: a script calling another one tests nothing real.
      unexpected().push({ method: "SCRIPT", path: `toolCall ${scripted.toolCall.name} is not among the request's tools` });
      return { status: 500, body: { error: { code: 500, message: `stand-in script calls ${scripted.toolCall.name}, which the request did not offer` } } };
    }
    if (scripted) return respondScripted(chat, scripted);
    const systemText = typeof system?.content === "string" ? system.content : "";
    if (options.salesperson) return completion(chat.model, signed(scriptedSalesperson(chat.messages, chat.tools), systemText));
    return completion(chat.model, signed(defaultBehaviour(chat.messages), systemText));
  };

  // GET /key: OpenRouter's "current API key" (what `npm start` checks a key with); 401 for a wrong key.
  const key = (request: JsonRequest): JsonResponse | undefined => {
    if (request.method !== "GET" || request.path !== `${basePath}/key`) return undefined;
    const given = bearer(request);
    if (!given) return { status: 401, body: { error: { code: 401, message: "No auth credentials found" } } };
    if (given !== options.apiKey) return { status: 401, body: { error: { code: 401, message: "User not found." } } };
    return { status: 200, body: { data: { label: `${given.slice(0, 6)}...`, limit: null, usage: 0, is_free_tier: false, rate_limit: { requests: 200, interval: "10s" } } } };
  };

  const control = (request: JsonRequest): JsonResponse | undefined => {
    if (request.method === "POST" && request.path === "/__control/scripts") {
      const body = z.object({ match: z.string().min(3), responses: z.array(scriptedSchema).min(1), target: z.enum(["agent", "judge", "proposal"]).default("agent") }).parse(request.body);
      scripts.push(body);
      return { status: 201, body: { ok: true } };
    }
    if (request.method === "GET" && request.path === "/__control/requests") {
      const match = request.query.get("match");
      return { status: 200, body: { requests: requests.filter((r) => !match || r.lastUserText.includes(match)) } };
    }
    if (request.method === "GET" && request.path === "/__control/judge-requests") {
      const match = request.query.get("match");
      return { status: 200, body: { requests: judgeRequests.filter((r) => !match || r.transcript.includes(match)) } };
    }
    return undefined;
  };

  const server = await startJsonServer("openrouter", [completions, key, control], options.port);
  unexpectedList = server.unexpected;
  return { ...server, requests };
}

async function respondScripted(chat: ChatRequest, scripted: Scripted): Promise<JsonResponse> {
  if ("status" in scripted) return { status: scripted.status, body: { error: { code: scripted.status, message: scripted.error } } };
  if ("delayMs" in scripted) {
    await sleep(scripted.delayMs);
    return completion(chat.model, { content: scripted.then?.text ?? "…" });
  }
  if ("text" in scripted) return completion(chat.model, { content: scripted.text });
  return completion(chat.model, { toolCall: { name: scripted.toolCall.name, arguments: JSON.stringify(scripted.toolCall.arguments) } });
}

type Reply = { content: string } | { toolCall: { name: string; arguments: string } };

/** A grounded salesperson: search first, then quote exactly what the catalog returned. */
function defaultBehaviour(messages: ChatMessage[]): Reply {
  const lastUserIndex = messages.map((m) => m.role).lastIndexOf("user");
  const since = messages.slice(lastUserIndex + 1);
  const toolResults = since.filter((m) => m.role === "tool").map((m) => parseJson(typeof m.content === "string" ? m.content : ""));
  const userText = lastUserText(messages);
  const arabic = /[\u0600-\u06FF]/.test(userText);
  const quoting = quotationBehaviour(userText, since, arabic);
  if (quoting) return quoting;
  if (toolResults.length === 0) {
    // Policy questions go to the knowledge base, everything else to the catalog.
    if (POLICY_QUESTION.test(userText)) return { toolCall: { name: "search_knowledge", arguments: JSON.stringify({ question: userText.slice(0, 200) }) } };
    return { toolCall: { name: "search_products", arguments: JSON.stringify({ query: userText.slice(0, 200) || "office furniture" }) } };
  }
  const passages = toolResults.flatMap((r) => (Array.isArray(r?.passages) ? (r.passages as { title: string; text: string }[]) : []));
  if (toolResults.some((r) => Array.isArray(r?.passages))) {
    if (passages.length === 0) return { content: arabic ? "سأتحقق من ذلك مع أحد المديرين وأعود إليك." : "Let me check that with a manager and come back to you." };
    // Quote the passage's first lines after its title, as a grounded answer would.
    const quoted = passages[0]!.text.split("\n").slice(1).join(" ").split(/(?<=[.!?؟])\s+/).slice(0, 3).join(" ");
    return { content: quoted };
  }
  const found = toolResults.flatMap((r) => (Array.isArray(r?.products) ? (r.products as Product[]) : []));
  if (found.length === 0) {
    return {
      content: arabic
        ? "عذراً، لم أجد منتجاً مطابقاً في الكتالوج. هل يمكنك وصف ما تحتاجه بطريقة أخرى؟"
        : "Sorry, I could not find a matching product in our catalogue. Could you describe what you need differently?",
    };
  }
  const lines = found.slice(0, 2).map((p) =>
    arabic ? `• ${p.name} (${p.sku}) بسعر ${p.price_aed} درهم، المتوفر: ${p.in_stock}` : `• ${p.name} (${p.sku}) at ${p.price_aed} AED, ${p.in_stock} in stock`,
  );
  return {
    content: arabic
      ? `أهلاً! هذه أفضل الخيارات لك:\n${lines.join("\n")}\nهل تريد عرض سعر؟`
      : `Hello! Here are the best options for you:\n${lines.join("\n")}\nWould you like a quotation?`,
  };
}

/**
 * The salesperson's quotation habits, so a chat can go from interest to order without scripts:
 * "quote 3 x CH-ERGO-001" adds each SKU with its quantity and shows the quotation; "change
 * CH-ERGO-001 to 5" changes a line and shows it again; "show me the quotation" shows it again; a
 * bare "yes" / "confirm" / "نعم" confirms.
 * Replies relay the tools' own text (the rendered quotation, the order message).
 */
function quotationBehaviour(userText: string, since: ChatMessage[], arabic: boolean): Reply | null {
  const calls = since.filter((m) => m.role === "assistant").flatMap((m) => (Array.isArray(m.tool_calls) ? (m.tool_calls as { function: { name: string } }[]) : []));
  const results = since.filter((m) => m.role === "tool").map((m) => parseJson(typeof m.content === "string" ? m.content : "") ?? {});
  const last = results[results.length - 1];
  const lastCall = calls[calls.length - 1]?.function.name;
  const confirming = /^\s*(yes|yes please|confirm|confirmed|i confirm|yes,? confirm|نعم|تأكيد|أؤكد|نعم أؤكد)[\s.!]*$/i.test(userText);
  const lines = [...userText.matchAll(/(\d{1,5})\s*(?:x|×|pcs|of)?\s*([A-Z]{2,}-[A-Z0-9-]*\d[A-Z0-9]*)/g)].map((m) => ({ quantity: Number(m[1]), sku: m[2]! }));
  const change = /(?:change|make|set)\s+([A-Z]{2,}-[A-Z0-9-]*\d[A-Z0-9]*)\s+(?:to\s+)?(\d{1,5})/i.exec(userText);
  const wantsQuote = /quot|عرض سعر|add\b|أضف|اضف/i.test(userText) && lines.length > 0;
  const showAgain = !wantsQuote && /show (me )?(the |my )?quotation|اعرض عرض السعر/i.test(userText);
  if (!confirming && !wantsQuote && !change && !showAgain) return null;
  if (calls.length === 0) {
    if (confirming) return tool("confirm_quotation", {});
    if (showAgain) return tool("show_quotation", {});
    if (change) return tool("change_quotation_item", { sku: change[1]!.toUpperCase(), quantity: Number(change[2]) });
    return tool("add_to_quotation", lines[0]!);
  }
  if (lastCall === "add_to_quotation" && !last?.error) {
    const added = calls.filter((c) => c.function.name === "add_to_quotation").length;
    return added < lines.length ? tool("add_to_quotation", lines[added]!) : tool("show_quotation", {});
  }
  if (lastCall === "change_quotation_item" && !last?.error) return tool("show_quotation", {});
  if (lastCall === "show_quotation" && typeof last?.text === "string") return { content: `${arabic ? "إليك عرض السعر:" : "Here is your quotation:"}\n${last.text}` };
  if (typeof last?.message === "string") return { content: last.message };
  if (last?.error === "missing_details") return { content: arabic ? "لإتمام الطلب أحتاج اسمك ومدينة التوصيل." : `To place the order I need your ${(last.missing as string[]).join(" and ")}.` };
  return { content: arabic ? "لم يتم تقديم أي طلب. للتأكيد ردّ بكلمة نعم على عرض السعر." : "Nothing has been ordered yet. To order, reply YES to the quotation." };
}

function tool(name: string, args: Record<string, unknown>): Reply {
  return { toolCall: { name, arguments: JSON.stringify(args) } };
}

const POLICY_QUESTION = /deliver|shipping|warranty|guarantee|payment|pay by|instal?lment|showroom|opening hours|return|refund|exchange|توصيل|شحن|ضمان|دفع|تقسيط|معرض|ارجاع|إرجاع|استرجاع|استبدال/i;

interface Product {
  name: string;
  sku: string;
  price_aed: number;
  in_stock: number;
}

/**
 * A model follows its system prompt; this stand-in follows one kind of instruction, so a test can
 * see which prompt version answered: a line "Sign every reply with: <a few words>" ends each reply
 * with those words.
 */
function signed(reply: Reply, systemText: string): Reply {
  const signature = /^Sign every reply with: (.{1,40})$/m.exec(systemText)?.[1]?.trim();
  return signature && "content" in reply ? { content: `${reply.content}\n${signature}` } : reply;
}

function completion(model: string, reply: Reply): JsonResponse {
  const promptTokens = 350;
  const completionTokens = "content" in reply ? Math.ceil(reply.content.length / 4) : 20;
  const message =
    "content" in reply
      ? { role: "assistant", content: reply.content }
      : { role: "assistant", content: null, tool_calls: [{ id: `call_${randomUUID().slice(0, 8)}`, type: "function", function: reply.toolCall }] };
  return {
    status: 200,
    body: {
      id: `gen-${randomUUID()}`,
      object: "chat.completion",
      created: Math.floor(Date.now() / 1000),
      model,
      choices: [{ index: 0, message, finish_reason: "content" in reply ? "stop" : "tool_calls" }],
      // As OpenRouter reports usage: the cost in credits (USD) and the prompt tokens read from the provider's cache.
      usage: {
        prompt_tokens: promptTokens,
        completion_tokens: completionTokens,
        total_tokens: promptTokens + completionTokens,
        cost: costOf(promptTokens, 0, completionTokens),
        prompt_tokens_details: { cached_tokens: 0 },
        completion_tokens_details: { reasoning_tokens: 0 },
      },
    },
  };
}

/** Every system message's text, in order (the shared prompt, then the customer's and the day's part). */
function systemTexts(messages: ChatMessage[]): string {
  return messages
    .filter((m) => m.role === "system")
    .map((m) => (typeof m.content === "string" ? m.content : ""))
    .join("\n");
}

function lastUserText(messages: ChatMessage[]): string {
  const last = [...messages].reverse().find((m) => m.role === "user");
  return typeof last?.content === "string" ? last.content : "";
}

function allUserText(messages: ChatMessage[]): string {
  return messages
    .filter((m) => m.role === "user")
    .map((m) => (typeof m.content === "string" ? m.content : ""))
    .join("\n");
}

function parseJson(text: string): Record<string, unknown> | null {
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return null;
  }
}

/** gpt-4o-mini's list prices in USD per million tokens: input 0.15 (a cached input token a quarter of that), output 0.6. */
function costOf(promptTokens: number, cachedTokens: number, completionTokens: number): number {
  return ((promptTokens - cachedTokens) * 0.15 + cachedTokens * 0.0375 + completionTokens * 0.6) / 1_000_000;
}

/** Characters per token the stand-in assumes when it estimates a request's size. */
const CHARS_PER_TOKEN = 4;

/**
 * OpenAI-style automatic prompt caching: a request's prompt (tools, then messages) is served from
 * the cache up to the longest prefix an earlier request shared, counted in 128-token blocks and
 * only from 1,024 tokens on.
 */
class PromptCache {
  private readonly seen = new Set<string>();

  cachedTokens(prompt: string): number {
    const block = 128 * CHARS_PER_TOKEN;
    let cached = 0;
    for (let end = block; end <= prompt.length; end += block) {
      const key = prompt.slice(0, end);
      if (this.seen.has(key)) cached = end;
      else this.seen.add(key);
    }
    const tokens = cached / CHARS_PER_TOKEN;
    return tokens >= 1024 ? tokens : 0;
  }
}

/** The completion as a real model gives it: usage estimated from the request, after the time it takes to write. */
async function realistically(
  response: JsonResponse,
  chat: ChatRequest,
  recorded: RecordedCompletion,
  cache: PromptCache,
  latency: { baseMs: number; perOutputTokenMs: number },
): Promise<JsonResponse> {
  const body = response.body as { usage?: Record<string, unknown> } | undefined;
  if (response.status !== 200 || !body?.usage) return response;
  const prompt = JSON.stringify(chat.tools ?? []) + JSON.stringify(chat.messages);
  const promptTokens = Math.ceil(prompt.length / CHARS_PER_TOKEN);
  const cachedTokens = cache.cachedTokens(prompt);
  const completionTokens = Number(body.usage.completion_tokens ?? 0);
  const cost = costOf(promptTokens, cachedTokens, completionTokens);
  body.usage = {
    ...body.usage,
    prompt_tokens: promptTokens,
    total_tokens: promptTokens + completionTokens,
    cost,
    prompt_tokens_details: { cached_tokens: cachedTokens },
  };
  const ms = latency.baseMs + latency.perOutputTokenMs * completionTokens;
  recorded.usage = { promptTokens, cachedTokens, completionTokens, cost, ms };
  await sleep(ms);
  return response;
}
