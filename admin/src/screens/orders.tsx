import { useState } from "react";
import { Link } from "react-router";
import { QUOTATION_STATES } from "../../../src/core/staff/contract/orders";
import { useStaffMutation, useStaffQuery } from "../api";
import { useSession } from "../session";
import { Badge, Button, Card, ErrorNotice, formatDateTime, formatMoney, Page, QueryTable, SelectField } from "../ui";
import { buyerCity, buyerPhone, itemsSummary } from "./orders/sale-order-cells";
import { isoOrNull, num, statusTone, str } from "./shared/values";
import "./shared/screens.css";
import { ExportButton } from "../ui/export-button";

/** Orders: quotations by state, sale orders with their Zoho numbers and documents, and dead Zoho jobs to replay. */
export default function OrdersScreen() {
  return (
    <Page title="Orders">
      <DeadJobs />
      <SaleOrders />
      <Quotations />
    </Page>
  );
}

function Quotations() {
  const [state, setState] = useState("");
  const quotations = useStaffQuery("listQuotations", { query: { limit: 100, ...(state ? { state: state as (typeof QUOTATION_STATES)[number] } : {}) } });
  return (
    <Card title="Quotations">
      <ExportButton kind="quotations" />
      <div className="filters">
        <SelectField label="State" value={state} onChange={(e) => setState(e.target.value)} options={[["", "Any state"], ...QUOTATION_STATES.map((s) => [s, s] as const)]} />
      </div>
      <QueryTable label="Quotations" query={quotations} rows={(data) => data.quotations}
        empty="No quotations in this state."
        columns={[
          { header: "Number", cell: (q) => q.number },
          { header: "State", cell: (q) => <Badge tone={statusTone(q.state)}>{q.state}</Badge> },
          { header: "Total", cell: (q) => formatMoney(num(q.totalAed)) },
          { header: "Conversation", cell: (q) => <Link to={`/inbox/${q.conversationId}`}>Open chat</Link>, wide: true },
          { header: "Changed", cell: (q) => formatDateTime(q.updatedAt), wide: true },
        ]}
      />
    </Card>
  );
}

function SaleOrders() {
  const orders = useStaffQuery("listSaleOrders", { query: { limit: 100 } });
  return (
    <Card title="Sale orders">
      <ExportButton kind="orders" />
      <QueryTable label="Sale orders" query={orders} rows={(data) => data.saleOrders} rowKey={(o) => o.quotationId}
        empty="No confirmed quotations yet."
        columns={[
          { header: "Quotation", cell: (o) => str(o.quotationNumber) },
          { header: "Zoho sale order", cell: (o) => (o.salesorderNumber ? str(o.salesorderNumber) : <span className="muted">not yet</span>) },
          { header: "Status", cell: (o) => <Badge tone={statusTone(str(o.status))}>{str(o.status)}</Badge> },
          { header: "Customer", cell: (o) => customerCell(o.customer), wide: true },
          { header: "Items", cell: (o) => <span dir="auto">{itemsSummary(o.lines)}</span> },
          { header: "City", cell: (o) => buyerCity(o.buyer) },
          { header: "Phone", cell: (o) => buyerPhone(o.buyer, o.customer), wide: true },
          { header: "Total", cell: (o) => formatMoney(num(o.totalAed)) },
          { header: "Confirmed", cell: (o) => formatDateTime(isoOrNull(o.confirmedAt)), wide: true },
          { header: "Document", cell: (o) => (o.documentPath ? <a href={o.documentPath} target="_blank" rel="noreferrer">{o.salesorderNumber ? "PDF" : "Quotation"}</a> : "—") },
        ]}
      />
    </Card>
  );
}

function customerCell(customer: unknown) {
  const c = (customer ?? {}) as { id?: string; name?: string | null; phone?: string | null };
  const label = c.name || (c.phone ? `+${c.phone}` : "customer");
  return c.id ? <Link to={`/customers/${c.id}`}>{label}</Link> : label;
}

function DeadJobs() {
  const { can } = useSession();
  const jobs = useStaffQuery("listJobs", { query: { status: "dead", limit: 100 } });
  const [replayed, setReplayed] = useState<string | null>(null);
  const replay = useStaffMutation("replayJob", { invalidates: ["listJobs", "listSaleOrders", "listQuotations"], onSuccess: (r) => setReplayed(r.job.id) });
  return (
    <Card title="Dead Zoho jobs">
      <p className="muted">Zoho writes that ran out of retries. Replay one once the cause is fixed; it runs again from where it stopped and never writes twice.</p>
      <ErrorNotice error={replay.error} title="Replay failed" />
      {replayed ? (
        <p className="notice notice-info" role="status">
          Replayed {replayed}: it is queued again.
        </p>
      ) : null}
      <QueryTable label="Dead Zoho jobs" query={jobs} rows={(data) => data.jobs}
        empty="No dead jobs. Every Zoho write went through."
        columns={[
          { header: "Job", cell: (j) => <code>{j.id}</code> },
          { header: "Kind", cell: (j) => j.kind },
          { header: "Attempts", cell: (j) => str(j.attempts), wide: true },
          { header: "Last error", cell: (j) => <span className="muted">{str(j.lastError)}</span>, wide: true },
          { header: "Since", cell: (j) => formatDateTime(isoOrNull(j.updatedAt)), wide: true },
          {
            header: "Action",
            cell: (j) => (
              <Button variant="primary" busy={replay.isPending && replay.variables?.params.id === j.id} onClick={() => replay.mutate({ params: { id: j.id } })} title={can("jobs.replay") ? undefined : "Your role may not replay jobs; the server will refuse"}>
                Replay
              </Button>
            ),
          },
        ]}
      />
    </Card>
  );
}
