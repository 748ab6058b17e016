import { Page } from "../ui";

export default function InboxScreen() {
  return (
    <Page title="Inbox">
      <p className="muted">Being built.</p>
    </Page>
  );
}
