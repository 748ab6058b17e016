import { groundingCorrection, offlineFallback } from "./trace";
import { handoffMissed } from "./handoff";
import { wrongLanguage } from "./language";
import { orderWithoutConfirmation } from "./orders";
import { priceMismatch } from "./prices";
import { repeatedReply, unansweredQuestion } from "./answers";
import { slowFirstReply } from "./timing";
import type { QualityFlag, ReviewInput } from "./types";

export { CRITICAL_FLAGS, FLAG_NAMES, type FlagName, type QualityFlag, type ReviewInput } from "./types";

/** Every code check over one conversation, in a fixed order: deterministic, no I/O. */
export function runChecks(input: ReviewInput): QualityFlag[] {
  return [
    ...wrongLanguage(input),
    ...slowFirstReply(input),
    ...groundingCorrection(input),
    ...offlineFallback(input),
    ...handoffMissed(input),
    ...unansweredQuestion(input),
    ...repeatedReply(input),
    ...priceMismatch(input),
    ...orderWithoutConfirmation(input),
  ];
}
