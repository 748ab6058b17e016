import type { Database } from "../../../adapters/db/client";
import { conversationCustomerId } from "../../../adapters/db/conversations-repo";
import { proactiveContext, proactiveRecorded, recordProactive } from "../../../adapters/db/outreach-repo";
import type { AgentSettings } from "../../../core/domain/settings";
import { log } from "../../../lib/log";
import { approvedTemplate } from "../../../app/outreach/templates";
import { decideProactive, renderTemplate, utcDay } from "../../../core/outreach/proactive-rules";
import { skippedNote } from "../../../core/outreach/messages";
import type { ConversationHost } from "./host";
import type { OptOutState } from "./opt-out";
import type { ProactiveOutcome } from "../../../core/ports/conversation-object";

export type { ProactiveOutcome };

export type ProactiveKind = "follow_up" | "back_in_stock";

export interface ProactiveRequest {
  /** Once per key across the shop (`follow_up:<quotation>:v<version>`). */
  key: string;
  kind: ProactiveKind;
  /** What it says, in the customer's language, as a normal message. */
  text: string;
  /** What staff read when it is not sent ("follow-up for quotation Q-7"). */
  what: string;
  templateId: string | null;
  templateValues: string[];
  /** A manager has (or had, where that counts) the chat. */
  handoff: boolean;
}


/**
 * Sends one message we start ourselves, within the rules (`decideProactive`): recorded in
 * `proactive_messages` (once per key, the shop's daily cap checked as it is written), queued in
 * the outbox marked `proactive` (a template's id and values when outside WhatsApp's window), or,
 * when it may not go, a note in the conversation saying why.
 */
export class ProactiveSender {
  constructor(
    private readonly host: ConversationHost,
    private readonly optOut: OptOutState,
  ) {}

  async send(db: Database, settings: AgentSettings, request: ProactiveRequest, now: number): Promise<ProactiveOutcome> {
    const { store } = this.host;
    const chat = this.host.chat();
    const conversationId = store.getValue("conversationId");
    if (!chat || !conversationId) return { status: "skipped", reason: "no_conversation" };
    if (await proactiveRecorded(db, request.key)) return { status: "repeat" };
    const customerId = store.getValue("customerId") ?? (await conversationCustomerId(db, conversationId));
    const day = utcDay(now);
    const context = await proactiveContext(db, customerId, day);
    const windowMs = settings.enforceWhatsAppWindow ? this.host.services.channel(chat.channel).capabilities.freeFormWindowMs : null;
    const decision = decideProactive({
      now,
      optedOut: this.optOut.optedOut() || context.optedOut,
      handoff: request.handoff,
      lastProactiveAt: context.lastProactiveAt,
      sentToday: context.sentToday,
      dailyCap: settings.proactiveDailyCap,
      windowMs,
      lastCustomerAt: store.getValue("lastCustomerAt") ?? null,
      templateId: request.templateId,
    });
    const record = { key: request.key, kind: request.kind, conversationId, customerId, day, templateId: null as string | null };
    if (decision.send === "none" && decision.retryAt !== undefined) return { status: "deferred", retryAt: decision.retryAt };
    let text = request.text;
    let template: { id: string; values: string[] } | undefined;
    let reason: string | null = decision.send === "none" ? decision.reason : null;
    if (decision.send === "template") {
      const found = await approvedTemplate(this.host.services.config, decision.templateId, request.templateValues.length);
      if (found) {
        template = { id: found.id, values: request.templateValues };
        text = renderTemplate(found.body, request.templateValues);
      } else reason = "template_unavailable";
    }
    const id = `proactive-${request.key}`;
    if (reason !== null) {
      await recordProactive(db, { ...record, status: "skipped", reason }, settings.proactiveDailyCap);
      store.insertOutbound(id, "system", skippedNote(request.what, reason), "failed", null, { proactive: request.kind, skipped: reason, error: reason });
      log("info", "proactive.skipped", { kind: request.kind, reason, chat: this.host.maskedChat() });
      return { status: "skipped", reason };
    }
    const recorded = await recordProactive(db, { ...record, status: "sent", reason: null, templateId: template?.id ?? null }, settings.proactiveDailyCap);
    if (!recorded) {
      // Another chat took the day's last place between our count and our write.
      if (await proactiveRecorded(db, request.key)) return { status: "repeat" };
      return { status: "deferred", retryAt: now + 60 * 60_000 };
    }
    store.insertOutbound(id, "agent", text, "sending", null, { proactive: request.kind, ...(template ? { template } : {}) });
    log("info", "proactive.queued", { kind: request.kind, template: template !== undefined, chat: this.host.maskedChat() });
    return { status: "sent" };
  }
}
