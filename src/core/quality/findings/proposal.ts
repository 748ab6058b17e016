import { z } from "zod";
import { KNOWLEDGE_TOPICS } from "../../domain/knowledge";
import type { ChatModel } from "../../agent/model";
import { askStructured } from "../structured-answer";
import type { FindingCause } from "./grouping";

/** The `response_format.json_schema.name` proposal requests carry (the OpenRouter stand-in recognises them by it). */
export const PROPOSAL_SCHEMA_NAME = "quality_proposal";

const knowledgeEdit = z
  .object({
    slug: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/).min(2).max(80),
    topic: z.enum(KNOWLEDGE_TOPICS),
    language: z.enum(["en", "ar"]),
    title: z.string().min(2).max(200),
    body: z.string().min(20).max(20_000),
  })
  .strict();

/**
 * The drafter's answer: reasoning first, then either a whole revised system prompt or one
 * knowledge document. The JSON schema sent as `response_format` is generated from this and the
 * answer is validated with it.
 */
export const proposalAnswerSchema = z
  .object({
    reasoning: z.string().min(1).max(4000),
    kind: z.enum(["prompt", "knowledge"]),
    prompt: z.string().min(50).max(20_000).nullable(),
    knowledge: knowledgeEdit.nullable(),
  })
  .strict()
  .refine((a) => (a.kind === "prompt" ? a.prompt !== null : a.knowledge !== null), { message: "a prompt proposal needs `prompt`, a knowledge one `knowledge`", path: ["kind"] });
export type ProposalAnswer = z.infer<typeof proposalAnswerSchema>;

export const PROPOSAL_JSON_SCHEMA = (() => {
  const { $schema: _drop, ...schema } = z.toJSONSchema(proposalAnswerSchema, { io: "input" }) as Record<string, unknown>;
  return schema;
})();

export interface DraftInput {
  findingKey: string;
  pattern: string;
  cause: "prompt" | "knowledge";
  conversations: number;
  /** The cited customer and agent lines, personal numbers already removed. */
  examples: { id: string; speaker: string; text: string }[];
  activePrompt: string;
}

export interface DraftOutcome {
  answer: ProposalAnswer | null;
  model: string | null;
  scripted: boolean;
  costUsd: number;
  error: string | null;
}

const INSTRUCTIONS = `You improve an office-furniture retailer's WhatsApp sales assistant. You get one finding from its quality reviews (a recurring fault, with example messages) and the system prompt now in force.
Propose the smallest change that fixes the fault: for cause "prompt", the whole revised system prompt (keep everything that is not part of the fix word for word); for cause "knowledge", one knowledge document (slug, topic, language, title, body) the assistant can search. Never invent prices, stock or policies: a knowledge document states only what the examples or the current prompt support, and says what a manager must fill in.
Reason first.`;

/** What the drafter reads: the finding, its examples and the active prompt. */
export function draftRequestText(input: DraftInput): string {
  const examples = input.examples.map((e) => `[${e.id}] ${e.speaker}: ${e.text}`).join("\n");
  return `Finding key: ${input.findingKey}\nPattern: ${input.pattern}\nCause: ${input.cause}\nConversations: ${input.conversations}\nExamples:\n${examples || "(none)"}\nActive prompt:\n<<<\n${input.activePrompt}\n>>>`;
}

/** Digits that look like a phone number, masked before customers' words go to a model or into a persona. */
export function withoutPersonalNumbers(text: string): string {
  return text.replace(/\+?\d[\d\s-]{7,}\d/g, "[number]").replace(/[\w.+-]+@[\w-]+\.[\w.]+/g, "[email]");
}

/** Asks `QUALITY_MODEL` once for a structured proposal; a malformed answer or a failed call is an error, never a proposal. */
export async function draftWithModel(model: ChatModel, input: DraftInput): Promise<DraftOutcome> {
  const answer = await askStructured(model, { system: INSTRUCTIONS, user: draftRequestText(input), schemaName: PROPOSAL_SCHEMA_NAME, jsonSchema: PROPOSAL_JSON_SCHEMA, schema: proposalAnswerSchema, maxTokens: 4000, callName: "proposal", answerName: "proposal" }, 300);
  const spent = { model: answer.result?.model ?? model.model, scripted: false, costUsd: answer.result?.costUsd ?? 0 };
  if (!answer.ok) return { answer: null, ...spent, error: answer.error };
  if (answer.data.kind !== input.cause) return { answer: null, ...spent, error: `the model proposed a ${answer.data.kind} change for a ${input.cause} finding` };
  return { answer: answer.data, ...spent, error: null };
}

const SCRIPTED_RULES: Record<string, string> = {
  "criterion:needs_discovery": "Before recommending products or quoting, ask for whatever is still missing of: how many pieces, what they are for, and the budget. Ask at most two questions at once.",
  "criterion:next_step": "Once the customer has chosen, offer the next step plainly: a quotation, the order, or a showroom visit.",
  "criterion:tone_language": "Answer in the customer's language (English or Arabic), politely and in short messages.",
  "criterion:handoff": "Hand the chat to a manager when the customer asks for a person, is frustrated, wants a discount beyond policy or a custom design.",
  "flag:wrong_language": "Always answer in the language of the customer's last message.",
  "flag:handoff_missed": "When the customer asks for a person, hand the chat to a manager at once.",
  "flag:repeated_reply": "Never send the same reply twice; if you must repeat information, say it differently and move on.",
  "flag:grounding_correction": "Give prices, stock and delivery figures only from this turn's tool results; otherwise say you will check.",
};

/**
 * Without a model key: a scripted proposal from the finding (one rule appended to the active
 * prompt, or a knowledge document for managers to complete), marked `scripted` and saying so.
 */
export function scriptedDraft(input: DraftInput): DraftOutcome {
  const note = "Scripted proposal: no model key is set, so this draft was written from a fixed script, not by QUALITY_MODEL.";
  if (input.cause === "prompt") {
    const rule = SCRIPTED_RULES[input.findingKey] ?? `Avoid this fault seen in ${input.conversations} conversations: ${input.pattern}.`;
    return { answer: { reasoning: `${note} ${input.conversations} conversations show: ${input.pattern}. The prompt gains one explicit rule against it.`, kind: "prompt", prompt: `${input.activePrompt.trimEnd()}\n\n${rule}`, knowledge: null }, model: null, scripted: true, costUsd: 0, error: null };
  }
  const slug = `finding-${input.findingKey.replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "")}`.slice(0, 80);
  const questions = input.examples.filter((e) => e.speaker === "customer").map((e) => `- ${e.text}`).join("\n");
  return {
    answer: { reasoning: `${note} ${input.conversations} conversations show: ${input.pattern}. A document answering the customers' questions lets the assistant find the answer.`, kind: "knowledge", prompt: null, knowledge: { slug, topic: "other", language: "en", title: `Answers customers asked for (${input.pattern})`.slice(0, 200), body: `Customers asked, and the assistant could not answer:\n${questions || "- (no example questions)"}\nA manager writes the answers here before this document is activated.` } },
    model: null,
    scripted: true,
    costUsd: 0,
    error: null,
  };
}

export type { FindingCause };
