import { Page } from "../ui";

/** Placeholder: the Users screen is built on branch panel-screens. */
export default function UsersScreen() {
  return (
    <Page title="Users">
      <p className="muted">This screen is coming soon.</p>
    </Page>
  );
}
