import type { Database } from "../../../adapters/db/client";
import { handoffSince, openShownQuotation } from "../../../adapters/db/outreach-repo";
import type { Language } from "../../../core/domain/language";
import type { AgentSettings } from "../../../core/domain/settings";
import { followUpText } from "../../../core/outreach/messages";
import { followUpDueAt } from "../../../core/outreach/proactive-rules";
import type { ConversationHost } from "./host";
import type { ProactiveSender } from "./proactive";
import type { TrackedQuotation } from "./state";
import { refreshSharedState } from "./turn-context";

/**
 * The quotation follow-up: after a turn the object remembers the latest quotation it showed and
 * that is still open; `quotationFollowUpMinutes` after the customer went quiet it sends one
 * follow-up per quotation version through the proactive rules. It reports its wake-up time to the
 * object, which keeps the one alarm.
 */
export class FollowUps {
  constructor(
    private readonly host: ConversationHost,
    private readonly sender: ProactiveSender,
  ) {}

  /** After a turn: the open quotation this chat last showed (a new version starts over). */
  async track(db: Database): Promise<void> {
    const { store } = this.host;
    const conversationId = store.getValue("conversationId");
    if (!conversationId) return;
    const open = await openShownQuotation(db, conversationId);
    const current = store.getValue("followUp");
    if (!open) return;
    if (current && current.quotationId === open.id && current.version === open.version) {
      if (current.shownAt !== open.shownAt) store.setValue("followUp", { ...current, shownAt: open.shownAt });
      return;
    }
    store.setValue("followUp", { quotationId: open.id, number: open.number, version: open.version, shownAt: open.shownAt, doneVersion: null } satisfies TrackedQuotation);
  }

  dueAt(settings: AgentSettings): number | null {
    const tracked = this.host.store.getValue("followUp");
    if (!tracked) return null;
    const due = followUpDueAt({
      minutes: settings.quotationFollowUpMinutes,
      shownAt: tracked.shownAt,
      lastCustomerAt: this.host.store.getValue("lastCustomerAt") ?? null,
      doneVersion: tracked.doneVersion,
      version: tracked.version,
    });
    return due === null ? null : Math.max(due, tracked.retryAt ?? 0);
  }

  /** Sends the follow-up when due and the quotation is still open as shown; returns whether it queued one. */
  async sendIfDue(db: Database, now: number): Promise<boolean> {
    const { store } = this.host;
    const { settings } = await refreshSharedState(this.host, db);
    const due = this.dueAt(settings);
    const tracked = store.getValue("followUp");
    const conversationId = store.getValue("conversationId");
    if (due === null || due > now || !tracked || !conversationId) return false;
    const open = await openShownQuotation(db, conversationId);
    if (!open || open.id !== tracked.quotationId || open.version !== tracked.version) {
      // Confirmed, declined or changed since: a new version is tracked afresh after the next turn.
      store.setValue("followUp", { ...tracked, doneVersion: tracked.version });
      return false;
    }
    const language = store.getValue("language") ?? "en";
    const name = store.getValue("profile")?.name ?? store.getValue("contactName") ?? null;
    const outcome = await this.sender.send(db, settings, {
      key: `follow_up:${tracked.quotationId}:v${tracked.version}`,
      kind: "follow_up",
      text: followUpText(language, name, tracked.number),
      what: `follow-up for quotation ${tracked.number}`,
      templateId: settings.followUpTemplateId,
      templateValues: [name ?? (language === "ar" ? "عميلنا العزيز" : "there"), tracked.number],
      handoff: this.host.handoffs.current() !== null || (await handoffSince(db, conversationId, tracked.shownAt)),
    }, now);
    if (outcome.status === "deferred") store.setValue("followUp", { ...tracked, retryAt: outcome.retryAt });
    else store.setValue("followUp", { ...tracked, doneVersion: tracked.version });
    return outcome.status === "sent";
  }
}
