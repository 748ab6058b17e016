import { useState } from "react";
import { Link, useNavigate, useParams, useRoutes } from "react-router";
import { useStaffQuery } from "../api";
import { Badge, Card, ErrorNotice, formatDateTime, formatMoney, Loading, Page, QueryTable, SelectField, TableCard, TextField } from "../ui";
import { percent, SEGMENT_OPTIONS, segmentName, segmentTone, SORT_OPTIONS, type CustomerSortChoice, type SegmentName } from "./customers/analytics-view";
import { OrderHistoryCard, ScoresCard } from "./customers/history-cards";
import { BackInStockCard } from "./customers/back-in-stock-card";
import { statusTone } from "./shared/values";
import "./shared/screens.css";
import { ExportButton } from "../ui/export-button";

/** Customers: who the shop talks to; each one's profile, CRM contact and conversations. */
export default function CustomersScreen() {
  return useRoutes([{ index: true, element: <CustomerList /> }, { path: ":customerId", element: <CustomerProfile /> }]);
}

function CustomerList() {
  const [search, setSearch] = useState("");
  const [segment, setSegment] = useState("");
  const [sort, setSort] = useState<CustomerSortChoice>("recent");
  const q = search.trim();
  const customers = useStaffQuery("listCustomers", { query: { limit: 100, sort, ...(q ? { q } : {}), ...(segment ? { segment: segment as SegmentName } : {}) } });
  const navigate = useNavigate();
  return (
    <Page title="Customers" actions={<ExportButton kind="customers" />}>
      <Card>
        <div className="filters">
          <TextField label="Search" type="search" placeholder="Name or phone digits" value={search} onChange={(e) => setSearch(e.target.value)} />
          <SelectField label="Segment" value={segment} options={SEGMENT_OPTIONS} onChange={(e) => setSegment(e.target.value)} />
          <SelectField label="Sort by" value={sort} options={SORT_OPTIONS} onChange={(e) => setSort(e.target.value as CustomerSortChoice)} />
        </div>
        <QueryTable label="Customers" query={customers} rows={(d) => d.customers} onRowClick={(c) => navigate(c.id)}
          empty="No customer matches."
          columns={[
            { header: "Name", cell: (c) => <Link to={c.id}><span dir="auto">{c.name ?? "(no name)"}</span></Link> },
            { header: "Phone", cell: (c) => (c.phone ? `+${c.phone}` : "—") },
            { header: "Segment", cell: (c) => <Badge tone={segmentTone(c.segment)}>{segmentName(c.segment)}</Badge> },
            { header: "Lead score", cell: (c) => c.leadScore ?? "—" },
            { header: "Buy in 30 d", cell: (c) => percent(c.purchaseProbability30d) },
            { header: "Churn risk", cell: (c) => percent(c.churnRisk), wide: true },
            { header: "Value 12 m", cell: (c) => (c.expectedValue12mAed === null ? "—" : formatMoney(c.expectedValue12mAed)), wide: true },
            { header: "Conversations", cell: (c) => c.conversations, wide: true },
            { header: "Last message", cell: (c) => formatDateTime(c.lastMessageAt), wide: true },
            { header: "CRM", cell: (c) => (c.crmContactId ? <Badge tone="good">in CRM</Badge> : <Badge>not yet</Badge>) },
          ]}
        />
      </Card>
    </Page>
  );
}

function CustomerProfile() {
  const { customerId = "" } = useParams();
  const detail = useStaffQuery("getCustomer", { params: { id: customerId } });
  if (detail.isPending) return <Loading />;
  if (detail.error) return <ErrorNotice error={detail.error} title="This customer could not be loaded" />;
  const { customer, identities, crm, conversations, quotations, analytics, orders } = detail.data;
  const profile = Object.entries(customer.profile);
  return (
    <Page title={customer.name ?? (customer.phone ? `+${customer.phone}` : "Customer")} actions={<Link to="/customers">All customers</Link>}>
      <div className="grid grid-2">
        <Card title="Profile">
          <dl className="facts">
            <dt>Name</dt>
            <dd dir="auto">{customer.name ?? "—"}</dd>
            <dt>Phone</dt>
            <dd>{customer.phone ? `+${customer.phone}` : "—"}</dd>
            <dt>Channels</dt>
            <dd>{identities.map((i) => `${i.channel} ${i.externalId}`).join(", ") || "—"}</dd>
            <dt>Customer since</dt>
            <dd>{formatDateTime(customer.createdAt)}</dd>
            <dt>Reminders and notices</dt>
            <dd data-testid="proactive-state">
              {customer.proactiveOptOutAt ? <Badge tone="warn">opted out {formatDateTime(customer.proactiveOptOutAt)}</Badge> : <Badge tone="good">allowed</Badge>}
            </dd>
            {profile.map(([key, value]) => (
              <FactRow key={key} label={key} value={String(value)} />
            ))}
          </dl>
          {profile.length === 0 ? <p className="muted">The agent has not learned a company, city or needs yet.</p> : null}
        </Card>
        <Card title="Zoho CRM">
          <dl className="facts">
            <dt>Status</dt>
            <dd>
              <Badge tone={statusTone(crm.status)}>{crm.status.replace("_", " ")}</Badge>
            </dd>
            <dt>Contact</dt>
            <dd>{crm.url ? <a href={crm.url} target="_blank" rel="noreferrer">Open in Zoho CRM</a> : (crm.contactId ?? "—")}</dd>
            <dt>Synced</dt>
            <dd>{formatDateTime(crm.syncedAt)}</dd>
            <dt>Inventory contact</dt>
            <dd>{crm.inventoryContactId ?? "—"}</dd>
          </dl>
          {crm.lastError ? <p className="notice notice-error">{crm.lastError}</p> : null}
          {crm.reason ? <p className="notice">Not in CRM: {crm.reason}</p> : null}
        </Card>
      </div>
      <div className="grid grid-2">
        <ScoresCard analytics={analytics} />
        <OrderHistoryCard orders={orders} />
      </div>
      <BackInStockCard requests={customer.backInStock} />
      <TableCard title="Conversations" rows={conversations}
        empty="No conversations."
        columns={[
          { header: "Channel", cell: (c) => c.channel },
          { header: "Status", cell: (c) => <Badge tone={statusTone(c.status)}>{c.status.replaceAll("_", " ")}</Badge> },
          { header: "Language", cell: (c) => c.language ?? "—", wide: true },
          { header: "Last message", cell: (c) => formatDateTime(c.lastMessageAt) },
          { header: "", cell: (c) => <Link to={`/inbox/${c.id}`}>Open in inbox</Link> },
        ]}
      />
      <TableCard title="Quotations" label="Customer quotations" rows={quotations}
        empty="No quotations yet."
        columns={[
          { header: "Number", cell: (q) => q.number },
          { header: "State", cell: (q) => <Badge tone={statusTone(q.state)}>{q.state}</Badge> },
          { header: "Total", cell: (q) => formatMoney(q.totalAed) },
          { header: "Changed", cell: (q) => formatDateTime(q.updatedAt), wide: true },
        ]}
      />
    </Page>
  );
}

function FactRow({ label, value }: { label: string; value: string }) {
  return (
    <>
      <dt>{label}</dt>
      <dd dir="auto">{value}</dd>
    </>
  );
}
