import { Link } from "react-router";
import { useStaffQuery } from "../api";
import { flagSummary } from "../screens/quality/flags";
import { Badge, Card, formatDateTime, QueryTable } from "../ui";

/** The conversation's quality reviews (GET /api/v1/quality/reviews?conversationId=), newest first, each linking to its detail. */
export function ReviewsCard({ conversationId }: { conversationId: string }) {
  const reviews = useStaffQuery("listQualityReviews", { query: { conversationId, limit: 20 } });
  return (
    <Card title="Quality reviews">
      <QueryTable
        query={reviews}
        label="Quality reviews of this conversation"
        rows={(data) => data.reviews}
        rowKey={(r) => r.id}
        empty="Not reviewed yet: a conversation is reviewed once it goes quiet, is handed off or ends in an order."
        columns={[
          { header: "Reviewed", cell: (r) => <Link to={`/quality/${r.id}`}>{formatDateTime(r.completedAt ?? r.createdAt)}</Link> },
          { header: "Score", cell: (r) => (r.overallScore === null ? <span className="muted">—</span> : <Badge tone={r.overallScore >= 4 ? "good" : r.overallScore >= 3 ? "warn" : "bad"}>{r.overallScore.toFixed(1)}</Badge>) },
          { header: "Flags", cell: (r) => flagSummary(r.flags) },
        ]}
      />
    </Card>
  );
}
