import { END_OF_CHAT, SCRIPTED_CUSTOMER_MODEL } from "../../stand-ins/scripted-customer";
import { startOpenRouterStandIn, type OpenRouterStandIn } from "../../stand-ins/openrouter";
import type { Persona } from "./personas";

/** One line of the chat as the customer model sees it. */
export interface ChatLine {
  from: "customer" | "agent";
  text: string;
}

/** Who plays the customers: a model through an OpenAI-compatible API (OpenRouter, or the local stand-in). */
export interface CustomerModel {
  /** For the report: the model's name. */
  label: string;
  /** The customer's next message, or null when the customer is done. */
  next(persona: Persona, chat: ChatLine[]): Promise<string | null>;
  close(): Promise<void>;
}

/**
 * With `OPENROUTER_API_KEY`, the customer is `SIMULATE_CUSTOMER_MODEL` (default the main
 * `LLM_MODEL`) on OpenRouter; without, the scripted customer on an OpenRouter stand-in of its own,
 * so the simulation needs no key and never depends on how the agent's stack was started.
 */
export async function customerModel(env: Record<string, string | undefined>): Promise<CustomerModel> {
  if (env.OPENROUTER_API_KEY) {
    const model = env.SIMULATE_CUSTOMER_MODEL ?? env.LLM_MODEL ?? "openai/gpt-4o-mini";
    return chatCompletionsCustomer(env.OPENROUTER_BASE_URL ?? "https://openrouter.ai/api/v1", env.OPENROUTER_API_KEY, model, async () => undefined);
  }
  const standIn: OpenRouterStandIn = await startOpenRouterStandIn({ apiKey: "simulate-customer" });
  return chatCompletionsCustomer(`${standIn.url}/api/v1`, "simulate-customer", SCRIPTED_CUSTOMER_MODEL, () => standIn.close());
}

function chatCompletionsCustomer(baseUrl: string, apiKey: string, model: string, close: () => Promise<void>): CustomerModel {
  return {
    label: model,
    close,
    async next(persona, chat) {
      const response = await fetch(`${baseUrl}/chat/completions`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${apiKey}` },
        body: JSON.stringify({ model, temperature: 0.7, max_tokens: 300, messages: customerMessages(persona, chat) }),
        signal: AbortSignal.timeout(60_000),
      });
      if (!response.ok) throw new Error(`the customer model answered ${response.status}: ${(await response.text()).slice(0, 300)}`);
      const body = (await response.json()) as { choices?: { message?: { content?: string | null } }[] };
      const text = body.choices?.[0]?.message?.content?.trim() ?? "";
      return !text || text.includes(END_OF_CHAT) ? null : text;
    },
  };
}

/** The persona as a system prompt; the customer's own lines are the assistant's, the agent's the user's. */
export function customerMessages(persona: Persona, chat: ChatLine[]): { role: "system" | "user" | "assistant"; content: string }[] {
  const system = [
    `You play a customer writing on WhatsApp to an office-furniture store in the UAE. Stay in character; never say you are an AI.`,
    `Who you are: ${persona.description}`,
    `Write one short message at a time, as a real customer would, ${persona.language === "ar" ? "in Arabic" : persona.language === "en" ? "in English" : "in the language your description says for that moment"}.`,
    `When you have what you came for, or the store says a person will take over, answer exactly ${END_OF_CHAT}.`,
    `Things you want to say, in this order (rephrase freely):`,
    `SCRIPT: ${JSON.stringify(persona.lines)}`,
    ...(persona.details ? [`When asked for your name and delivery city:`, `DETAILS: ${JSON.stringify(persona.details)}`] : []),
  ].join("\n");
  return [
    { role: "system", content: system },
    { role: "user", content: "(The chat with the store is open. Write your first message.)" },
    ...chat.map((line) => ({ role: line.from === "customer" ? ("assistant" as const) : ("user" as const), content: line.text })),
  ];
}
