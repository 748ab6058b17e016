import type { StaffResult } from "../../api";
import { Badge, Card, formatDateTime, formatMoney, TableCard } from "../../ui";
import { percent, segmentName, segmentTone } from "./analytics-view";

type Detail = StaffResult<"getCustomer">;

/** The customer's segment, RFM and scores from the last analytics run. */
export function ScoresCard({ analytics }: { analytics: Detail["analytics"] }) {
  return (
    <Card title="Segment and scores">
      {analytics === null ? (
        <p className="muted">Not scored yet: the next analytics run (nightly, or Run analytics on the dashboard) will place this customer.</p>
      ) : (
        <dl className="facts" aria-label="Segment and scores">
          <dt>Segment</dt>
          <dd>
            <Badge tone={segmentTone(analytics.segment)}>{segmentName(analytics.segment)}</Badge>
          </dd>
          <dt>Last order</dt>
          <dd>{analytics.rfm.recencyDays === null ? "never" : `${analytics.rfm.recencyDays} days ago`}</dd>
          <dt>Orders</dt>
          <dd>{analytics.rfm.frequency}</dd>
          <dt>Spent</dt>
          <dd>{formatMoney(analytics.rfm.monetaryAed)}</dd>
          <dt>Likely to buy in 30 days</dt>
          <dd>{percent(analytics.purchaseProbability30d)}</dd>
          <dt>Churn risk</dt>
          <dd>{percent(analytics.churnRisk)}</dd>
          <dt>Expected value (12 months)</dt>
          <dd>{analytics.expectedValue12mAed === null ? "—" : formatMoney(analytics.expectedValue12mAed)}</dd>
          <dt>Scored</dt>
          <dd>{formatDateTime(analytics.computedAt)}</dd>
        </dl>
      )}
    </Card>
  );
}

/** Zoho sale orders, newest first; void and draft ones shown but marked as not counted. */
export function OrderHistoryCard({ orders }: { orders: Detail["orders"] }) {
  return (
    <TableCard title="Order history (Zoho)" label="Order history" rows={orders} rowKey={(o) => o.salesorderId}
      empty="No sale orders in Zoho for this customer."
      columns={[
        { header: "Number", cell: (o) => o.number },
        { header: "Date", cell: (o) => o.date },
        { header: "Status", cell: (o) => (o.counts ? <Badge tone="good">{o.status}</Badge> : <Badge tone="warn">{`${o.status} (not counted)`}</Badge>) },
        { header: "Total", cell: (o) => formatMoney(o.totalAed) },
      ]}
    />
  );
}
