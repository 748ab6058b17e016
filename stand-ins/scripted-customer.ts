/**
 * The scripted customer of `npm run simulate` without an OpenRouter key: the OpenRouter stand-in
 * answers requests for the model `SCRIPTED_CUSTOMER_MODEL` with it. Like a model it is stateless:
 * it reads its persona's lines from the system prompt (the `SCRIPT:` line the simulator writes),
 * counts what it has already said (its own messages are the assistant's), and says the next line,
 * or gives its name and city when the agent's last message asks for them. `[END]` when done.
 */
export const SCRIPTED_CUSTOMER_MODEL = "simulate/scripted-customer";
export const END_OF_CHAT = "[END]";

interface Message {
  role: string;
  content?: unknown;
}

const ASKS_FOR_DETAILS = /\b(your name|delivery city|name and|which city)\b|(اسمك|مدينة التوصيل|المدينة)/i;

export function scriptedCustomer(messages: Message[]): string {
  const system = messages.filter((m) => m.role === "system").map((m) => String(m.content ?? "")).join("\n");
  const lines = parseLine<string[]>(system, "SCRIPT") ?? [];
  const details = parseLine<string>(system, "DETAILS");
  const said = messages.filter((m) => m.role === "assistant").map((m) => String(m.content ?? ""));
  const agentLast = [...messages].reverse().find((m) => m.role === "user");
  const lastAgentText = String(agentLast?.content ?? "");
  if (details && said.length > 0 && ASKS_FOR_DETAILS.test(lastAgentText) && !said.includes(details)) return details;
  const spoken = said.filter((line) => line !== details).length;
  return lines[spoken] ?? END_OF_CHAT;
}

function parseLine<T>(system: string, label: string): T | null {
  const line = system.split("\n").find((l) => l.startsWith(`${label}: `));
  if (!line) return null;
  try {
    return JSON.parse(line.slice(label.length + 2)) as T;
  } catch {
    return null;
  }
}
