import { managerAddress } from "../../../core/channels/address";
import type { ChatAddress, DeliveryResult, OutboundMessage } from "../../../core/channels/channel";
import { splitForChannel } from "../../../core/channels/split-text";
import { log } from "../../../lib/log";
import { backingOff, earliest, expiryReason, paceWaitMs, repeatedMeans, retryDelayMs, shouldAlertManagers } from "./delivery-rules";
import type { ConversationHost } from "./host";
import type { StoredAuthor, StoredMessage } from "./store";

/** Delivery bookkeeping kept in an outgoing message's meta. */
type DeliveryMeta = {
  /** A manager's number: the message is a notice to them, not to this chat. */
  to?: string;
  attempts?: number;
  firstFailedAt?: number;
  nextAttemptAt?: number;
  error?: string;
  /** The id the channel knows the message by, when ours was already taken by another message. */
  clientId?: string;
  alerted?: boolean;
  reason?: string;
  /** A proactive message outside WhatsApp's window: sent as this approved template (the text is its rendered copy). */
  template?: { id: string; values: string[] };
};

/**
 * The chat's outbox: every message to the customer or about them to managers is recorded first,
 * then delivered in order through the chat's channel. Nothing is dropped silently: a message the
 * channel cannot take stays `sending`, backs off, is visible to staff, alerts managers, goes out
 * when the channel recovers (any success resets the backoff), and gives up only with a reason
 * staff can read (the channel refused it for good, its window closed, or two days passed).
 */
export class Outbox {
  constructor(private readonly host: ConversationHost) {}

  /**
   * Records a message to this chat. Text longer than the channel takes becomes several messages
   * (`id`, `id#2`, ...) split on paragraph boundaries. Returns false when `id` was recorded before.
   */
  enqueue(id: string, author: StoredAuthor, text: string, document?: { url: string }): boolean {
    const chat = this.host.chat();
    if (document) return this.host.store.insertOutbound(id, author, text, "sending", null, null, { contentUri: document.url });
    const max = chat ? this.host.services.channel(chat.channel).capabilities.maxTextLength : Number.MAX_SAFE_INTEGER;
    const parts = splitForChannel(text, max);
    let first = true;
    parts.forEach((part, index) => {
      const inserted = this.host.store.insertOutbound(index === 0 ? id : `${id}#${index + 1}`, author, part, "sending");
      if (index === 0) first = inserted;
    });
    return first;
  }

  /** A notice to every manager number, under ids built from `idPrefix` (so a repeat sends nothing twice). */
  notifyManagers(idPrefix: string, text: string): void {
    for (const phone of this.host.settings().managerPhones) {
      this.host.store.insertOutbound(`${idPrefix}-${phone}`, "system", text, "sending", null, { to: phone });
    }
  }

  /**
   * Delivers what is waiting, oldest first. A customer's message that cannot go holds back the
   * customer's later ones (order matters); manager notices never wait for them. `force` ignores
   * backoff (a new reply is a reason to try the channel again). Returns when to try again.
   */
  async flush(force = false): Promise<{ retryAt: number | null }> {
    const chat = this.host.chat();
    if (!chat) return { retryAt: null };
    let retryAt: number | null = null;
    let customerBlocked = false;
    let recovered = force;
    for (const message of this.host.store.outbox()) {
      const meta = parseMeta(message);
      const toManager = meta.to !== undefined;
      if (!toManager && customerBlocked) continue;
      if (this.expire(message, meta, chat)) continue;
      if (backingOff(meta.nextAttemptAt, Date.now(), recovered)) {
        retryAt = earliest(retryAt, meta.nextAttemptAt!);
        customerBlocked ||= !toManager;
        continue;
      }
      const target = toManager ? managerAddress(this.managerChannelId(chat), meta.to!) : chat;
      const result = await this.deliver(message, meta, target);
      const next = this.apply(message, meta, result);
      if (next === null) recovered = true;
      else {
        retryAt = earliest(retryAt, next);
        customerBlocked ||= !toManager;
      }
    }
    return { retryAt };
  }

  private async deliver(message: StoredMessage, meta: DeliveryMeta, to: ChatAddress): Promise<DeliveryResult> {
    const channel = this.host.services.channel(to.channel);
    await this.pace(to, channel.capabilities.minSendIntervalMs);
    const outbound: OutboundMessage =
      message.type === "document" && message.contentUri
        ? { id: meta.clientId ?? message.id, to, document: { url: message.contentUri, caption: message.text ?? undefined } }
        : { id: meta.clientId ?? message.id, to, text: message.text ?? "", ...(meta.template ? { template: meta.template } : {}) };
    try {
      return await channel.deliver(outbound);
    } catch (error) {
      // A channel that cannot even be built (a missing key) is a configuration problem an operator fixes.
      return { kind: "failed", retryable: true, code: "NOT_CONFIGURED", description: String(error).slice(0, 200) };
    }
  }

