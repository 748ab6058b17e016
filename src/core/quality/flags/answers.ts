import { normalizeArabic } from "../../domain/language";
import type { QualityFlag, ReviewInput, ReviewMessage } from "./types";
import { agentReplies, handedOffSince } from "./types";

const QUESTION_START = /^(what|which|how|when|where|who|why|do|does|did|is|are|can|could|would|will|should|have|has)\b|^(هل|ما|ماذا|كم|متى|اين|كيف|لماذا|من|ايش|شو|وش)\s/;
/** Questions a figure answers: a reply with a number addresses them. */
const ASKS_FOR_FIGURE = /price|cost|how much|how many|stock|available|deliver|when|discount|warranty|سعر|كم|متوفر|توصيل|متى|ضمان|خصم/;
const STOPWORDS = new Set([
  "what", "which", "with", "have", "your", "this", "that", "there", "about", "could", "would", "should", "please", "need", "want", "does",
  "many", "much", "they", "them", "from", "will", "when", "where", "also", "just", "some", "tell", "know", "like", "here",
  "هل", "ماذا", "عندكم", "لديكم", "ممكن", "اريد", "احتاج", "كيف", "متى", "لكم", "هذا", "هذه",
]);

/**
 * `unanswered_question`: a customer question followed by an agent reply that does not address it.
 * Simple rules: the reply shares a content word with the question, or gives a figure when one was
 * asked for, or asks back (a clarifying question); a handoff or a manager's reply answers it too.
 * A question left with no reply at all while no manager has the chat is flagged as well.
 */
export function unansweredQuestion(input: Pick<ReviewInput, "messages" | "handoffs">): QualityFlag[] {
  const flags: QualityFlag[] = [];
  const { messages } = input;
  messages.forEach((message, index) => {
    if (message.direction !== "in" || !message.text || !isQuestion(message.text)) return;
    // The next answer after it (in a burst, the one reply after the customer's following messages).
    const reply = messages.slice(index + 1).find((m) => m.direction === "out" && m.author !== "system");
    if (reply?.author === "manager") return;
    const handedOff = handedOffSince(input, message.sentAt);
    if (!reply) {
      if (!handedOff) flags.push({ flag: "unanswered_question", messageIds: [message.id], detail: "A customer question got no reply." });
      return;
    }
    if (handedOff || addresses(message.text, reply)) return;
    flags.push({ flag: "unanswered_question", messageIds: [message.id, reply.id], detail: "The reply does not address the customer's question." });
  });
  return flags;
}

/** `repeated_reply`: the agent sent the same reply (same words, any spacing or case) twice. */
export function repeatedReply(input: Pick<ReviewInput, "messages">): QualityFlag[] {
  const seen = new Map<string, ReviewMessage>();
  const flags: QualityFlag[] = [];
  for (const reply of agentReplies(input)) {
    const key = normalizeArabic(reply.text!).toLowerCase().replace(/\s+/g, " ").trim();
    if (key.length < 15) continue;
    const first = seen.get(key);
    if (first) flags.push({ flag: "repeated_reply", messageIds: [first.id, reply.id], detail: "The agent sent the same reply again." });
    else seen.set(key, reply);
  }
  return flags;
}

export function isQuestion(text: string): boolean {
  const normalized = normalizeArabic(text).toLowerCase().trim();
  return /[?؟]/.test(normalized) || QUESTION_START.test(normalized);
}

function addresses(question: string, reply: ReviewMessage): boolean {
  const replyText = normalizeArabic(reply.text ?? "").toLowerCase();
  if (/[?؟]/.test(replyText)) return true;
  const asked = normalizeArabic(question).toLowerCase();
  if (ASKS_FOR_FIGURE.test(asked) && /\d/.test(replyText)) return true;
  const replyWords = new Set(contentWords(replyText));
  return contentWords(asked).some((word) => replyWords.has(word));
}

/** Words of four letters or more that carry meaning, cut to five letters so "chairs" meets "chair"; Arabic "ال" dropped. */
function contentWords(text: string): string[] {
  return (text.match(/[\p{L}]+/gu) ?? [])
    .map((word) => word.replace(/^ال(?=\p{L}{3})/u, ""))
    .filter((word) => word.length >= 4 && !STOPWORDS.has(word))
    .map((word) => word.slice(0, 5));
}
