import type { ReviewInput, ReviewMessage } from "../../src/core/quality/flags/types";

/** A conversation built line by line: `t` is seconds from its start. */
export function chat(lines: Array<[t: number, who: "customer" | "agent" | "manager" | "system", text: string, clientMessageId?: string]>, extra: Partial<ReviewInput> = {}): ReviewInput {
  const messages: ReviewMessage[] = lines.map(([t, who, text, clientMessageId], n) => ({
    id: `m${n + 1}`,
    clientMessageId: clientMessageId ?? (who === "customer" ? null : `out-${n + 1}`),
    direction: who === "customer" ? "in" : "out",
    author: who,
    text,
    sentAt: T0 + t * 1000,
  }));
  return {
    messages,
    turns: [],
    handoffs: [],
    quotations: [],
    catalog: [],
    settings: { slowFirstReplySeconds: 60, maxDiscountPercent: 0, vatPercent: 5 },
    ...extra,
  };
}

export const T0 = Date.UTC(2026, 10, 1, 9, 0, 0);
export const at = (seconds: number) => T0 + seconds * 1000;
