import { useStaffQuery } from "../../api";
import { Badge, TableCard } from "../../ui";

/** The WhatsApp templates Wazzup lists: copy an approved one's id into the follow-up or back-in-stock template. */
export function TemplateList() {
  const templates = useStaffQuery("listTemplates", {});
  return (
    <TableCard title="WhatsApp templates (outside the 24-hour window)" label="WhatsApp templates" query={templates} rows={(d) => d.templates}
      empty="Wazzup lists no templates."
      columns={[
        { header: "Title", cell: (t) => t.title },
        { header: "Id", cell: (t) => <code>{t.id}</code> },
        { header: "Status", cell: (t) => <Badge tone={t.status === "APPROVED" ? "good" : "warn"}>{t.status ?? "unknown"}</Badge> },
        { header: "Text", cell: (t) => t.body, wide: true },
      ]}
    />
  );
}
