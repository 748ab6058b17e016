import { useState } from "react";
import { Link, useParams, useRoutes } from "react-router";
import { useStaffMutation, useStaffQuery } from "../api";
import { useSession } from "../session";
import { Badge, Button, Card, ErrorNotice, formatDateTime, Loading, Page, QueryTable, Table, TextField } from "../ui";
import { beforeAfterRows, change } from "./findings/compare";
import { DiffView } from "./prompts/diff-view";
import "./shared/screens.css";

/** Findings: recurring faults from the quality reviews, the changes drafted for them, their proof on simulated customers, and the decision. */
export default function FindingsScreen() {
  return useRoutes([{ index: true, element: <FindingList /> }, { path: "proposals/:proposalId", element: <ProposalDetail /> }]);
}

function FindingList() {
  const { can } = useSession();
  const list = useStaffQuery("listQualityFindings");
  const run = useStaffMutation("runQualityFindings", { invalidates: ["listQualityFindings"] });
  const last = list.data?.lastRun;
  return (
    <Page title="Findings" actions={can("quality.review") ? <Button variant="primary" busy={run.isPending} onClick={() => run.mutate({ body: {} })}>Find now</Button> : null}>
      <ErrorNotice error={run.error} title="The run was refused" />
      {last ? (
        <p className="muted" role="status">
          Last run {formatDateTime(last.createdAt)} ({last.trigger}): <Badge tone={last.status === "done" ? "good" : "warn"}>{last.status}</Badge> {last.reviews} reviews, {last.findings} findings, {last.proposals} proposals, ${last.costUsd.toFixed(4)} of ${last.budgetUsd.toFixed(2)}. {last.note ?? ""}
        </p>
      ) : null}
      <QueryTable label="Findings" query={list} rows={(d) => d.findings}
        empty="No findings yet: run the job, or wait for the weekly run."
        columns={[
          { header: "Pattern", cell: (f) => <span dir="auto">{f.pattern}</span> },
          { header: "Cause", cell: (f) => <Badge>{f.cause}</Badge> },
          { header: "Conversations", cell: (f) => f.conversations },
          { header: "Examples", cell: (f) => f.conversationIds.slice(0, 5).map((id, i) => <Link key={id} to={`/inbox/${id}`} style={{ marginRight: 6 }}>chat {i + 1}</Link>) },
          { header: "Proposals", cell: (f) => (f.proposalIds.length ? f.proposalIds.map((id, i) => <Link key={id} to={`proposals/${id}`} style={{ marginRight: 6 }}>{i === 0 ? "latest" : `#${f.proposalIds.length - i}`}</Link>) : <span className="muted">none</span>) },
        ]}
      />
    </Page>
  );
}

