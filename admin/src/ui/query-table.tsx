import type { ReactElement, ReactNode } from "react";
import { ErrorNotice } from "./error-notice";
import { Loading } from "./layout";
import { Table, type Column } from "./table";

/** What a list needs of a query: a `useStaffQuery` result fits. */
export interface QueryState<Data> {
  data: Data | undefined;
  error: unknown;
  isPending: boolean;
}

/** Where a list's rows come from: at hand, or picked out of a query's data once it has loaded. */
type RowSource<Data, Row> = { query?: undefined; rows: readonly Row[] } | { query: QueryState<Data>; rows: (data: Data) => readonly Row[]; loading?: string };

/** A list: its rows, columns, what it says with no rows, and a row's click. */
export type ListProps<Data, Row> = RowSource<Data, Row> & {
  columns: Column<Row>[];
  empty?: ReactNode;
  onRowClick?: (row: Row) => void;
};

/**
 * How rows are keyed. Every list takes its props twice over, as overloads: with `rowKey`, or without
 * it when every row has a string `id`. The one needing `rowKey` comes first: tried first, it infers
 * the rows' type for the cells without fixing it wrongly (the other order leaves them `{ id: string }`).
 */
export type Keyed<Row> = { rowKey: (row: Row) => string };
export type ById<Row> = { rowKey?: (row: Row) => string };

const byId = (row: { id: string }) => row.id;

/**
 * The block every list repeats: the query's error, "Loading…" while it first loads, then its
 * rows as a table (or the `empty` text) named `label`. Rows at hand go straight to the table.
 */
export function QueryTable<Data, Row>(props: ListProps<Data, Row> & { label: string } & Keyed<Row>): ReactElement;
export function QueryTable<Data, Row extends { id: string }>(props: ListProps<Data, Row> & { label: string } & ById<Row>): ReactElement;
export function QueryTable<Data, Row>(props: ListProps<Data, Row> & { label: string } & ById<Row>): ReactElement {
  const { columns, label, empty, onRowClick } = props;
  const rowKey = props.rowKey ?? (byId as (row: Row) => string);
  const table = (rows: readonly Row[]) => <Table rows={rows} rowKey={rowKey} columns={columns} label={label} empty={empty} onRowClick={onRowClick} />;
  if (props.query === undefined) return table(props.rows);
  const { query } = props;
  return (
    <>
      <ErrorNotice error={query.error} />
      {query.isPending ? <Loading what={props.loading} /> : query.data !== undefined ? table(props.rows(query.data)) : null}
    </>
  );
}
