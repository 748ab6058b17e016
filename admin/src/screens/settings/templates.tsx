import { useStaffQuery } from "../../api";
import { Badge, Card, QueryTable } from "../../ui";

/** The WhatsApp templates Wazzup lists: copy an approved one's id into the follow-up or back-in-stock template. */
export function TemplateList() {
  const templates = useStaffQuery("listTemplates", {});
  return (
    <Card title="WhatsApp templates (outside the 24-hour window)">
      <QueryTable
        query={templates}
        label="WhatsApp templates"
        rows={(d) => d.templates}
        rowKey={(t) => t.id}
        empty="Wazzup lists no templates."
        columns={[
          { header: "Title", cell: (t) => t.title },
          { header: "Id", cell: (t) => <code>{t.id}</code> },
          { header: "Status", cell: (t) => <Badge tone={t.status === "APPROVED" ? "good" : "warn"}>{t.status ?? "unknown"}</Badge> },
          { header: "Text", cell: (t) => t.body, wide: true },
        ]}
      />
    </Card>
  );
}
