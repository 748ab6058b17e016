import { Link } from "react-router";
import { useStaffQuery } from "../api";
import { flagSummary } from "../screens/quality/flags";
import { ScoreBar } from "../screens/quality/score-bar";
import { formatDateTime, TableCard } from "../ui";

/** The conversation's quality reviews (GET /api/v1/quality/reviews?conversationId=), newest first, each linking to its detail. */
export function ReviewsCard({ conversationId }: { conversationId: string }) {
  const reviews = useStaffQuery("listQualityReviews", { query: { conversationId, limit: 20 } });
  return (
    <TableCard title="Quality reviews" label="Quality reviews of this conversation" query={reviews} rows={(data) => data.reviews}
      empty="Not reviewed yet: a conversation is reviewed once it goes quiet, is handed off or ends in an order."
      columns={[
        { header: "Reviewed", cell: (r) => <Link to={`/quality/${r.id}`}>{formatDateTime(r.completedAt ?? r.createdAt)}</Link> },
        { header: "Score", cell: (r) => <ScoreBar score={r.overallScore} /> },
        { header: "Flags", cell: (r) => flagSummary(r.flags) },
      ]}
    />
  );
}
