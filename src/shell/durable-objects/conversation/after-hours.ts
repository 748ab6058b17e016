import type { Handoff } from "../../../core/agent/handoff";
import type { Language } from "../../../core/domain/language";
import type { AgentSettings } from "../../../core/domain/settings";
import { afterHoursNote, describeOpening, isOpen, nextOpening, pageManagers } from "../../../core/outreach/business-hours";

export interface AfterHours {
  /** Appended to the reply that hands the chat over. */
  note: string;
  /** The handoff as it waits in the inbox, marked as after hours. */
  handoff: Handoff;
  /** Whether managers are paged now (only an order above the threshold at night). */
  page: boolean;
}

/** A handoff outside business hours: what the customer is told and how it waits; null within hours (or none set). */
export function afterHoursHandoff(settings: AgentSettings, handoff: Handoff, language: Language, now: number): AfterHours | null {
  const hours = settings.businessHours;
  if (!hours || isOpen(hours, now)) return null;
  const opensAt = nextOpening(hours, now);
  const when = opensAt === null ? "the next opening" : `${describeOpening(opensAt, hours.timezone, "en")} (${hours.timezone})`;
  return {
    note: afterHoursNote(opensAt, hours.timezone, language),
    handoff: { ...handoff, summary: `[after hours: a person answers from ${when}] ${handoff.summary}` },
    page: pageManagers(false, handoff.reason),
  };
}
