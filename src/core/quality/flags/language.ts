import { detectLanguage, type Language } from "../../domain/language";
import { agentReplies, type QualityFlag, type ReviewInput } from "./types";

const ARABIC_LETTER = /[\u0600-\u06FF]/;

/**
 * `wrong_language`: an agent reply not in the language of the customer's latest worded message
 * before it. An Arabic customer's reply must contain Arabic (product names and SKUs stay Latin,
 * so a Latin-heavy Arabic reply is fine); an English customer's reply must not be mostly Arabic.
 */
export function wrongLanguage(input: Pick<ReviewInput, "messages">): QualityFlag[] {
  const flags: QualityFlag[] = [];
  for (const reply of agentReplies(input)) {
    const expected = customerLanguageBefore(input, reply.sentAt);
    if (!expected) continue;
    const text = reply.text ?? "";
    const wrong = expected === "ar" ? !ARABIC_LETTER.test(text) : detectLanguage(text) === "ar";
    if (wrong) flags.push({ flag: "wrong_language", messageIds: [reply.id], detail: `The customer wrote in ${name(expected)}; this reply is not in ${name(expected)}.` });
  }
  return flags;
}

function customerLanguageBefore(input: Pick<ReviewInput, "messages">, before: number): Language | undefined {
  const earlier = input.messages.filter((m) => m.direction === "in" && m.text && m.sentAt <= before);
  for (let i = earlier.length - 1; i >= 0; i--) {
    const language = detectLanguage(earlier[i]!.text!);
    if (language) return language;
  }
  return undefined;
}

function name(language: Language): string {
  return language === "ar" ? "Arabic" : "English";
}
