import type { InboundMessage } from "../src/channels/channel";
import { ConversationDurableObject as ProductionConversation, type ReceiveResult } from "../durable-objects/conversation";
import { ZohoGatewayDurableObject as ProductionZohoGateway } from "../durable-objects/zoho-gateway";

export { default } from "../src/index";

/**
 * The production conversation object plus test probes: `breakStorage` makes the next stores fail
 * the way a storage outage does, so the webhook's 5xx path can be exercised end to end;
 * `seedTurnsToday` sets up a chat that has used its daily budget; `expireHandoffQuietPeriod`
 * moves a handoff's clock back instead of waiting out the quiet period.
 */
export class ConversationDurableObject extends ProductionConversation {
  private storageBroken = false;

  async breakStorage(broken: boolean): Promise<void> {
    this.storageBroken = broken;
  }

  /** Seeds the day's turn count, as if the chat had already had `turns` agent turns today. */
  async seedTurnsToday(turns: number): Promise<void> {
    await this.ctx.storage.sql.exec(
      "INSERT INTO kv (key, value) VALUES ('turnsToday', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
      JSON.stringify({ day: new Date().toISOString().slice(0, 10), turns }),
    );
  }

  /** Moves the handoff's start and last manager message an hour back and runs the alarm soon. */
  async expireHandoffQuietPeriod(): Promise<void> {
    const row = this.ctx.storage.sql.exec("SELECT value FROM kv WHERE key = 'handoff'").toArray()[0];
    const handoff = row ? (JSON.parse(String(row.value)) as { since: number; lastManagerAt: number | null } | null) : null;
    if (!handoff) return;
    const past = Date.now() - 24 * 60 * 60_000;
    this.ctx.storage.sql.exec("UPDATE kv SET value = ? WHERE key = 'handoff'", JSON.stringify({ ...handoff, since: past, lastManagerAt: handoff.lastManagerAt ? past : null }));
    await this.ctx.storage.setAlarm(Date.now());
  }

  override async receive(messages: InboundMessage[]): Promise<ReceiveResult> {
    if (this.storageBroken) throw new Error("SQLITE_IOERR: disk I/O error (injected by test)");
    return super.receive(messages);
  }
}

/** The production Zoho gateway plus `forget`, which drops the cached token and throttling state between tests. */
export class ZohoGatewayDurableObject extends ProductionZohoGateway {
  async forget(): Promise<void> {
    this.current = undefined;
    this.grants = [];
    this.deniedUntil = 0;
    this.nextSlot = new Map();
    this.heldUntil = new Map();
    await this.ctx.storage.deleteAll();
  }
}