function ProposalDetail() {
  const { proposalId = "" } = useParams();
  const { can } = useSession();
  const detail = useStaffQuery("getQualityProposal", { params: { id: proposalId } });
  const prompts = useStaffQuery("getPrompts");
  const invalidates = ["getQualityProposal", "listQualityFindings", "getPrompts", "qualityReports"] as const;
  const activate = useStaffMutation("activateQualityProposal", { invalidates: [...invalidates] });
  // A refusal shown before the comparison ran no longer holds once it has.
  const simulate = useStaffMutation("simulateQualityProposal", { invalidates: [...invalidates], onSuccess: () => activate.reset() });
  const dismiss = useStaffMutation("dismissQualityProposal", { invalidates: [...invalidates] });
  const [reason, setReason] = useState("");
  if (detail.isPending) return <Loading />;
  if (detail.error) return <ErrorNotice error={detail.error} title="This proposal could not be loaded" />;
  const { proposal, finding } = detail.data;
  const comparison = proposal.comparison;
  const draft = proposal.status === "draft";
  return (
    <Page title={`Proposal for: ${finding.pattern}`} actions={<Link to="/findings">All findings</Link>}>
      <Card title="The change">
        <p>
          <Badge>{proposal.kind}</Badge> <Badge tone={proposal.status === "activated" ? "good" : proposal.status === "dismissed" ? "bad" : "neutral"}>{proposal.status}</Badge>{" "}
          {proposal.scripted ? <Badge tone="warn">scripted: no model key</Badge> : <span className="muted">drafted by {proposal.model}</span>} · {finding.conversations} conversations
        </p>
        <p dir="auto">{proposal.reasoning}</p>
        {proposal.dismissReason ? <p className="muted">Dismissed: {proposal.dismissReason}</p> : null}
        {proposal.kind === "prompt" ? (
          prompts.data ? <DiffView before={prompts.data.active.content} after={proposal.content} label="Proposed prompt change" /> : <Loading />
        ) : (
          <div>
            <p>
              Knowledge document <strong dir="auto">{proposal.knowledge?.title}</strong> ({proposal.knowledge?.slug}, {proposal.knowledge?.topic}, {proposal.knowledge?.language})
            </p>
            <pre dir="auto" style={{ whiteSpace: "pre-wrap" }}>{proposal.content}</pre>
          </div>
        )}
      </Card>
      <Card title="Simulated customers: active version against the draft" actions={draft && can("quality.review") ? <Button busy={simulate.isPending} onClick={() => simulate.mutate({ params: { id: proposal.id } })}>{comparison ? "Simulate again" : "Simulate"}</Button> : null}>
        <ErrorNotice error={simulate.error} title="The simulation failed" />
        {comparison ? (
          <>
            <p role="status">
              <Badge tone={comparison.status === "passing" ? "good" : "bad"}>{comparison.status}</Badge> against prompt v{comparison.active.promptVersion} on {formatDateTime(comparison.ranAt)}
              {comparison.scripted ? " (scripted stand-ins)" : ""}
            </p>
            {comparison.reasons.length ? <ul>{comparison.reasons.map((r) => <li key={r}>{r}</li>)}</ul> : null}
            <Table
              label="Before and after"
              rows={beforeAfterRows(comparison)}
              rowKey={(r) => r.label}
              columns={[
                { header: "Persona or criterion", cell: (r) => r.label },
                { header: "Active", cell: (r) => r.active ?? "—" },
                { header: "Draft", cell: (r) => r.draft ?? "—" },
                { header: "Change", cell: (r) => change(r.active, r.draft) },
                { header: "Code checks (draft)", cell: (r) => (r.draftFailures.length ? <Badge tone="bad">{r.draftFailures.join(", ")}</Badge> : "") },
                { header: "Code checks (active)", cell: (r) => r.activeFailures.join(", ") },
              ]}
            />
          </>
        ) : (
          <p className="muted">Not simulated yet: a proposal is activated only after its comparison passes.</p>
        )}
      </Card>
      {draft ? (
        <Card title="Decision">
          <div className="row-actions">
            {can("prompts.write") ? <Button variant="primary" busy={activate.isPending} onClick={() => activate.mutate({ params: { id: proposal.id } })}>Activate</Button> : null}
          </div>
          <ErrorNotice error={activate.error} title="Not activated" />
          {can("quality.review") ? (
            <>
              <TextField label="Reason for dismissing" value={reason} onChange={(e) => setReason(e.target.value)} />
              <Button busy={dismiss.isPending} onClick={() => dismiss.mutate({ params: { id: proposal.id }, body: { reason } })}>Dismiss</Button>
              <ErrorNotice error={dismiss.error} title="Not dismissed" />
            </>
          ) : null}
        </Card>
      ) : proposal.status === "activated" ? (
        <p role="status">
          Activated {proposal.activatedVersion !== null ? `as prompt v${proposal.activatedVersion}` : "as a knowledge document"} by {proposal.decidedBy}. Its effect shows on the <Link to="/quality">Quality</Link> screen by prompt version.
        </p>
      ) : null}
    </Page>
  );
}
