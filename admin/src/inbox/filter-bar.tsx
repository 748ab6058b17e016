import { useEffect, useState } from "react";
import { useSearchParams } from "react-router";
import { SelectField, TextField } from "../ui";
import { CHANNEL_CHOICES, filtersToSearch, LANGUAGE_CHOICES, SORT_CHOICES, STATUS_CHOICES, type InboxFilters } from "./filters";

/** The inbox filters; they live in the address, so a filtered view can be bookmarked and shared. */
export function InboxFilterBar({ filters }: { filters: InboxFilters }) {
  const [, setSearch] = useSearchParams();
  const [q, setQ] = useState(filters.q ?? "");
  const update = (change: Partial<InboxFilters>) => setSearch(filtersToSearch({ ...filters, ...change }), { replace: true });
  // Search as the staff member types, once they pause.
  useEffect(() => {
    if (q.trim() === (filters.q ?? "")) return;
    const timer = setTimeout(() => update({ q: q.trim() || undefined }), 300);
    return () => clearTimeout(timer);
  });
  return (
    <div className="filters" role="search">
      <SelectField label="Status" value={filters.status ?? ""} options={STATUS_CHOICES} onChange={(e) => update({ status: (e.target.value || undefined) as InboxFilters["status"] })} />
      <SelectField label="Language" value={filters.language ?? ""} options={LANGUAGE_CHOICES} onChange={(e) => update({ language: (e.target.value || undefined) as InboxFilters["language"] })} />
      <SelectField label="Channel" value={filters.channel ?? ""} options={CHANNEL_CHOICES} onChange={(e) => update({ channel: (e.target.value || undefined) as InboxFilters["channel"] })} />
      <SelectField label="Sort" value={filters.sort ?? ""} options={SORT_CHOICES} onChange={(e) => update({ sort: (e.target.value || undefined) as InboxFilters["sort"] })} />
      <TextField label="Search" type="search" placeholder="Name or phone" value={q} onChange={(e) => setQ(e.target.value)} />
    </div>
  );
}
