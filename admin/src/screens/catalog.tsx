import { useState } from "react";
import { useStaffMutation, useStaffQuery } from "../api";
import { useSession } from "../session";
import { Badge, Button, Card, ErrorNotice, formatDateTime, formatMoney, formatMs, Page, QueryTable, SelectField, Table, TextField } from "../ui";
import { isoOrNull, num, statusTone, str } from "./shared/values";
import "./shared/screens.css";

/** Catalog: the Zoho sync runs, starting one, and a search tester that shows the retrieval mode and the ranking. */
export default function CatalogScreen() {
  return (
    <Page title="Catalog">
      <SyncRuns />
      <SearchTester />
    </Page>
  );
}

function SyncRuns() {
  const { can } = useSession();
  const [mode, setMode] = useState<"incremental" | "full">("incremental");
  // While a run is open the list refreshes itself, so staff watch it finish.
  const runs = useStaffQuery("listSyncRuns", { query: { limit: 20 } }, { refetchInterval: (query) => (query.state.data?.open ? 2000 : false) });
  const start = useStaffMutation("startSync", { invalidates: ["listSyncRuns"] });
  const data = runs.data;
  return (
    <Card
      title="Sync from Zoho"
      actions={
        <div className="row-actions">
          <SelectField label="Mode" value={mode} onChange={(e) => setMode(e.target.value as "incremental" | "full")} options={[["incremental", "Incremental"], ["full", "Full"]]} />
          <Button variant="primary" busy={start.isPending} onClick={() => start.mutate({ body: { mode } })} title={can("catalog.sync") ? undefined : "Your role may not start a sync; the server will refuse"}>
            Start sync
          </Button>
        </div>
      }
    >
      <ErrorNotice error={start.error} title="Sync not started" />
      {start.data ? (
        <p role="status" className="notice notice-info">
          {start.data.created ? `Sync ${start.data.run.mode} started.` : "A sync was already running: following it."}
        </p>
      ) : null}
      {data ? (
        <p className="muted">
          Zoho {data.zohoConfigured ? "configured" : "not configured"} · vector store {str(data.vectorStore)} · embeddings {str(data.embeddings)}
        </p>
      ) : null}
      <QueryTable label="Sync runs" query={runs} rows={(d) => d.runs}
        empty="No sync has run yet."
        columns={[
          { header: "Requested", cell: (r) => formatDateTime(isoOrNull(r.requestedAt)) },
          { header: "Mode", cell: (r) => r.mode },
          { header: "Trigger", cell: (r) => str(r.trigger), wide: true },
          { header: "Status", cell: (r) => <Badge tone={statusTone(r.status)}>{r.status}</Badge> },
          { header: "Items", cell: (r) => `${num(r.itemsSeen)} seen, ${num(r.itemsChanged)} changed, ${num(r.itemsRemoved)} removed` },
          { header: "Zoho calls", cell: (r) => num(r.zohoRequests), wide: true },
          { header: "Problems", cell: (r) => (Array.isArray(r.errors) && r.errors.length ? <span className="muted">{r.errors.length}: {str((r.errors.at(-1) as { message?: string }).message)}</span> : "none"), wide: true },
          { header: "Finished", cell: (r) => formatDateTime(isoOrNull(r.finishedAt)), wide: true },
        ]}
      />
    </Card>
  );
}

type Retrieval = "hybrid" | "lexical" | "dense";
interface Search {
  q: string;
  retrieval: Retrieval;
  category: string;
  maxPrice: string;
}

function SearchTester() {
  const [form, setForm] = useState<Search>({ q: "", retrieval: "hybrid", category: "", maxPrice: "" });
  const [submitted, setSubmitted] = useState<Search | null>(null);
  const maxPrice = submitted?.maxPrice ? Number(submitted.maxPrice) : undefined;
  const search = useStaffQuery(
    "searchProducts",
    { query: { q: submitted?.q ?? "", retrieval: submitted?.retrieval ?? "hybrid", limit: 10, ...(submitted?.category ? { category: submitted.category } : {}), ...(maxPrice !== undefined ? { max_price: maxPrice } : {}) } },
    { enabled: submitted !== null },
  );
  const items = search.data?.products ?? [];
  return (
    <Card title="Search tester">
      <p className="muted">What the agent's catalog search returns for a customer's words. Customers always get hybrid; lexical and dense alone show each retriever's ranking.</p>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          setSubmitted({ ...form });
        }}
      >
        <div className="filters">
          <TextField label="Customer words" dir="auto" value={form.q} onChange={(e) => setForm({ ...form, q: e.target.value })} placeholder="e.g. black mesh chair / كرسي شبكي" />
          <SelectField label="Retrieval" value={form.retrieval} onChange={(e) => setForm({ ...form, retrieval: e.target.value as Retrieval })} options={[["hybrid", "Hybrid"], ["lexical", "Lexical only"], ["dense", "Dense only"]]} />
          <TextField label="Category" value={form.category} onChange={(e) => setForm({ ...form, category: e.target.value })} />
          <TextField label="Max price (AED)" inputMode="decimal" value={form.maxPrice} onChange={(e) => setForm({ ...form, maxPrice: e.target.value })} />
          <div className="field">
            <Button type="submit" variant="primary" busy={search.isFetching}>
              Search
            </Button>
          </div>
        </div>
      </form>
      <ErrorNotice error={search.error} title="Search failed" />
      {search.data ? (
        <>
          <p role="status">
            Mode <Badge tone={search.data.mode === (submitted?.retrieval ?? "hybrid") ? "good" : "warn"}>{search.data.mode}</Badge> · {num(search.data.total)} found · {formatMs(search.data.searchMs)}
            {search.data.denseUnavailable ? <span className="muted"> (asked for {submitted?.retrieval}; lexical answered: {search.data.denseUnavailable})</span> : null}
          </p>
          <Table
            label="Search results"
            rows={items.map((item, index) => ({ ...item, rank: index + 1 }))}
            rowKey={(item) => item.sku}
            empty="Nothing matches."
            columns={[
              { header: "Rank", cell: (item) => item.rank },
              { header: "SKU", cell: (item) => <code>{item.sku}</code> },
              { header: "Name", cell: (item) => <span dir="auto">{item.name}</span> },
              { header: "Arabic name", cell: (item) => <span dir="rtl" lang="ar">{item.nameAr ?? "—"}</span>, wide: true },
              { header: "Category", cell: (item) => item.category, wide: true },
              { header: "Price", cell: (item) => formatMoney(item.priceAed) },
              { header: "In stock", cell: (item) => item.stockAvailable },
            ]}
          />
        </>
      ) : null}
    </Card>
  );
}
