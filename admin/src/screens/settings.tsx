import { Page } from "../ui";

/** Placeholder: the Settings screen is built on branch panel-screens. */
export default function SettingsScreen() {
  return (
    <Page title="Settings">
      <p className="muted">This screen is coming soon.</p>
    </Page>
  );
}
