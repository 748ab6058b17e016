import { Page } from "../ui";

/** Placeholder: the Prompts screen is built on branch panel-screens. */
export default function PromptsScreen() {
  return (
    <Page title="Prompts">
      <p className="muted">This screen is coming soon.</p>
    </Page>
  );
}
