import { Page } from "../ui";

/** Placeholder: the Quality screen is built on branch panel-screens. */
export default function QualityScreen() {
  return (
    <Page title="Quality">
      <p className="muted">This screen is coming soon.</p>
    </Page>
  );
}
