import { channelSpec, isChannelName } from "../../../src/core/channels/registry";
/** The words staff read for the codes the API uses (roles, channels, languages, prompt versions). */
const ROLE_LABEL: Record<string, string> = { admin: "Administrator", manager: "Sales manager", viewer: "Viewer" };
const LANGUAGE_LABEL: Record<string, string> = { en: "English", ar: "Arabic" };

const humanize = (code: string) => (code ? code.charAt(0).toUpperCase() + code.slice(1).replace(/_/g, " ") : "—");

export function roleLabel(role: string): string {
  return ROLE_LABEL[role] ?? humanize(role);
}

export function channelLabel(channel: string): string {
  return isChannelName(channel) ? channelSpec(channel).label : humanize(channel);
}

export function languageLabel(language: string | null | undefined): string {
  if (!language) return "Not known yet";
  return LANGUAGE_LABEL[language] ?? language.toUpperCase();
}

/**
 * One name for a system prompt version on every screen: version 0 is the built-in default (what
 * answers before any version is saved), the others "v1", "v2", ...; null: not recorded.
 */
export function promptVersionLabel(version: number | null | undefined): string {
  if (version === null || version === undefined) return "—";
  return version === 0 ? "built-in (v0)" : `v${version}`;
}
