import { Page } from "../ui";

/** Placeholder: the Audit log screen is built on branch panel-screens. */
export default function AuditlogScreen() {
  return (
    <Page title="Audit log">
      <p className="muted">This screen is coming soon.</p>
    </Page>
  );
}
