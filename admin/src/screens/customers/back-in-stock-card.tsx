import type { StaffResult } from "../../api";
import { Badge, formatDateTime, TableCard } from "../../ui";
import { backInStockState } from "./back-in-stock-view";

type Requests = StaffResult<"getCustomer">["customer"]["backInStock"];

/** Items the customer asked to hear about when back in stock, and what became of each notice. */
export function BackInStockCard({ requests }: { requests: Requests }) {
  return (
    <TableCard title="Back-in-stock requests" rows={requests} rowKey={(r) => `${r.productId}-${r.createdAt}`}
      empty="The customer has not asked to be told about an item."
      columns={[
        { header: "Item", cell: (r) => `${r.name} (${r.sku})` },
        {
          header: "State",
          cell: (r) => {
            const state = backInStockState(r);
            return (
              <>
                <Badge tone={state.tone}>{state.label}</Badge>
                {state.detail ? <span className="muted"> {state.detail}</span> : null}
              </>
            );
          },
        },
        { header: "Asked", cell: (r) => formatDateTime(r.createdAt), wide: true },
        { header: "Ended", cell: (r) => formatDateTime(r.endedAt), wide: true },
      ]}
    />
  );
}
