import { useMemo, useState } from "react";
import { Link, useNavigate, useParams, useRoutes } from "react-router";
import { useStaffMutation, useStaffQuery } from "../api";
import { Badge, Button, Card, ErrorNotice, formatDateTime, languageLabel, Loading, Page, promptVersionLabel, QueryTable, SelectField, Table, TextField } from "../ui";
import { flagCounts, flagSummary } from "./quality/flags";
import { ScoreBar } from "./quality/score-bar";
import { statusTone } from "./shared/values";
import "./shared/screens.css";

/** Quality: reviews of finished conversations (flags from code, scores from the judge), one review's evidence and verdicts, and trends. */
export default function QualityScreen() {
  return useRoutes([{ index: true, element: <Overview /> }, { path: ":reviewId", element: <ReviewDetail /> }]);
}

const DAY = 86_400_000;

function Overview() {
  const [days, setDays] = useState("30");
  const range = useMemo(() => {
    const to = new Date();
    return { from: new Date(to.getTime() - Number(days) * DAY).toISOString(), to: to.toISOString() };
  }, [days]);
  const report = useStaffQuery("qualityReports", { query: range });
  const [maxScore, setMaxScore] = useState("");
  const [status, setStatus] = useState("");
  const reviews = useStaffQuery("listQualityReviews", { query: { limit: 100, ...(maxScore ? { maxScore: Number(maxScore) } : {}), ...(status ? { status: status as "done" } : {}) } });
  const navigate = useNavigate();
  const data = report.data;
  return (
    <Page title="Quality" actions={<SelectField label="Period" value={days} onChange={(e) => setDays(e.target.value)} options={[["7", "7 days"], ["30", "30 days"], ["90", "90 days"]]} />}>
      <ErrorNotice error={report.error} />
      {data ? (
        <div className="grid grid-3">
          <Card title="Reviews">
            <p className="big-number">{data.totals.reviews}</p>
            <p className="muted">{data.totals.judged} judged, {data.totals.failed} failed, {data.totals.alerted} alerted; the judge cost ${data.totals.judgeCostUsd.toFixed(4)}</p>
          </Card>
          <Card title="Average score">
            <p className="big-number">{data.totals.averageScore?.toFixed(2) ?? "—"}</p>
            <p className="muted">out of 5</p>
          </Card>
          <Card title="Managers agree with the judge">
            <p className="big-number">{data.agreement.rate === null ? "—" : `${Math.round(data.agreement.rate * 100)}%`}</p>
            <p className="muted">{data.agreement.verdicts} verdicts</p>
          </Card>
        </div>
      ) : report.isPending ? (
        <Loading />
      ) : null}
      {data ? (
        <div className="grid grid-2">
          <Card title="Score by day">
            <Table label="Score by day" rows={data.byDay} rowKey={(d) => d.day} empty="No reviews in this period." columns={[{ header: "Day", cell: (d) => d.day }, { header: "Reviews", cell: (d) => d.reviews }, { header: "Average", cell: (d) => <ScoreBar score={d.averageScore} /> }, { header: "Flagged", cell: (d) => d.flagged }]} />
          </Card>
          <Card title="By criterion and prompt version">
            <Table label="Score by criterion" rows={data.byCriterion} rowKey={(c) => c.criterion} empty="No scores yet." columns={[{ header: "Criterion", cell: (c) => c.criterion }, { header: "Average", cell: (c) => <ScoreBar score={c.averageScore} /> }]} />
            <Table label="Score by prompt version" rows={data.byPromptVersion} rowKey={(p) => String(p.promptVersion)} empty="" columns={[{ header: "Prompt", cell: (p) => promptVersionLabel(p.promptVersion) }, { header: "Reviews", cell: (p) => p.reviews }, { header: "Average", cell: (p) => <ScoreBar score={p.averageScore} /> }]} />
            <p className="muted">Flags: {data.byFlag.map((f) => `${f.flag} ${f.reviews}`).join(", ") || "none"}</p>
          </Card>
        </div>
      ) : null}
      <Card title="Reviews">
        <div className="filters">
          <SelectField label="Score at most" value={maxScore} onChange={(e) => setMaxScore(e.target.value)} options={[["", "Any"], ["2", "2"], ["3", "3"], ["4", "4"]]} />
          <SelectField label="Status" value={status} onChange={(e) => setStatus(e.target.value)} options={[["", "Any"], ["done", "done"], ["queued", "queued"], ["failed", "failed"]]} />
        </div>
        <QueryTable label="Quality reviews" query={reviews} rows={(data) => data.reviews} onRowClick={(r) => navigate(r.id)}
          empty="No reviews yet: conversations are reviewed once they go quiet, are handed off or end in an order."
          columns={[
            { header: "Reviewed", cell: (r) => <Link to={r.id}>{formatDateTime(r.completedAt ?? r.createdAt)}</Link> },
            { header: "Score", cell: (r) => <ScoreBar score={r.overallScore} /> },
            { header: "Flags", cell: (r) => flagSummary(r.flags) },
            { header: "Trigger", cell: (r) => r.trigger, wide: true },
            { header: "Status", cell: (r) => <Badge tone={statusTone(r.status)}>{r.status}</Badge> },
            { header: "Language", cell: (r) => languageLabel(r.language), wide: true },
          ]}
        />
      </Card>
    </Page>
  );
}

