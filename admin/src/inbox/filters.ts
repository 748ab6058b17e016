import { CHANNELS, type ChannelName } from "../../../src/core/channels/registry";
import type { StaffArgs } from "../../../src/core/staff/contract/client";

/** The inbox's filters as the address bar carries them (?status=...&language=...&channel=...&q=...). */
export interface InboxFilters {
  status?: "waiting_for_human" | "handed_off" | "active" | "closed";
  language?: "en" | "ar";
  channel?: ChannelName;
  q?: string;
  /** Highest lead score first instead of most recent. */
  sort?: "leadScore";
}

/** The status filter's choices, in the words staff use. */
export const STATUS_CHOICES = [
  ["", "All"],
  ["waiting_for_human", "Needs a human"],
  ["handed_off", "Handed off"],
  ["active", "Active"],
  ["closed", "Closed"],
] as const;
export const LANGUAGE_CHOICES = [["", "Any language"], ["en", "English"], ["ar", "Arabic"]] as const;
export const CHANNEL_CHOICES: readonly (readonly [ChannelName | "", string])[] = [["", "Any channel"], ...CHANNELS.map((channel) => [channel.name, channel.label] as const)];
export const SORT_CHOICES = [["", "Most recent"], ["leadScore", "Lead score"]] as const;

const oneOf = <T extends string>(choices: readonly (readonly [string, string])[], value: string | null): T | undefined =>
  value && choices.some(([key]) => key !== "" && key === value) ? (value as T) : undefined;

/** Reads the filters from the address, ignoring values the API would refuse (a hand-edited link). */
export function filtersFromSearch(search: URLSearchParams): InboxFilters {
  const q = search.get("q")?.trim().slice(0, 100);
  const filters: InboxFilters = {
    status: oneOf(STATUS_CHOICES, search.get("status")),
    language: oneOf(LANGUAGE_CHOICES, search.get("language")),
    channel: oneOf(CHANNEL_CHOICES, search.get("channel")),
    sort: oneOf(SORT_CHOICES, search.get("sort")),
    q: q ? q : undefined,
  };
  return Object.fromEntries(Object.entries(filters).filter(([, value]) => value !== undefined)) as InboxFilters;
}

/** The address's search part for these filters; empty ones are left out. */
export function filtersToSearch(filters: InboxFilters): URLSearchParams {
  const search = new URLSearchParams();
  for (const key of ["status", "language", "channel", "sort", "q"] as const) {
    const value = filters[key]?.trim();
    if (value) search.set(key, value);
  }
  return search;
}

/** The listConversations call for these filters. */
export function listQuery(filters: InboxFilters, limit = 100): StaffArgs<"listConversations"> {
  return { query: { ...filters, limit } };
}
