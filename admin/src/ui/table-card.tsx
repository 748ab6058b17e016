import type { ReactElement } from "react";
import { Card } from "./layout";
import { QueryTable, type ById, type Keyed, type ListProps } from "./query-table";

/** The card's heading (and region name); the table's name too unless `label` gives another. */
type Titles = { title: string; label?: string };

/**
 * A card that is one list: rows at hand (`rows={customer.orders}`) or picked out of a query
 * (`query={reviews} rows={(data) => data.reviews}`), which then shows its error and "Loading…" first.
 */
export function TableCard<Data, Row>(props: Titles & ListProps<Data, Row> & Keyed<Row>): ReactElement;
export function TableCard<Data, Row extends { id: string }>(props: Titles & ListProps<Data, Row> & ById<Row>): ReactElement;
export function TableCard<Data, Row>({ title, label = title, ...list }: Titles & ListProps<Data, Row> & ById<Row>): ReactElement {
  return (
    <Card title={title}>
      {/* The overloads above checked `rowKey`; without one QueryTable keys rows by `id`. */}
      <QueryTable {...(list as ListProps<Data, Row> & Keyed<Row>)} label={label} />
    </Card>
  );
}
