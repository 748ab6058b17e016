import { useState } from "react";
import { exportUrl, type ExportKind } from "../screens/shared/export";
import { TextField } from "./field";

/** An Export button for a list: an optional date range, then the CSV download (opens in a spreadsheet). */
export function ExportButton({ kind }: { kind: ExportKind }) {
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  return (
    <div className="filters export" data-export={kind}>
      <TextField label="Export from" type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
      <TextField label="Export to" type="date" value={to} onChange={(e) => setTo(e.target.value)} />
      <a className="btn btn-secondary" href={exportUrl(kind, from, to)} download>
        Export CSV
      </a>
    </div>
  );
}
