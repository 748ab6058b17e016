import { z } from "zod";
import personasFile from "../../../../data/personas.json";
import type { Catalog } from "../../../core/agent/catalog";
import type { ChatModel } from "../../../core/agent/model";
import { runTurn } from "../../../core/agent/turn";
import type { HistoryEntry } from "../../../core/agent/types";
import { detectLanguage, type Language } from "../../../core/domain/language";
import { runChecks } from "../flags";
import type { CatalogPrice, FlagName, ReviewInput, ReviewMessage, ReviewSettings, ReviewTurn } from "../../../core/quality/flags/types";
import { judgeConversation } from "../../../core/quality/judge";
import type { CodeCriterion, PersonaRun } from "../../../core/quality/findings/comparison";
import { withoutPersonalNumbers } from "../../../core/quality/findings/proposal";

/** A simulated customer as the comparison uses it: the scripted lines of `data/personas.json`. */
export interface SimPersona {
  id: string;
  language: Language;
  lines: string[];
}

/** Customer lines each simulated conversation plays (cost bound: two sides, each persona, this many turns). */
export const SIM_TURNS = 2;

const personaFile = z.object({ personas: z.array(z.object({ id: z.string(), language: z.enum(["en", "ar", "mixed"]), lines: z.array(z.string().min(1)).min(1) }).loose()) });

/** The suite's personas (`npm run simulate`'s), with their scripted lines. */
export function suitePersonas(): SimPersona[] {
  return personaFile.parse(personasFile).personas.map((p) => ({ id: p.id, language: p.language === "mixed" ? (detectLanguage(p.lines[0]!) ?? "en") : p.language, lines: p.lines.slice(0, SIM_TURNS) }));
}

/** A persona made of a finding's example conversation: the customer's own words, numbers and e-mail addresses removed. */
export function personaFromExamples(findingKey: string, customerLines: string[]): SimPersona | null {
  const lines = customerLines.map((l) => withoutPersonalNumbers(l).trim()).filter(Boolean).slice(0, SIM_TURNS);
  if (!lines.length) return null;
  return { id: `finding-${findingKey}`, language: detectLanguage(lines[0]!) ?? "en", lines };
}

export interface SimulationDeps {
  agent: ChatModel | null;
  judge: ChatModel | null;
  catalog: Catalog;
  rubric: string;
  settings: ReviewSettings & { handoffOrderValueAed: number };
  /** Catalog prices of the SKUs the replies name (what `price_mismatch` compares with). */
  pricesOf: (messages: ReviewMessage[]) => Promise<CatalogPrice[]>;
}

/** Which flags fail which code-checked criterion. */
const VETO_FLAGS: Record<Exclude<CodeCriterion, "no_blocked_reply">, FlagName[]> = {
  no_invented_figure: ["grounding_correction", "price_mismatch"],
  no_order_without_confirmation: ["order_without_confirmation"],
  replies_in_customer_language: ["wrong_language"],
};

/**
 * Plays each persona's lines against the real `runTurn` with `basePrompt` (no chat, no desk:
 * nothing is sent or ordered), runs the code checks on the transcript and asks the judge for its
 * scores. The same personas on the draft and on the active prompt make the two sides of a comparison.
 */
export async function simulateSide(deps: SimulationDeps, basePrompt: string, personas: SimPersona[]): Promise<PersonaRun[]> {
  const runs: PersonaRun[] = [];
  for (const persona of personas) {
    const history: HistoryEntry[] = [];
    const messages: ReviewMessage[] = [];
    const turns: ReviewTurn[] = [];
    let at = Date.now();
    for (const [i, line] of persona.lines.entries()) {
      messages.push({ id: `${persona.id}-in-${i}`, clientMessageId: null, direction: "in", author: "customer", text: line, sentAt: at });
      const outcome = await runTurn(
        { history: [...history], pending: [line], language: detectLanguage(line) ?? persona.language, customerName: null, now: new Date(at), basePrompt, handoffOrderValueAed: deps.settings.handoffOrderValueAed, maxDiscountPercent: deps.settings.maxDiscountPercent },
        { model: deps.agent, catalog: deps.catalog },
      );
      at += 2000;
      const replyId = `reply-${persona.id}-${i}`;
      messages.push({ id: `${persona.id}-out-${i}`, clientMessageId: replyId, direction: "out", author: "agent", text: outcome.text, sentAt: at });
      turns.push({ replyId, mode: outcome.mode, fallbackReason: outcome.fallbackReason, toolCalls: outcome.toolCalls.map((c) => ({ name: c.name, ok: c.ok, ...(c.args ? { args: c.args } : {}) })), createdAt: at });
      history.push({ role: "customer", text: line }, { role: "agent", text: outcome.text });
      at += 1000;
    }
    const input: ReviewInput = { messages, turns, handoffs: [], quotations: [], catalog: await deps.pricesOf(messages), settings: deps.settings };
    const flags = runChecks(input);
    const raised = new Set(flags.map((f) => f.flag));
    const codeCriteria: PersonaRun["codeCriteria"] = (Object.keys(VETO_FLAGS) as (keyof typeof VETO_FLAGS)[]).map((criterion) => {
      const hit = flags.filter((f) => VETO_FLAGS[criterion].includes(f.flag));
      return { criterion, passed: hit.length === 0, detail: hit.length ? hit.map((f) => f.detail).join(" ") : "passed" };
    });
    const blocked = turns.map((t) => t.fallbackReason).filter((r): r is string => r !== null && (r.startsWith("blocked:") || r === "unsupported commitment"));
    codeCriteria.push({ criterion: "no_blocked_reply", passed: blocked.length === 0, detail: blocked.length ? `replies replaced: ${blocked.join(", ")}` : "passed" });
    const judged = deps.judge ? await judgeConversation(deps.judge, deps.rubric, input) : null;
    runs.push({
      persona: persona.id,
      scores: judged?.judgment?.criteria.map((c) => ({ criterion: c.criterion, score: c.score })) ?? [],
      overall: judged?.judgment?.overall ?? null,
      flags: [...raised],
      codeCriteria,
    });
  }
  return runs;
}
