import { isAnswerable } from "../../../core/channels/address";
import type { AgentSettings } from "../../../core/domain/settings";
import { describeError, log } from "../../../lib/log";
import type { QualityJob } from "../../../app/quality/review";
import type { ConversationHost } from "./host";
import type { ReviewTrigger } from "./state";

/** After a failed send to the queue, the next try. */
const SEND_RETRY_MS = 60_000;

type Trigger = ReviewTrigger;

/**
 * When this conversation is reviewed: after `qualityReviewQuietMinutes` of quiet since its last
 * message, and at once after a handoff or a sale order; again only once it has more messages. It
 * reports a wake-up time to the object (which keeps the one alarm) and sends the job when due.
 * The review is keyed by conversation and message count in Postgres, so a repeat is harmless.
 */
export class QualityScheduler {
  constructor(
    private readonly host: ConversationHost,
    private readonly send: (job: QualityJob) => Promise<void>,
  ) {}

  /** A handoff or a sale order: review as soon as the conversation is mirrored. */
  reviewSoon(trigger: Trigger): void {
    this.host.store.setValue("qualityUrgent", trigger);
  }

  /** When the next review is due, or null when the current version was already sent. */
  dueAt(settings: AgentSettings): number | null {
    const { store } = this.host;
    const chat = this.host.chat();
    // Group chats and other chats the agent never answers have nothing to review.
    if (!chat || !isAnswerable(chat) || !store.getValue("conversationId")) return null;
    const { count, lastAt } = store.reviewable();
    if (count === 0 || lastAt === null || count <= (store.getValue("qualitySentVersion") ?? 0)) return null;
    const retryAt = store.getValue("qualityRetryAt") ?? 0;
    const due = store.getValue("qualityUrgent") ? 0 : lastAt + settings.qualityReviewQuietMinutes * 60_000;
    return Math.max(due, retryAt);
  }

  /** Sends the job when due and everything is in Postgres; a failed send is tried again a minute later. */
  async sendIfDue(settings: AgentSettings, now: number): Promise<void> {
    const { store } = this.host;
    const due = this.dueAt(settings);
    if (due === null || due > now || store.hasUnsynced()) return;
    const version = store.reviewable().count;
    const trigger = store.getValue("qualityUrgent") ?? "quiet";
    try {
      await this.send({ conversationId: store.getValue("conversationId")!, version, trigger, promptVersion: store.getValue("promptVersion") ?? null });
      store.setValue("qualitySentVersion", version);
      store.deleteValue("qualityUrgent");
      store.deleteValue("qualityRetryAt");
    } catch (error) {
      store.setValue("qualityRetryAt", now + SEND_RETRY_MS);
      log("warn", "quality.enqueue_failed", { ...describeError(error), chat: this.host.maskedChat() });
    }
  }
}
