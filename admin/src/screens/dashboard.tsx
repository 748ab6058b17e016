import { Page } from "../ui";

export default function DashboardScreen() {
  return (
    <Page title="Dashboard">
      <p className="muted">Being built.</p>
    </Page>
  );
}
