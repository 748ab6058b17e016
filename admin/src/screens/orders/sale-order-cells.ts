/**
 * What the Orders screen shows of a sale order's lines and buyer. The list passes these through
 * from the database (`row()` in the contract), so they are read defensively.
 */
export function itemsSummary(lines: unknown): string {
  if (!Array.isArray(lines) || lines.length === 0) return "—";
  return lines
    .map((line) => {
      const l = (line ?? {}) as { quantity?: unknown; sku?: unknown; name?: unknown };
      const what = typeof l.name === "string" && l.name ? l.name : typeof l.sku === "string" ? l.sku : "item";
      return `${typeof l.quantity === "number" ? l.quantity : "?"} × ${what}${typeof l.sku === "string" && l.name ? ` (${l.sku})` : ""}`;
    })
    .join("; ");
}

/** The delivery city the buyer gave at confirmation. */
export function buyerCity(buyer: unknown): string {
  const city = (buyer ?? {}) as { city?: unknown };
  return typeof city.city === "string" && city.city.trim() ? city.city : "—";
}

/** The phone to reach the buyer: the one they gave, else the chat's number; as the customers screen writes it. */
export function buyerPhone(buyer: unknown, customer: unknown): string {
  const given = ((buyer ?? {}) as { phone?: unknown }).phone;
  const chat = ((customer ?? {}) as { phone?: unknown }).phone;
  const phone = typeof given === "string" && given ? given : typeof chat === "string" && chat ? chat : null;
  if (!phone) return "—";
  return phone.startsWith("+") ? phone : /^\d+$/.test(phone) ? `+${phone}` : phone;
}
