import { groundingCorrection, offlineFallback } from "./trace";
import { handoffMissed } from "./handoff";
import { wrongLanguage } from "../../../core/quality/flags/language";
import { orderWithoutConfirmation } from "../../../core/quality/flags/orders";
import { priceMismatch } from "../../../core/quality/flags/prices";
import { repeatedReply, unansweredQuestion } from "../../../core/quality/flags/answers";
import { slowFirstReply } from "../../../core/quality/flags/timing";
import type { QualityFlag, ReviewInput } from "../../../core/quality/flags/types";

export { CRITICAL_FLAGS, FLAG_NAMES, type FlagName, type QualityFlag, type ReviewInput } from "../../../core/quality/flags/types";

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
