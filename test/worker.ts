import type { InboundMessage } from "../src/core/channels/channel";
import { ConversationDurableObject as ProductionConversation, type ReceiveResult } from "../src/shell/durable-objects/conversation";

export { default } from "../src/shell/index";
export { ZohoGatewayDurableObject } from "../src/shell/durable-objects/zoho-gateway";

/**
 * The production conversation object plus test probes: `breakStorage` makes the next stores fail
 * the way a storage outage does, so the webhook's 5xx path can be exercised end to end;
 * `seedTurnsToday` sets up a chat that has used its daily budget; `expireHandoffQuietPeriod`
 * moves a handoff's clock a day back instead of waiting out the quiet period.
 */
export class ConversationDurableObject extends ProductionConversation {
  private storageBroken = false;
  private failingMarker: string | null = null;

  /** Turns over messages containing `marker` throw, as a turn that keeps failing on one message would. */
  async failTurnsContaining(marker: string | null): Promise<void> {
    this.failingMarker = marker;
  }

  protected override async answerPending(...args: Parameters<ProductionConversation["answerPending"]>): Promise<void> {
    const [, pending] = args;
    if (this.failingMarker && pending.some((m) => m.text?.includes(this.failingMarker!))) throw new Error("turn failure injected by test");
    return super.answerPending(...args);
  }

  /** Moves the reopening of the rate window to now, instead of waiting out the minute. */
  async expireRateWindow(): Promise<void> {
    if (this.store.getValue("rateReopensAt") !== undefined) this.store.setValue("rateReopensAt", 0);
  }

  /** Moves every waiting outgoing message's next attempt to now, instead of waiting out its backoff. */
  async expireOutboxBackoff(): Promise<void> {
    this.ctx.storage.sql.exec("UPDATE messages SET meta = json_set(meta, '$.nextAttemptAt', 0) WHERE direction = 'out' AND state = 'sending' AND meta IS NOT NULL");
  }

  /** The outgoing messages as this object holds them (state and delivery bookkeeping). */
  async outgoing(): Promise<{ id: string; state: string; attempts: number; error: string | null }[]> {
    return this.ctx.storage.sql
      .exec("SELECT id, state, meta FROM messages WHERE direction = 'out' ORDER BY seq")
      .toArray()
      .map((row) => {
        const meta = row.meta ? (JSON.parse(String(row.meta)) as { attempts?: number; error?: string }) : {};
        return { id: String(row.id), state: String(row.state), attempts: meta.attempts ?? 0, error: meta.error ?? null };
      });
  }

  async breakStorage(broken: boolean): Promise<void> {
    this.storageBroken = broken;
  }

  /** Seeds the day's turn count, as if the chat had already had `turns` agent turns today. */
  async seedTurnsToday(turns: number): Promise<void> {
    this.store.setValue("turnsToday", { day: new Date().toISOString().slice(0, 10), turns });
  }

  /** Moves the handoff's start and last manager message 24 hours back and runs the alarm now. */
  async expireHandoffQuietPeriod(): Promise<void> {
    const handoff = this.store.getValue("handoff");
    if (!handoff) return;
    const past = Date.now() - 24 * 60 * 60_000;
    this.store.setValue("handoff", { ...handoff, since: past, lastManagerAt: handoff.lastManagerAt ? past : null });
    await this.ctx.storage.setAlarm(Date.now());
  }

  /** Moves every message `ms` into the past, as if the conversation had been quiet that long. */
  async ageMessages(ms: number): Promise<void> {
    this.ctx.storage.sql.exec("UPDATE messages SET received_at = received_at - ?", ms);
  }

  /**
   * Moves the outreach clocks `ms` into the past: the customer's last message, the tracked
   * quotation's showing and any cap's retry time, as if the chat had been quiet that long.
   */
  async ageOutreach(ms: number): Promise<void> {
    const last = this.store.getValue("lastCustomerAt");
    if (last !== undefined) this.store.setValue("lastCustomerAt", last - ms);
    const followUp = this.store.getValue("followUp");
    if (followUp) this.store.setValue("followUp", { ...followUp, shownAt: followUp.shownAt - ms, ...(followUp.retryAt ? { retryAt: followUp.retryAt - ms } : {}) });
  }

  /** A value as stored in the object's own storage (outreach state), to observe: read from SQLite, not the store's copy. */
  async kv(key: string): Promise<unknown> {
    const row = this.ctx.storage.sql.exec("SELECT value FROM kv WHERE key = ?", key).toArray()[0];
    return row ? (JSON.parse(String(row.value)) as unknown) : undefined;
  }

  override async receive(messages: InboundMessage[]): Promise<ReceiveResult> {
    if (this.storageBroken) throw new Error("SQLITE_IOERR: disk I/O error (injected by test)");
    return super.receive(messages);
  }
}
export { InboxEventsDurableObject } from "../src/shell/durable-objects/inbox-events";
