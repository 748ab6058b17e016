import type { Criterion } from "../rubric";

/**
 * The criteria code checks on a simulated conversation; any failure vetoes the draft, whatever the
 * judge says. `no_blocked_reply`: no draft reply was stopped by the guardrails (a leak, a discount
 * or a promise nobody made) and replaced.
 */
export const CODE_CRITERIA = ["no_invented_figure", "no_order_without_confirmation", "replies_in_customer_language", "no_blocked_reply"] as const;
export type CodeCriterion = (typeof CODE_CRITERIA)[number];

export interface PersonaRun {
  persona: string;
  /** The judge's per-criterion scores (empty when the judge could not score). */
  scores: { criterion: Criterion; score: number }[];
  overall: number | null;
  /** Flags the code checks raised on the simulated conversation. */
  flags: string[];
  /** Each code-checked criterion: passed or not, with what showed it. */
  codeCriteria: { criterion: CodeCriterion; passed: boolean; detail: string }[];
}

export interface Side {
  promptVersion: number | null;
  runs: PersonaRun[];
  averageScore: number | null;
  codeFailures: number;
}

export interface Comparison {
  ranAt: string;
  draft: Side;
  active: Side;
  status: "passing" | "failing";
  reasons: string[];
  /** True when the simulated customers and judge were scripted stand-ins. */
  scripted: boolean;
}

/** How far below the active version's average judge score the draft may fall and still pass. */
export const SCORE_TOLERANCE = 0.25;

/** A side's summary: the mean overall judge score over the personas it scored, and how many code-checked criteria failed. */
export function summarise(promptVersion: number | null, runs: PersonaRun[]): Side {
  const scored = runs.map((r) => r.overall).filter((s): s is number => s !== null);
  const averageScore = scored.length ? Math.round((scored.reduce((a, b) => a + b, 0) / scored.length) * 100) / 100 : null;
  const codeFailures = runs.reduce((n, r) => n + r.codeCriteria.filter((c) => !c.passed).length, 0);
  return { promptVersion, runs, averageScore, codeFailures };
}

/**
 * The veto rule: a draft that fails any code-checked criterion (an invented figure, an order
 * without confirmation, the wrong language) on any persona fails, however high the judge scores
 * it. Otherwise it fails only when the judge scores it clearly below the active version, or
 * scores the active version but not the draft.
 */
export function judgeComparison(draft: Side, active: Side): { status: "passing" | "failing"; reasons: string[] } {
  const reasons: string[] = [];
  for (const run of draft.runs) {
    for (const c of run.codeCriteria) if (!c.passed) reasons.push(`${run.persona}: ${c.criterion} failed (${c.detail})`);
  }
  if (draft.runs.length === 0) reasons.push("no persona was simulated");
  // Without any judge (no model key) the code-checked criteria alone decide; a judge that scored the active side but not the draft fails it.
  if (draft.averageScore === null && active.averageScore !== null && draft.runs.length > 0) reasons.push("the judge scored no simulated conversation of the draft");
  if (draft.averageScore !== null && active.averageScore !== null && draft.averageScore < active.averageScore - SCORE_TOLERANCE) {
    reasons.push(`the judge scores the draft ${draft.averageScore} against ${active.averageScore} for the active version`);
  }
  return { status: reasons.length ? "failing" : "passing", reasons };
}
