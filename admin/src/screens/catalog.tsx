import { Page } from "../ui";

/** Placeholder: the Catalog screen is built on branch panel-screens. */
export default function CatalogScreen() {
  return (
    <Page title="Catalog">
      <p className="muted">This screen is coming soon.</p>
    </Page>
  );
}
