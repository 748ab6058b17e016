import { useState } from "react";
import { useStaffQuery, type StaffResult } from "../api";
import { AnalyticsCards } from "../dashboard/analytics-cards";
import { Bars } from "../dashboard/charts";
import { DigestCard } from "../dashboard/digest-card";
import { costLines } from "../dashboard/costs";
import { everyDay, funnelRows, handoffRows, periodRange, PERIODS, type PeriodChoice } from "../dashboard/period";
import { Card, channelLabel, ErrorNotice, languageLabel, Loading, Page, SelectField, Table, TextField, formatMoney, formatMs } from "../ui";

type Metrics = StaffResult<"metrics">;

/** The shop's numbers over a chosen period, from GET /api/v1/admin/metrics, as charts. */
export default function DashboardScreen() {
  const [choice, setChoice] = useState<PeriodChoice>("30d");
  const [custom, setCustom] = useState<{ from?: string; to?: string }>({});
  const range = periodRange(choice, Date.now(), custom);
  const metrics = useStaffQuery("metrics", { query: { from: range?.from ?? "", to: range?.to ?? "", bucket: "day" } }, { enabled: range !== null, placeholderData: (previous) => previous });

  return (
    <Page
      title="Dashboard"
      actions={
        <div className="filters">
          <SelectField label="Period" value={choice} options={PERIODS} onChange={(e) => setChoice(e.target.value as PeriodChoice)} />
          {choice === "custom" ? (
            <>
              <TextField label="From" type="date" value={custom.from ?? ""} onChange={(e) => setCustom({ ...custom, from: e.target.value })} />
              <TextField label="To" type="date" value={custom.to ?? ""} onChange={(e) => setCustom({ ...custom, to: e.target.value })} />
            </>
          ) : null}
        </div>
      }
    >
      {range === null ? <p className="muted">Choose a start and an end date.</p> : null}
      <ErrorNotice error={metrics.error} />
      {metrics.isPending && range ? <Loading what="Computing the metrics" /> : null}
      {metrics.data ? <MetricsView metrics={metrics.data} /> : null}
      <AnalyticsCards />
      <DigestCard />
    </Page>
  );
}

function Stat({ label, value }: { label: string; value: string }) {
  return (
    <div className="stat">
      <div className="value">{value}</div>
      <div className="label">{label}</div>
    </div>
  );
}

function MetricsView({ metrics }: { metrics: Metrics }) {
  const { totals } = metrics;
  const days = everyDay(metrics.series, metrics.from, metrics.to);
  const cost = totals.llm.byModel.reduce((sum, model) => sum + model.costUsd, 0);
  const quality = totals.quality;
  return (
    <>
      <div className="stats" aria-label="Totals">
        <Stat label="Conversations" value={String(totals.conversations)} />
        <Stat label="Messages in / out" value={`${totals.inboundMessages} / ${totals.outboundMessages}`} />
        <Stat label="First response p50 (p95)" value={`${formatMs(totals.firstResponseMs.p50)} (${formatMs(totals.firstResponseMs.p95)})`} />
        <Stat label="Revenue" value={formatMoney(totals.revenueAed)} />
        <Stat label={`Proactive messages (${totals.proactive.skipped} not sent)`} value={String(totals.proactive.sent)} />
        <Stat label="LLM cost" value={`$${cost.toFixed(2)}`} />
        <Stat label="Offline-fallback rate" value={totals.llm.offlineRate === null ? "—" : `${(totals.llm.offlineRate * 100).toFixed(1)} %`} />
        <Stat label={quality.averageScore === null ? "Quality score (no judged reviews yet)" : `Quality score (${quality.judged} judged of ${quality.reviews})`} value={quality.averageScore === null ? "—" : `${quality.averageScore.toFixed(2)} / 5`} />
      </div>
      <div className="grid grid-2">
        <Card title="Conversations and messages per day">
          <Bars label="Conversations and messages per day" data={days} x="day" bars={[{ key: "conversations", name: "Conversations" }, { key: "inboundMessages", name: "Messages in" }, { key: "outboundMessages", name: "Messages out" }]} />
        </Card>
        <Card title="LLM cost per day (USD)">
          <Bars label="LLM cost per day" data={days} x="day" bars={[{ key: "costUsd", name: "Cost (USD)" }]} />
        </Card>
        <Card title="Funnel to sale order">
          <Bars label="Funnel from conversation to sale order" data={funnelRows(totals.funnel)} x="step" bars={[{ key: "count", name: "Conversations" }]} horizontal />
        </Card>
        <Card title="What replies cost">
          <dl aria-label="What replies cost">
            {costLines(metrics.costs).map((line) => [<dt key={`${line.label}-t`}>{line.label}</dt>, <dd key={`${line.label}-d`}>{line.value}</dd>])}
          </dl>
        </Card>
        <Card title="Handoffs by reason">
          {Object.keys(totals.handoffsByReason).length === 0 ? <p className="muted">No handoffs in this period.</p> : <Bars label="Handoffs by reason" data={handoffRows(totals.handoffsByReason)} x="reason" bars={[{ key: "count", name: "Handoffs" }]} horizontal />}
        </Card>
        <Card title="LLM cost per model">
          <Table
            label="LLM cost per model"
            rows={totals.llm.byModel}
            rowKey={(model) => model.model}
            empty="No model calls in this period."
            columns={[
              { header: "Model", cell: (model) => model.model },
              { header: "Calls", cell: (model) => model.calls },
              { header: "Tokens in / out", cell: (model) => `${model.promptTokens} / ${model.completionTokens}`, wide: true },
              { header: "Cost", cell: (model) => `$${model.costUsd.toFixed(4)}` },
            ]}
          />
          <p className="muted">
            {totals.llm.calls} model calls, {totals.llm.offlineReplies} replies by the offline salesperson.
          </p>
        </Card>
        <Card title="By channel and language">
          <Table
            label="By channel and language"
            rows={[...metrics.byChannel.map((row) => ({ ...row, kind: "channel", label: channelLabel(row.key) })), ...metrics.byLanguage.map((row) => ({ ...row, kind: "language", label: languageLabel(row.key) }))]}
            rowKey={(row) => `${row.kind}-${row.key}`}
            columns={[
              { header: "Channel or language", cell: (row) => row.label },
              { header: "Conversations", cell: (row) => row.conversations },
              { header: "In / out", cell: (row) => `${row.inbound} / ${row.outbound}` },
              { header: "Offline replies", cell: (row) => row.offlineReplies, wide: true },
            ]}
          />
        </Card>
      </div>
    </>
  );
}
