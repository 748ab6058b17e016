import type { ReactNode } from "react";
import { ErrorNotice } from "./error-notice";
import { Loading } from "./layout";
import { Table, type Column } from "./table";

/**
 * The block every list repeats: the query's error, "Loading…" while it first loads, then its
 * rows as a table. `rows` picks the rows out of the query's data.
 */
export function QueryTable<Data, Row>({
  query,
  rows,
  loading,
  ...table
}: {
  query: { data: Data | undefined; error: unknown; isPending: boolean };
  rows: (data: Data) => readonly Row[];
  loading?: string;
  columns: Column<Row>[];
  rowKey: (row: Row) => string;
  label: string;
  empty?: ReactNode;
  onRowClick?: (row: Row) => void;
}) {
  return (
    <>
      <ErrorNotice error={query.error} />
      {query.isPending ? <Loading what={loading} /> : query.data !== undefined ? <Table {...table} rows={rows(query.data)} /> : null}
    </>
  );
}
