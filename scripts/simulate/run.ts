import { agentChat, type StackAddress } from "./agent-chat";
import { checkCriterion, type Exchange, type Verdict } from "./criteria";
import type { ChatLine, CustomerModel } from "./customer";
import { gatherEvidence, untilRecorded } from "./evidence";
import { judgeConversation, type JudgeResult } from "./judge";
import type { Persona } from "./personas";
import type { StaffReader } from "./staff";

export interface PersonaResult {
  persona: Persona;
  chatId: string;
  conversationId: string | null;
  exchanges: Exchange[];
  verdicts: Verdict[];
  judge: JudgeResult;
  /** Why the chat ended: the customer was done, the chat went to a manager, or the turn limit. */
  ended: "customer done" | "handed off" | "turn limit" | "no reply";
  ms: number;
}

export interface RunOptions {
  stack: StackAddress;
  staff: StaffReader;
  customer: CustomerModel;
  /** Caps every persona's own maxTurns. */
  turns?: number;
  /** Ask the quality reviewer for a review of each conversation (default true). */
  judge?: boolean;
  onTurn?: (persona: Persona, line: ChatLine) => void;
}

const HANDED_OFF = new Set(["waiting_for_human", "handed_off"]);

/**
 * One persona end to end: its customer model speaks, each message goes in through the webhook,
 * the agent's replies come back, until the customer is done, the chat is handed to a manager (the
 * bot then stays quiet) or the turn limit; then the criteria are checked on what was recorded.
 */
export async function runPersona(persona: Persona, options: RunOptions): Promise<PersonaResult> {
  const started = new Date();
  const chatId = `9715${String(Date.now()).slice(-8)}${Math.floor(Math.random() * 10)}`;
  const chat = agentChat(options.stack, options.staff, chatId, persona.name.split(",")[0]!);
  const lines: ChatLine[] = [];
  const exchanges: Exchange[] = [];
  const maxTurns = Math.min(persona.maxTurns, options.turns ?? persona.maxTurns);
  let ended: PersonaResult["ended"] = "turn limit";
  for (let turn = 0; turn < maxTurns; turn++) {
    const said = await options.customer.next(persona, lines);
    if (said === null) {
      ended = "customer done";
      break;
    }
    lines.push({ from: "customer", text: said });
    options.onTurn?.(persona, lines[lines.length - 1]!);
    const replies = await chat.say(said);
    exchanges.push({ customer: said, replies });
    for (const reply of replies) {
      lines.push({ from: "agent", text: reply });
      options.onTurn?.(persona, lines[lines.length - 1]!);
    }
    if (replies.length === 0) {
      ended = "no reply";
      break;
    }
    const { conversation } = await untilRecorded(options.staff, chatId, exchanges.length);
    if (HANDED_OFF.has(conversation?.status ?? "")) {
      ended = "handed off";
      break;
    }
  }
  const evidence = await gatherEvidence(options.staff, chatId, exchanges, { from: started });
  const verdicts = persona.criteria.map((criterion) => checkCriterion(criterion, evidence));
  const judge = options.judge === false ? { available: false as const, note: "judge: skipped" } : await judgeConversation(options.staff, evidence.conversationId);
  return { persona, chatId, conversationId: evidence.conversationId, exchanges, verdicts, judge, ended, ms: Date.now() - started.getTime() };
}

/** The personas one after another: handoffs are attributed by time window, so they must not overlap. */
export async function runSimulation(personas: Persona[], options: RunOptions): Promise<PersonaResult[]> {
  const results: PersonaResult[] = [];
  for (const persona of personas) results.push(await runPersona(persona, options));
  return results;
}

export const passed = (result: PersonaResult) => result.verdicts.every((v) => v.pass);