function ReviewDetail() {
  const { reviewId = "" } = useParams();
  const detail = useStaffQuery("getQualityReview", { params: { id: reviewId } });
  const [note, setNote] = useState("");
  const verdict = useStaffMutation("qualityVerdict", { invalidates: ["getQualityReview", "qualityReports"] });
  if (detail.isPending) return <Loading />;
  if (detail.error) return <ErrorNotice error={detail.error} title="This review could not be loaded" />;
  const { review, evidence, verdicts } = detail.data;
  const cited = new Set([...review.flags.flatMap((f) => f.messageIds), ...review.scores.flatMap((s) => s.messageIds)]);
  return (
    <Page title={`Review of ${formatDateTime(review.createdAt)}`} actions={<><Link to={`/inbox/${review.conversationId}`}>Open the conversation</Link> <Link to="/quality">All reviews</Link></>}>
      <div className="grid grid-2">
        <Card title="Judgment">
          <p>
            Score <ScoreBar score={review.overallScore} /> · judge {review.judgeStatus} {review.model ? `(${review.model}, $${review.judgeCostUsd.toFixed(4)})` : ""} · prompt {promptVersionLabel(review.promptVersion)}
          </p>
          {review.reasoning ? <p dir="auto">{review.reasoning}</p> : null}
          {review.judgeNote ? <p className="muted">{review.judgeNote}</p> : null}
          <Table label="Scores" rows={review.scores} rowKey={(s) => s.criterion} empty="No scores." columns={[{ header: "Criterion", cell: (s) => s.criterion }, { header: "Score", cell: (s) => <ScoreBar score={s.score} /> }, { header: "Why", cell: (s) => <span dir="auto">{s.reason}</span> }]} />
          <Table
            label="Flags"
            rows={flagCounts(review.flags)}
            rowKey={(f) => f.flag}
            empty="No flags from the checks in code."
            columns={[
              { header: "Flag", cell: (f) => <Badge tone="bad">{f.flag}</Badge> },
              { header: "Times", cell: (f) => f.count },
              { header: "Detail", cell: (f) => <span dir="auto">{f.details.join(" · ")}</span> },
            ]}
          />
        </Card>
        <Card title="Your verdict">
          <TextField label="Note" value={note} onChange={(e) => setNote(e.target.value)} placeholder="Optional: why" />
          <div className="row-actions">
            <Button variant="primary" busy={verdict.isPending} onClick={() => verdict.mutate({ params: { id: review.id }, body: { verdict: "agree", ...(note.trim() ? { note: note.trim() } : {}) } })}>Agree</Button>
            <Button busy={verdict.isPending} onClick={() => verdict.mutate({ params: { id: review.id }, body: { verdict: "disagree", ...(note.trim() ? { note: note.trim() } : {}) } })}>Disagree</Button>
          </div>
          <ErrorNotice error={verdict.error} title="Verdict not recorded" />
          <Table label="Verdicts" rows={verdicts} rowKey={(v) => v.id} empty="No verdicts yet." columns={[{ header: "Who", cell: (v) => v.actorLabel }, { header: "Verdict", cell: (v) => v.verdict }, { header: "Note", cell: (v) => <span dir="auto">{v.note ?? ""}</span> }]} />
        </Card>
      </div>
      <Card title="Evidence">
        <Table label="Evidence messages" rows={evidence} rowKey={(m) => m.id} empty="No messages cited." columns={[{ header: "When", cell: (m) => formatDateTime(m.sentAt) }, { header: "From", cell: (m) => m.author }, { header: "Message", cell: (m) => <span dir="auto" style={cited.has(m.id) ? { fontWeight: 600 } : undefined}>{m.text ?? "(no text)"}</span> }]} />
      </Card>
    </Page>
  );
}
