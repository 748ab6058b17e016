import { Page } from "../ui";

/** Placeholder: the Orders screen is built on branch panel-screens. */
export default function OrdersScreen() {
  return (
    <Page title="Orders">
      <p className="muted">This screen is coming soon.</p>
    </Page>
  );
}