  /** Applies one attempt's result; returns null when the message is settled, else when to try again. */
  private apply(message: StoredMessage, meta: DeliveryMeta, result: DeliveryResult): number | null {
    const store = this.host.store;
    switch (result.kind) {
      case "delivered":
        store.markOutbound(message.id, "sent", result.providerMessageId, { nextAttemptAt: null, error: null });
        return null;
      case "repeated":
        if (repeatedMeans(meta.attempts) === "sent") {
          // An earlier attempt of ours did reach the channel (its answer was lost): it is sent.
          store.markOutbound(message.id, "sent", null, { nextAttemptAt: null });
          return null;
        }
        // Never sent by us, yet the id is taken: another message holds it. Send under an id of its own.
        store.markOutbound(message.id, "sending", null, { clientId: `${message.id}~${crypto.randomUUID().slice(0, 8)}` });
        log("warn", "outbox.id_taken", { chat: this.host.maskedChat() });
        return Date.now();
      case "failed":
        if (!result.retryable) {
          this.fail(message, meta, result.code);
          return null;
        }
        return this.backOff(message, meta, result.code, result.retryAfterMs);
      case "uncertain":
        // The channel may have it. Resending is safe where the channel refuses repeats; elsewhere
        // a rare duplicate is preferred to a lost reply.
        return this.backOff(message, meta, result.code);
    }
  }

  private backOff(message: StoredMessage, meta: DeliveryMeta, code: string, retryAfterMs?: number): number {
    const attempts = (meta.attempts ?? 0) + 1;
    const nextAttemptAt = Date.now() + retryDelayMs(attempts, retryAfterMs);
    const update: DeliveryMeta = { attempts, nextAttemptAt, error: code, firstFailedAt: meta.firstFailedAt ?? Date.now() };
    if (shouldAlertManagers(attempts, meta)) {
      update.alerted = true;
      this.notifyManagers(`undelivered-${message.id}`, `Delivery problem: a message to ${this.host.chat()?.chatId} is not delivered yet (${code}); it will be sent when the channel recovers.`);
      log("error", "outbox.undelivered", { code, attempts, chat: this.host.maskedChat() });
    }
    this.host.store.markOutbound(message.id, "sending", null, update);
    return nextAttemptAt;
  }

  private fail(message: StoredMessage, meta: DeliveryMeta, reason: string): void {
    log("warn", "outbox.failed", { code: reason, attempts: meta.attempts ?? 0, chat: this.host.maskedChat() });
    this.host.store.markOutbound(message.id, "failed", null, { error: reason, reason, nextAttemptAt: null });
    if (meta.to === undefined && message.author !== "system") {
      this.notifyManagers(`failed-${message.id}`, `Delivery problem: a message to ${this.host.chat()?.chatId} could not be delivered (${reason}).`);
    }
  }

  /** Gives up on a message that can no longer go: the channel's window closed, or it waited too long. */
  private expire(message: StoredMessage, meta: DeliveryMeta, chat: ChatAddress): boolean {
    if (meta.firstFailedAt === undefined) return false;
    // Manager notices and templates are not bound by the customer's window.
    const windowMs = meta.to === undefined && !meta.template ? this.host.services.channel(chat.channel).capabilities.freeFormWindowMs : null;
    const lastCustomerAt = this.host.store.getValue("lastCustomerAt");
    const reason = expiryReason({ firstFailedAt: meta.firstFailedAt, windowMs, lastCustomerAt, now: Date.now() });
    if (reason === null) return false;
    this.fail(message, meta, reason);
    return true;
  }

  /** Keeps the channel's least interval between two sends to one chat (Telegram: about a second). */
  private async pace(to: ChatAddress, minIntervalMs: number): Promise<void> {
    if (minIntervalMs <= 0) return;
    const key = `lastSendAt:${to.channel}:${to.chatId}` as const;
    const wait = paceWaitMs(this.host.store.getValue(key), minIntervalMs, Date.now());
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    this.host.store.setValue(key, Date.now());
  }

  /** Manager notices go through the configured WhatsApp channel, whatever channel the customer uses. */
  private managerChannelId(chat: ChatAddress): string {
    if (chat.channel === "whatsapp") return chat.channelId;
    return this.host.services.config.WAZZUP_CHANNEL_ID ?? "";
  }
}

function parseMeta(message: StoredMessage): DeliveryMeta {
  return message.meta ? (JSON.parse(message.meta) as DeliveryMeta) : {};
}
