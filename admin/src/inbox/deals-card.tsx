import { useStaffQuery } from "../api";
import { Badge, Card, ErrorNotice, formatDateTime, formatMoney } from "../ui";

/**
 * The conversation's quotations and the sale orders made from them. The API lists them for the
 * whole shop, most recent first, so this picks the conversation's out of the latest 200.
 */
export function DealsCard({ conversationId }: { conversationId: string }) {
  const quotations = useStaffQuery("listQuotations", { query: { limit: 200 } });
  const orders = useStaffQuery("listSaleOrders", { query: { limit: 200 } });
  const mine = (quotations.data?.quotations ?? []).filter((quotation) => quotation.conversationId === conversationId);
  const ids = new Set(mine.map((quotation) => quotation.id));
  const saleOrders = (orders.data?.saleOrders ?? []).filter((order) => ids.has(order.quotationId));
  return (
    <Card title="Quotations and orders">
      <ErrorNotice error={quotations.error ?? orders.error} />
      {mine.length === 0 ? <p className="muted">No quotation in this conversation yet.</p> : null}
      <ul className="plain">
        {mine.map((quotation) => (
          <li key={quotation.id}>
            <strong>{quotation.number}</strong> <Badge tone={quotation.state === "ordered" ? "good" : quotation.state === "failed" ? "bad" : "neutral"}>{quotation.state}</Badge> {formatMoney(Number(quotation.totalAed))}{" "}
            <span className="muted">{formatDateTime(quotation.updatedAt)}</span>
          </li>
        ))}
        {saleOrders.map((order) => {
          const { salesorderNumber, status } = order as { salesorderNumber?: string | null; status?: string };
          return (
            <li key={`so-${order.quotationId}`}>
              Sale order {salesorderNumber ?? "(Zoho number pending)"} <Badge tone={status === "created" ? "good" : status === "failed" ? "bad" : "neutral"}>{status ?? "unknown"}</Badge>
            </li>
          );
        })}
      </ul>
    </Card>
  );
}
