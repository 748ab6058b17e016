import { Page } from "../ui";

/** Placeholder: the Knowledge screen is built on branch panel-screens. */
export default function KnowledgeScreen() {
  return (
    <Page title="Knowledge">
      <p className="muted">This screen is coming soon.</p>
    </Page>
  );
}
