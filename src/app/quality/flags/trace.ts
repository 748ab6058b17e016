import { FIGURE_CORRECTION_CALL } from "../../../core/agent/types";
import type { QualityFlag, ReviewInput, ReviewTurn } from "../../../core/quality/flags/types";

/** Offline replies that are the design, not a fallback: a declined off-topic request, a photo answered without a model. */
const BY_DESIGN = new Set(["off-topic request declined", "media without text", "ungrounded price"]);

/**
 * `grounding_correction`: a draft stated a figure the tools did not support, and was corrected
 * (sent back to the model once) or replaced by the offline reply.
 */
export function groundingCorrection(input: Pick<ReviewInput, "messages" | "turns">): QualityFlag[] {
  const flags: QualityFlag[] = [];
  for (const turn of input.turns) {
    const corrected = turn.toolCalls.some((call) => call.name === FIGURE_CORRECTION_CALL);
    const replaced = turn.fallbackReason === "ungrounded price";
    if (!corrected && !replaced) continue;
    const detail = replaced ? "The model's draft stated an unsupported figure and was replaced by the offline reply." : "The model's draft stated an unsupported figure and was corrected.";
    flags.push({ flag: "grounding_correction", messageIds: replyMessageIds(input, turn), detail });
  }
  return flags;
}

/** `offline_fallback`: a reply made without the model when the model should have made it (failure, no key, token cap, a blocked draft). */
export function offlineFallback(input: Pick<ReviewInput, "messages" | "turns">): QualityFlag[] {
  return input.turns
    .filter((turn) => turn.mode === "offline" && turn.fallbackReason !== null && !BY_DESIGN.has(turn.fallbackReason))
    .map((turn) => ({ flag: "offline_fallback" as const, messageIds: replyMessageIds(input, turn), detail: `Offline reply: ${turn.fallbackReason}.` }));
}

/** The reply's message ids (a long reply is sent in parts `reply-…#2`, `#3`). */
function replyMessageIds(input: Pick<ReviewInput, "messages">, turn: ReviewTurn): string[] {
  return input.messages.filter((m) => m.clientMessageId === turn.replyId || m.clientMessageId?.startsWith(`${turn.replyId}#`)).map((m) => m.id);
}
