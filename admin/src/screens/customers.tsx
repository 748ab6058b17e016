import { Page } from "../ui";

/** Placeholder: the Customers screen is built on branch panel-screens. */
export default function CustomersScreen() {
  return (
    <Page title="Customers">
      <p className="muted">This screen is coming soon.</p>
    </Page>
  );
}
