/** How the customer profile shows a back-in-stock request: a state a manager reads, and why a notice did not go. */
export interface BackInStockRow {
  status: "waiting" | "notified" | "skipped";
  reason: string | null;
}

const REASONS: Record<string, string> = {
  opted_out: "the customer opted out (STOP)",
  handoff: "a manager had the conversation",
  no_template: "WhatsApp's 24-hour window was closed and no back-in-stock template is chosen in settings",
  template_unavailable: "the template chosen in settings is not an approved Wazzup template",
  no_conversation: "the conversation is gone",
};

export function backInStockState(row: BackInStockRow): { label: string; tone: "neutral" | "good" | "warn"; detail: string | null } {
  if (row.status === "waiting") return { label: "waiting for stock", tone: "neutral", detail: null };
  if (row.status === "notified") return { label: "told it is back", tone: "good", detail: null };
  return { label: "not told", tone: "warn", detail: row.reason ? (REASONS[row.reason] ?? row.reason.replaceAll("_", " ")) : null };
}
