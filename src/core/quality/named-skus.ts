import { codesIn } from "../agent/reply-checks/figures";
import { normalizeForChecks } from "../agent/reply-checks/normalize";
import type { ReviewMessage } from "./flags/types";

/** The SKUs the agent's replies name, upper-cased: the only catalog rows a review needs (never the whole catalog). */
export function skusNamedInReplies(reviewMessages: readonly ReviewMessage[]): string[] {
  const codes = new Set<string>();
  for (const m of reviewMessages) if (m.direction === "out" && m.text) for (const code of codesIn(normalizeForChecks(m.text))) codes.add(code.toUpperCase());
  return [...codes];
}
