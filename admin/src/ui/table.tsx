import type { ReactNode } from "react";

export interface Column<Row> {
  header: string;
  cell: (row: Row) => ReactNode;
  /** Hidden on a phone-width screen. */
  wide?: boolean;
}

/** A plain data table; scrolls sideways on a narrow screen instead of breaking the layout. */
export function Table<Row>({ rows, columns, rowKey, empty = "Nothing here yet.", onRowClick, label }: { rows: readonly Row[]; columns: Column<Row>[]; rowKey: (row: Row) => string; empty?: ReactNode; onRowClick?: (row: Row) => void; label?: string }) {
  if (rows.length === 0) return <p className="muted empty">{empty}</p>;
  return (
    <div className="table-wrap">
      <table aria-label={label}>
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column.header} className={column.wide ? "wide" : undefined}>
                {column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)} onClick={onRowClick ? () => onRowClick(row) : undefined} className={onRowClick ? "clickable" : undefined}>
              {columns.map((column) => (
                <td key={column.header} className={column.wide ? "wide" : undefined}>
                  {column.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
