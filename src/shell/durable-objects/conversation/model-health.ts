import type { Database } from "../../../adapters/db/client";
import { recordModelAnswering, recordModelFailing } from "../../../adapters/db/model-status-repo";
import type { TurnOutcome } from "../../../core/agent/types";
import { describeError, log } from "../../../lib/log";
import type { ConversationHost } from "./host";
import type { Outbox } from "./outbox";

const ALERTS = {
  key_refused:
    "AI model failing: OpenRouter refused OPENROUTER_API_KEY (HTTP 401). Customers are answered by the offline salesperson, who keeps quoting and taking orders; no chat is handed over for this. Fix the key (and redeploy) to bring the model back.",
  unreachable:
    "AI model failing: OpenRouter cannot be reached. Chats whose turn fails are handed to managers with the offline catalog reply until it answers again.",
} as const;

/**
 * What a turn learned about the model, shared with every chat: a failure opens (or continues) the
 * streak `/api/v1/health` and the panel's banner report, and the chat that opened it alerts
 * managers once; any answer from the model ends it. Offline turns (no key, token cap) say nothing.
 */
export async function noteModelHealth(host: ConversationHost, outbox: Outbox, db: Database, outcome: TurnOutcome): Promise<void> {
  const failure = outcome.modelFailure;
  try {
    if (failure === "key_refused" || failure === "unreachable") {
      if (!(await recordModelFailing(db, failure, new Date()))) return;
      log("error", "model.failing", { state: failure, chat: host.maskedChat() });
      outbox.notifyManagers(`model-${failure}-${Date.now()}`, ALERTS[failure]);
    } else if (!failure && outcome.model) {
      await recordModelAnswering(db);
    }
  } catch (error) {
    // An observation, never a reason to fail the customer's turn: the next turn records it.
    log("warn", "model.health_not_recorded", describeError(error));
  }
}
