/** A review's flags grouped by name, each once with how many times the checks raised it, most frequent first. */
export function flagCounts(flags: readonly { flag: string; messageIds: readonly string[]; detail: string }[]): { flag: string; count: number; messageIds: string[]; details: string[] }[] {
  const byFlag = new Map<string, { flag: string; count: number; messageIds: string[]; details: string[] }>();
  for (const f of flags) {
    const entry = byFlag.get(f.flag) ?? { flag: f.flag, count: 0, messageIds: [], details: [] };
    entry.count++;
    for (const id of f.messageIds) if (!entry.messageIds.includes(id)) entry.messageIds.push(id);
    if (f.detail && !entry.details.includes(f.detail)) entry.details.push(f.detail);
    byFlag.set(f.flag, entry);
  }
  return [...byFlag.values()].sort((a, b) => b.count - a.count || a.flag.localeCompare(b.flag));
}

/** A review's flags for a list cell: "offline_fallback ×10, price_not_grounded". */
export function flagSummary(flags: readonly { flag: string; messageIds: readonly string[]; detail: string }[]): string {
  const counted = flagCounts(flags);
  return counted.length === 0 ? "none" : counted.map((f) => (f.count > 1 ? `${f.flag} ×${f.count}` : f.flag)).join(", ");
}
