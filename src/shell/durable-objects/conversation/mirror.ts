import type { Database } from "../../../adapters/db/client";
import {
  conversationCustomerId,
  ensureConversation,
  insertMessages,
  loadCustomerProfile,
  recordHandoff,
  resolveHandoffs,
  setConversationLanguage,
  updateCustomerProfile,
  type MirroredMessage,
} from "../../../adapters/db/conversations-repo";
import { customerProfileSchema, type CustomerProfile } from "../../../core/agent/memory";
import { crmFollowsProfile } from "../../../app/crm/sync";
import { describeError, log } from "../../../lib/log";
import type { ConversationHost } from "./host";
import type { OptOutState } from "./opt-out";
import type { StoredMessage } from "./store";

/**
 * The conversation's copy in Postgres, for staff, quotations, CRM and metrics: the conversation
 * and customer rows, every message in its current delivery state, language, profile and handoffs.
 * The object's own storage stays the source of truth; this follows it and can always catch up.
 */
export class PostgresMirror {
  constructor(
    private readonly host: ConversationHost,
    private readonly optOut?: OptOutState,
  ) {}

  /** Whether anything waits to be written (messages, handoff changes, an opt-out). */
  needed(): boolean {
    return this.host.chat() !== null && (this.host.store.hasUnsynced() || this.host.handoffs.pendingSync().length > 0 || this.optOut?.needsSync() === true);
  }

  /** Writes what Postgres has not seen yet; returns the conversation's Postgres id. */
  async write(db: Database): Promise<string> {
    const { store, handoffs } = this.host;
    const conversationId = await this.conversationId(db);
    const unsynced = store.unsynced();
    await insertMessages(db, conversationId, unsynced.filter((m) => m.state !== "parked").map(toMirrored));
    store.markSyncedIfUnchanged(unsynced);
    const language = store.getValue("language");
    if (language && language !== store.getValue("languageMirrored")) {
      await setConversationLanguage(db, conversationId, language);
      store.setValue("languageMirrored", language);
    }
    if (store.getValue("profileDirty")) {
      const customerId = store.getValue("customerId") ?? (await conversationCustomerId(db, conversationId));
      await updateCustomerProfile(db, customerId, store.getValue("profile") ?? {});
      store.setValue("profileDirty", false);
      await this.crmContactFollows(db);
    }
    if (this.optOut?.needsSync()) await this.optOut.sync(db, store.getValue("customerId") ?? (await conversationCustomerId(db, conversationId)));
    for (const op of handoffs.pendingSync()) {
      if (op.op === "start") await recordHandoff(db, conversationId, op);
      else await resolveHandoffs(db, conversationId);
      handoffs.synced();
    }
    return conversationId;
  }

  /** The conversation's row (and its customer), made on the first turn: quotations hang off it. */
  async ensureRows(db: Database): Promise<void> {
    if (this.host.store.getValue("customerId")) return;
    const conversationId = await this.write(db);
    this.host.store.setValue("customerId", await conversationCustomerId(db, conversationId));
    // First contact: the customer becomes a Zoho CRM contact (a queued job; never blocks the reply).
    await this.crmContactFollows(db);
  }

  /** On a chat's first turn, what Postgres knows of this customer (another chat, an earlier conversation). */
  async rememberCustomer(db: Database): Promise<void> {
    const { store } = this.host;
    const chat = this.host.chat();
    if (!chat || store.getValue("profileLoaded")) return;
    const known = await loadCustomerProfile(db, chat);
    const parsed = customerProfileSchema.safeParse(
      Object.fromEntries(Object.entries(known ?? {}).filter(([key]) => key in customerProfileSchema.shape)),
    );
    if (parsed.success) store.setValue("profile", { ...parsed.data, ...(store.getValue("profile") ?? {}) });
    store.setValue("profileLoaded", true);
  }

  private async conversationId(db: Database): Promise<string> {
    const { store } = this.host;
    const existing = store.getValue("conversationId");
    if (existing) return existing;
    const chat = this.host.chat();
    if (!chat) throw new Error("conversation without a chat address");
    const id = await ensureConversation(db, chat, {
      name: store.getValue("contactName") ?? null,
      language: store.getValue("language") ?? null,
      phone: store.getValue("phone") ?? null,
      handle: store.getValue("handle") ?? null,
    });
    store.setValue("conversationId", id);
    return id;
  }

  private async crmContactFollows(db: Database): Promise<void> {
    const customerId = this.host.store.getValue("customerId");
    if (!customerId) return;
    try {
      await crmFollowsProfile(this.host.services, db, customerId);
    } catch (error) {
      log("warn", "conversation.crm_enqueue_failed", { ...describeError(error), chat: this.host.maskedChat() });
    }
  }
}

/** Our outgoing messages' delivery as staff see it; the channel's own statuses (delivered, read) come later. */
function deliveryStatus(message: StoredMessage): string | null {
  if (message.direction === "in" || message.author === "manager" && message.state === "sent" && message.providerId === message.id) return null;
  if (message.state === "sending") return message.meta && JSON.parse(message.meta).attempts ? "undelivered" : "sending";
  return message.state === "sent" || message.state === "failed" ? message.state : null;
}

function toMirrored(message: StoredMessage): MirroredMessage {
  const inbound = message.direction === "in";
  // A manager's message typed in the provider's app is known by the provider's id only.
  const echoed = !inbound && message.author === "manager" && message.providerId === message.id;
  return {
    providerMessageId: inbound || echoed ? message.id : message.providerId,
    clientMessageId: inbound || echoed ? null : message.id,
    direction: message.direction,
    author: message.author,
    type: message.type,
    text: message.text,
    contentUri: message.contentUri,
    deliveryStatus: deliveryStatus(message),
    sentAt: message.sentAt,
    meta: { ...(message.meta ? (JSON.parse(message.meta) as Record<string, unknown>) : {}), ...(inbound && message.state === "limited" ? { limited: true } : {}) },
  };
}
