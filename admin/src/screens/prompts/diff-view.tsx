import { useMemo } from "react";
import { diffLines, diffStats } from "./diff";

/** Two prompt versions line by line: removed lines red with a minus, added lines green with a plus. */
export function DiffView({ before, after, label }: { before: string; after: string; label: string }) {
  const lines = useMemo(() => diffLines(before, after), [before, after]);
  const stats = diffStats(lines);
  return (
    <div>
      <p className="muted" role="status">
        {stats.added === 0 && stats.removed === 0 ? "The two versions are identical." : `${stats.added} line${stats.added === 1 ? "" : "s"} added, ${stats.removed} removed.`}
      </p>
      <div className="diff" role="table" aria-label={label}>
        {lines.map((line, index) => (
          <div key={index} role="row" className={`diff-line diff-${line.kind}`} data-kind={line.kind}>
            <span className="ln">{line.oldLine ?? ""}</span>
            <span className="ln">{line.newLine ?? ""}</span>
            <span aria-hidden="true">{line.kind === "added" ? "+" : line.kind === "removed" ? "−" : " "}</span>
            <span dir="auto" role="cell">{line.text}</span>
          </div>
        ))}
      </div>
    </div>
  );
}
