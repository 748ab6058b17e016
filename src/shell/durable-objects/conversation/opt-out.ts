import type { Database } from "../../../adapters/db/client";
import { setCustomerOptOut } from "../../../adapters/db/outreach-repo";
import type { InboundMessage } from "../../../core/channels/channel";
import { detectLanguage, type Language } from "../../../core/domain/language";
import { log } from "../../../lib/log";
import { applyOptCommand, optConfirmation, type OptCommand } from "../../../core/outreach/opt-out";
import type { ConversationHost } from "./host";
import type { Outbox } from "./outbox";

/**
 * The customer's STOP / START for messages we start ourselves. The object keeps the state (so a
 * proactive send checks it without a query), confirms a change once in the customer's language,
 * and the mirror copies it to the customer's row in Postgres, where staff see it.
 */
export class OptOutState {
  constructor(
    private readonly host: ConversationHost,
    private readonly outbox: Outbox,
  ) {}

  optedOut(): boolean {
    return this.host.store.getValue("optedOut") ?? false;
  }

  /** Applies a command message (already stored as answered); src/shell/queues the confirmation when the state changes. */
  apply(command: OptCommand, message: InboundMessage, now: number): void {
    const { store } = this.host;
    const outcome = applyOptCommand({ optedOut: this.optedOut() }, command);
    if (!outcome.confirm) return;
    store.setValue("optedOut", outcome.optedOut);
    store.setValue("optOutChange", { optedOut: outcome.optedOut, at: now });
    const language: Language = detectLanguage(message.text ?? "") ?? store.getValue("language") ?? "en";
    this.outbox.enqueue(`opt-${message.id}`, "agent", optConfirmation(command, language));
    log("info", "conversation.opt", { command, chat: this.host.maskedChat() });
  }

  /** Copies a change Postgres has not seen to the customer's row. */
  async sync(db: Database, customerId: string): Promise<void> {
    const change = this.host.store.getValue("optOutChange");
    if (!change) return;
    await setCustomerOptOut(db, customerId, change.optedOut ? new Date(change.at) : null);
    this.host.store.deleteValue("optOutChange");
  }

  needsSync(): boolean {
    return this.host.store.getValue("optOutChange") !== undefined;
  }
}
