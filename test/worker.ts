import type { IncomingMessage } from "../src/domain/message";
import { ConversationDurableObject as ProductionConversation, type ReceiveResult } from "../durable-objects/conversation";

export { default } from "../src/index";

/**
 * The production conversation object plus one test probe: `breakStorage` makes the next stores
 * fail the way a storage outage does, so the webhook's 5xx path can be exercised end to end.
 */
export class ConversationDurableObject extends ProductionConversation {
  private storageBroken = false;

  async breakStorage(broken: boolean): Promise<void> {
    this.storageBroken = broken;
  }

  override async receive(messages: IncomingMessage[]): Promise<ReceiveResult> {
    if (this.storageBroken) throw new Error("SQLITE_IOERR: disk I/O error (injected by test)");
    return super.receive(messages);
  }
}
