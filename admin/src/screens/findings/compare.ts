/** The comparison as the API returns it (only what the table reads). */
export interface ComparisonLike {
  status: "passing" | "failing";
  reasons: string[];
  draft: SideLike;
  active: SideLike;
}
interface SideLike {
  promptVersion: number | null;
  averageScore: number | null;
  runs: { persona: string; overall: number | null; scores: { criterion: string; score: number }[]; flags: string[]; codeCriteria: { criterion: string; passed: boolean }[] }[];
}

export interface BeforeAfterRow {
  /** A persona, or a judge criterion (averaged over personas), or "overall". */
  label: string;
  active: number | null;
  draft: number | null;
  /** Code-checked criteria the draft failed on this persona (empty when it passed them all). */
  draftFailures: string[];
  activeFailures: string[];
}

const mean = (values: number[]) => (values.length ? Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 100) / 100 : null);

/**
 * The before/after table: one row per persona (overall judge score and the code-checked criteria
 * each side failed), then one per judge criterion averaged over the personas, the overall last.
 */
export function beforeAfterRows(comparison: ComparisonLike): BeforeAfterRow[] {
  const failures = (run: SideLike["runs"][number] | undefined) => run?.codeCriteria.filter((c) => !c.passed).map((c) => c.criterion) ?? [];
  const personas = comparison.draft.runs.map((draft) => {
    const active = comparison.active.runs.find((r) => r.persona === draft.persona);
    return { label: draft.persona, active: active?.overall ?? null, draft: draft.overall, draftFailures: failures(draft), activeFailures: failures(active) };
  });
  const criteria = [...new Set(comparison.draft.runs.flatMap((r) => r.scores.map((s) => s.criterion)))];
  const byCriterion = criteria.map((criterion) => {
    const of = (side: SideLike) => mean(side.runs.flatMap((r) => r.scores.filter((s) => s.criterion === criterion).map((s) => s.score)));
    return { label: criterion, active: of(comparison.active), draft: of(comparison.draft), draftFailures: [], activeFailures: [] };
  });
  return [...personas, ...byCriterion, { label: "overall", active: comparison.active.averageScore, draft: comparison.draft.averageScore, draftFailures: [], activeFailures: [] }];
}

/** How a score changed: "+0.5", "−1", "=", or "—" when a side has none. */
export function change(active: number | null, draft: number | null): string {
  if (active === null || draft === null) return "—";
  const delta = Math.round((draft - active) * 100) / 100;
  return delta === 0 ? "=" : delta > 0 ? `+${delta}` : `−${Math.abs(delta)}`;
}
