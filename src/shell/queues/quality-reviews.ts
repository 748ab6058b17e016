import { servicesFor } from "../composition";
import { describeError, log } from "../../lib/log";
import { conversationForReview, giveUpReview } from "../../adapters/db/quality-repo";
import { qualityJobSchema, ReviewInProgress, reviewConversation } from "../../app/quality/review";

/** Longest wait between redeliveries of a review whose database or alert failed. */
const MAX_RETRY_S = 15 * 60;

/**
 * Conversation quality reviews, each message acked or retried on its own. A malformed job is
 * acknowledged (a retry cannot fix it). A failure of the review itself (Postgres, the alert) is
 * retried with backoff; after the queue's last retry it lands in the dead-letter queue. The
 * judge's own failures do not get here: the review records them as a failed review.
 */
export async function handleQualityBatch(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  const services = servicesFor(env);
  for (const message of batch.messages) {
    const job = qualityJobSchema.safeParse(message.body);
    if (!job.success) {
      log("error", "quality.malformed_job", { messageId: message.id });
      message.ack();
      continue;
    }
    try {
      const review = await services.database((db) =>
        reviewConversation(
          {
            config: services.config,
            db,
            judge: services.qualityModel(),
            notifyManagers: (conversation, idPrefix, text) => services.stubs.conversation(conversation).notifyManagers(idPrefix, text),
          },
          job.data,
        ),
      );
      log("info", "quality.reviewed", { conversationId: job.data.conversationId, version: job.data.version, status: review?.status ?? "no_conversation", judge: review?.judgeStatus, flags: review?.flags.length ?? 0 });
      message.ack();
    } catch (error) {
      if (error instanceof ReviewInProgress) {
        log("info", "quality.review_in_progress", { conversationId: job.data.conversationId, version: job.data.version });
        message.retry({ delaySeconds: 30 });
        continue;
      }
      log("warn", "quality.review_failed", { ...describeError(error), conversationId: job.data.conversationId, attempts: message.attempts });
      message.retry({ delaySeconds: Math.min(MAX_RETRY_S, 10 * 2 ** Math.min(message.attempts - 1, 10)) });
    }
  }
}

/**
 * Reviews the queue gave up on (every retry failed): each is recorded as a failed review with the
 * reason, so the Quality screen shows it instead of a review queued for ever. A database failure
 * here is retried by the dead-letter queue's own consumer settings.
 */
export async function handleQualityDeadLetters(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  const services = servicesFor(env);
  for (const message of batch.messages) {
    const job = qualityJobSchema.safeParse(message.body);
    if (!job.success) {
      log("error", "quality.dead_letter", { messageId: message.id, job: "malformed" });
      message.ack();
      continue;
    }
    const { conversationId, version, trigger, promptVersion } = job.data;
    try {
      const exists = await services.database(async (db) => {
        const found = await conversationForReview(db, conversationId);
        if (found) await giveUpReview(db, { conversationId, messagesVersion: version, trigger, promptVersion, channel: found.channel, language: found.language }, "the review could not be completed: every delivery of its job failed (dead-lettered)");
        return found !== null;
      });
      log("error", "quality.dead_letter", { conversationId, version, recorded: exists });
      message.ack();
    } catch (error) {
      log("warn", "quality.dead_letter_failed", { ...describeError(error), conversationId });
      message.retry();
    }
  }
}
