import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describeJudge } from "./judge";
import { passed, type PersonaResult } from "./run";

/** The pass/fail table: one row per persona (score = criteria passed), then each criterion that failed. */
export function resultTable(results: PersonaResult[]): string {
  const rows = results.map((r) => {
    const ok = r.verdicts.filter((v) => v.pass).length;
    return [r.persona.id, passed(r) ? "PASS" : "FAIL", `${ok}/${r.verdicts.length}`, String(r.exchanges.length), r.ended, describeJudge(r.judge)];
  });
  const header = ["persona", "result", "score", "turns", "ended", "judge"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join("  ").trimEnd();
  const failures = results.flatMap((r) => r.verdicts.filter((v) => !v.pass).map((v) => `  FAIL ${r.persona.id}: ${v.criterion}: ${v.detail}`));
  const total = results.filter(passed).length;
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line), "", `${total}/${results.length} personas passed`, ...failures].join("\n");
}

/** One transcript per persona (Markdown, with the criteria and their evidence) under `dir`. */
export function writeTranscripts(results: PersonaResult[], dir: string, customerModel: string): string[] {
  mkdirSync(dir, { recursive: true });
  return results.map((r) => {
    const path = join(dir, `${r.persona.id}.md`);
    const chat = r.exchanges.flatMap((e) => [`**customer:** ${e.customer}`, ...e.replies.map((reply) => `**agent:** ${reply.replace(/\n/g, "  \n")}`)]);
    const criteria = r.verdicts.map((v) => `- ${v.pass ? "PASS" : "FAIL"} ${v.criterion}: ${v.detail}`);
    writeFileSync(
      path,
      [
        `# ${r.persona.name} (${r.persona.id})`,
        "",
        `Customer model: ${customerModel}. Chat +${r.chatId}, conversation ${r.conversationId ?? "not recorded"}; ${r.exchanges.length} turn(s), ended: ${r.ended}; ${(r.ms / 1000).toFixed(1)} s.`,
        "",
        ...chat.flatMap((l) => [l, ""]),
        "## Criteria",
        ...criteria,
        "",
        `Judge: ${describeJudge(r.judge)}`,
        "",
      ].join("\n"),
    );
    return path;
  });
}
