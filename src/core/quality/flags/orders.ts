import { isConfirmation } from "../../domain/quotation";
import { CLOCK_SLACK_MS, type QualityFlag, type ReviewInput } from "./types";

/**
 * `order_without_confirmation`: a quotation became confirmed (or ordered) without a customer
 * message, after it was shown and before it was confirmed, that is an explicit confirmation. A
 * manager confirming for the customer is their call, not the agent's.
 */
export function orderWithoutConfirmation(input: Pick<ReviewInput, "messages" | "quotations">): QualityFlag[] {
  const flags: QualityFlag[] = [];
  for (const quotation of input.quotations) {
    if (quotation.confirmedAt === null || quotation.confirmedBy === "manager") continue;
    const shownAt = quotation.shownAt ?? Number.POSITIVE_INFINITY;
    const answers = input.messages.filter((m) => m.direction === "in" && m.sentAt > shownAt - CLOCK_SLACK_MS && m.sentAt <= quotation.confirmedAt! + CLOCK_SLACK_MS);
    if (answers.some((m) => m.text && isConfirmation(m.text))) continue;
    const evidence = input.messages.filter((m) => m.direction === "out" && m.clientMessageId?.startsWith(`order-${quotation.id}`)).map((m) => m.id);
    const lastBefore = input.messages.filter((m) => m.direction === "in" && m.sentAt <= quotation.confirmedAt! + CLOCK_SLACK_MS).at(-1);
    flags.push({
      flag: "order_without_confirmation",
      messageIds: [...(lastBefore ? [lastBefore.id] : []), ...evidence],
      detail: `Quotation ${quotation.number} was ${quotation.state} without the customer's explicit confirmation after it was shown.`,
    });
  }
  return flags;
}
