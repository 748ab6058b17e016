import { useState } from "react";
import { api, type StaffResult } from "../api";
import { useInfiniteQuery } from "@tanstack/react-query";
import { useSession } from "../session";
import { Button, Card, formatDateTime, Page, QueryTable, roleLabel, TextField } from "../ui";
import { describeChange } from "./audit/change";
import "./shared/screens.css";

type Entry = StaffResult<"listAudit">["entries"][number];
interface Filter {
  actor: string;
  action: string;
  target: string;
}

/** Audit log (admins): every staff change, newest first, filtered by actor, action and target. */
export default function AuditScreen() {
  const { can, user } = useSession();
  const [form, setForm] = useState<Filter>({ actor: "", action: "", target: "" });
  const [filter, setFilter] = useState<Filter>(form);
  const query = {
    ...(filter.actor.trim() ? { actor: filter.actor.trim() } : {}),
    ...(filter.action.trim() ? { action: filter.action.trim() } : {}),
    ...(filter.target.trim() ? { target: filter.target.trim() } : {}),
    limit: 50,
  };
  // Pages follow the API's nextBefore cursor; "Load older" asks for the next one.
  const pages = useInfiniteQuery({
    queryKey: ["listAudit", { query }],
    queryFn: ({ pageParam }) => api.listAudit({ query: { ...query, ...(pageParam ? { before: pageParam } : {}) } }),
    initialPageParam: 0,
    getNextPageParam: (last) => last.nextBefore ?? undefined,
    enabled: can("audit.read"),
  });
  if (!can("audit.read")) {
    return (
      <Page title="Audit log">
        <p className="notice notice-info">Only admins read the audit log (you are {user.role}).</p>
      </Page>
    );
  }
  return (
    <Page title="Audit log">
      <Card>
        <form
          className="filters"
          onSubmit={(event) => {
            event.preventDefault();
            setFilter(form);
          }}
        >
          <TextField label="Actor" value={form.actor} onChange={(e) => setForm({ ...form, actor: e.target.value })} placeholder="email or ADMIN_API_TOKEN" />
          <TextField label="Action" value={form.action} onChange={(e) => setForm({ ...form, action: e.target.value })} placeholder="e.g. settings.update" />
          <TextField label="Target" value={form.target} onChange={(e) => setForm({ ...form, target: e.target.value })} placeholder="type or type:id, e.g. prompt" />
          <div className="field">
            <Button type="submit" variant="primary">
              Filter
            </Button>
          </div>
        </form>
        <QueryTable label="Audit entries" query={pages} rows={(data) => data.pages.flatMap((p) => p.entries)} rowKey={(e) => String(e.id)}
          empty="No entries match."
          columns={[
            { header: "When", cell: (e) => formatDateTime(e.at) },
            { header: "Actor", cell: (e) => `${e.actorLabel} (${roleLabel(e.role)})` },
            { header: "Action", cell: (e) => <code>{e.action}</code> },
            { header: "Target", cell: (e) => <code>{e.targetId ? `${e.targetType}:${e.targetId}` : e.targetType}</code> },
            { header: "Change", cell: (e) => <Change entry={e} />, wide: true },
          ]}
        />
        {pages.hasNextPage ? (
          <Button busy={pages.isFetchingNextPage} onClick={() => pages.fetchNextPage()}>
            Load older
          </Button>
        ) : null}
      </Card>
    </Page>
  );
}

function Change({ entry }: { entry: Entry }) {
  const changes = describeChange(entry.before, entry.after);
  if (changes.length === 0) return <span className="muted">—</span>;
  return (
    <ul className="audit-change" dir="auto">
      {changes.map((c) => (
        <li key={c.field}>
          {c.field ? <strong>{c.field}: </strong> : null}
          {c.before !== null ? <span className="muted">{c.before} → </span> : null}
          {c.after ?? <span className="muted">removed</span>}
        </li>
      ))}
    </ul>
  );
}
