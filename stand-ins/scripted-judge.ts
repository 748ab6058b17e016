import type { ChatMessage } from "./openai-chat";

/**
 * The quality judge, played deterministically from the transcript it is given (the reviewer's
 * format: `[id] +Ns speaker: text`, with `evidence:` lines under agent replies). It scores by
 * plain signals, so a good conversation (a question asked, catalog products quoted, a quotation
 * offered, the customer's language kept, a handoff when asked) scores high and a bad one (offline
 * or corrected replies, the wrong language, a missed handoff) scores low. Tests that need a
 * malformed answer or a failure script it instead (`target: "judge"`).
 */
export function scriptedJudgment(messages: ChatMessage[]): Record<string, unknown> {
  const user = messages.filter((m) => m.role === "user").map((m) => (typeof m.content === "string" ? m.content : "")).join("\n");
  const lines = parseTranscript(user);
  const customer = lines.filter((l) => l.speaker === "customer");
  const agent = lines.filter((l) => l.speaker === "agent");
  const ids = (list: Line[]) => list.slice(0, 3).map((l) => l.id);
  const arabic = (text: string) => /[\u0600-\u06FF]/.test(text);
  const askedQuestion = agent.filter((l) => /[?؟]/.test(l.text));
  const quoted = agent.filter((l) => /[A-Z]{2,}-[A-Z0-9-]*\d/.test(l.text) || /\bAED\b|درهم/.test(l.text));
  const offered = agent.filter((l) => /quotation|عرض السعر/i.test(l.text));
  const troubled = agent.filter((l) => /offline reply|fallback|check:figure_correction| failed/.test(l.evidence));
  const wrongLanguage = agent.filter((l) => {
    const before = customer.filter((c) => c.at <= l.at).at(-1);
    return before !== undefined && arabic(before.text) !== arabic(l.text) && !(arabic(before.text) && arabic(l.text));
  });
  const askedForPerson = customer.filter((l) => /manager|human|real person|speak to|talk to|مدير|موظف|شخص/i.test(l.text));
  const handedOff = /^Handoffs: /m.test(user);
  const criteria = [
    score("needs_discovery", askedQuestion.length > 0 ? 4 : 2, askedQuestion.length > 0 ? "The assistant asked about the customer's needs." : "The assistant never asked what the customer needs.", ids(askedQuestion.length ? askedQuestion : agent)),
    score("product_fit", quoted.length > 0 ? 4 : 2, quoted.length > 0 ? "Catalog products with prices were recommended." : "No concrete product was recommended.", ids(quoted.length ? quoted : agent)),
    score("accuracy", troubled.length > 0 ? 2 : 5, troubled.length > 0 ? "Some replies were corrected, blocked or made offline." : "Replies match the tool evidence of their turns.", ids(troubled.length ? troubled : agent)),
    score("tone_language", wrongLanguage.length > 0 ? 1 : 5, wrongLanguage.length > 0 ? "Replies in another language than the customer's." : "Polite and in the customer's language.", ids(wrongLanguage.length ? wrongLanguage : agent)),
    score("next_step", offered.length > 0 ? 5 : 3, offered.length > 0 ? "A quotation was offered or shown." : "No quotation, order or visit was proposed.", ids(offered.length ? offered : agent)),
    score("handoff", askedForPerson.length === 0 ? 4 : handedOff ? 5 : 1, askedForPerson.length === 0 ? "No handoff was needed." : handedOff ? "Handed to a manager when asked." : "The customer asked for a person and was not handed off.", ids(askedForPerson)),
  ];
  const overall = Math.round(criteria.reduce((sum, c) => sum + (c.score as number), 0) / criteria.length);
  return {
    reasoning: `Read ${customer.length} customer and ${agent.length} agent messages; ${troubled.length} troubled replies, ${wrongLanguage.length} in the wrong language.`,
    criteria,
    overall,
  };
}

interface Line {
  id: string;
  at: number;
  speaker: string;
  text: string;
  evidence: string;
}

function parseTranscript(text: string): Line[] {
  const lines: Line[] = [];
  for (const raw of text.split("\n")) {
    const message = /^\[([^\]]+)\] \+(\d+)s (\w+): (.*)$/.exec(raw);
    if (message) lines.push({ id: message[1]!, at: Number(message[2]), speaker: message[3]!, text: message[4]!, evidence: "" });
    else if (raw.startsWith("    evidence: ") && lines.length) lines[lines.length - 1]!.evidence = raw.slice(14);
    else if (lines.length && !raw.startsWith("Handoffs:") && !raw.startsWith("Quotations confirmed:")) lines[lines.length - 1]!.text += `\n${raw}`;
  }
  return lines;
}

function score(criterion: string, value: number, reason: string, messageIds: string[]) {
  return { criterion, reason, messageIds, score: value };
}
