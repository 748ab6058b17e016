import { errorMessage, useStaffMutation, useStaffQuery } from "../api";
import { modelSummary, segmentRows } from "../screens/customers/analytics-view";
import { Badge, Button, Card, ErrorNotice, Loading } from "../ui";
import { Bars } from "./charts";

/**
 * The dashboard's customer analytics: customers and revenue per segment as charts, and the Model
 * card saying in words whether the purchase model beats recency on the days it never saw.
 */
export function AnalyticsCards() {
  const segments = useStaffQuery("getAnalyticsSegments", {});
  const model = useStaffQuery("getAnalyticsModel", {});
  const run = useStaffMutation("startAnalyticsRun", { invalidates: ["getAnalyticsModel", "getAnalyticsSegments", "listCustomers"] });
  const rows = segmentRows(segments.data?.segments ?? []);
  const summary = model.data ? modelSummary(model.data) : null;
  const lastRun = model.data?.lastRun ?? null;
  return (
    <div className="grid grid-2">
      <Card title="Customers by segment">
        <ErrorNotice error={segments.error} />
        {segments.isPending ? <Loading /> : <Bars label="Customers by segment" data={rows} x="name" bars={[{ key: "customers", name: "Customers" }]} horizontal />}
      </Card>
      <Card title="Revenue by segment (AED)">
        {segments.isPending ? <Loading /> : <Bars label="Revenue by segment" data={rows} x="name" bars={[{ key: "revenueAed", name: "Revenue (AED)" }]} horizontal />}
      </Card>
      <Card
        title="Purchase model"
        actions={
          <Button variant="primary" busy={run.isPending} onClick={() => run.mutate({ body: {} })}>
            Run analytics
          </Button>
        }
      >
        <ErrorNotice error={model.error} />
        {run.error ? <p className="notice notice-error">{errorMessage(run.error)}</p> : null}
        {run.data ? <p className="muted">{run.data.created ? "Analytics run started: Zoho's order history first, then segments and scores." : "An analytics run is already under way."}</p> : null}
        {summary ? (
          <div aria-label="Model card">
            <p>
              <Badge tone={summary.tone}>{summary.verdict}</Badge>
            </p>
            {summary.lines.map((line) => (
              <p key={line}>{line}</p>
            ))}
            {lastRun ? <p className="muted">{`Last run ${lastRun.status}: ${lastRun.contactsSeen} Zoho contacts and ${lastRun.ordersSeen} sale orders read, ${lastRun.scored} customers scored.`}</p> : null}
          </div>
        ) : model.isPending ? (
          <Loading />
        ) : null}
      </Card>
    </div>
  );
}
