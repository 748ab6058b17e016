import type { IncomingMessage } from "../src/domain/message";
import { ConversationDurableObject as ProductionConversation, type ReceiveResult } from "../durable-objects/conversation";

export { default } from "../src/index";

/**
 * The production conversation object plus test probes: `breakStorage` makes the next stores fail
 * the way a storage outage does, so the webhook's 5xx path can be exercised end to end;
 * `seedTurnsToday` sets up a chat that has used its daily budget.
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

  override async receive(messages: IncomingMessage[]): Promise<ReceiveResult> {
    if (this.storageBroken) throw new Error("SQLITE_IOERR: disk I/O error (injected by test)");
    return super.receive(messages);
  }
}
